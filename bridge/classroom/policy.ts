// What a student's socket may reach: the lab's own servers and the sockets classmates opened, on
// loopback. Nothing else on the instructor's machine or network, whatever --allow says.
import { DestinationPolicy, type Verdict } from '../policy.js';

export class StudentPolicy extends DestinationPolicy {
  constructor(private readonly reachable: (proto: 'udp' | 'tcp', address: string, port: number) => boolean) {
    // the instructor's --allow and --allow-port do not apply to students
    super({ allow: [], allowPorts: [] });
  }

  override async resolve(host: string, port: number, proto: 'udp' | 'tcp' = 'udp'): Promise<Verdict> {
    const verdict = await super.resolve(host, port, proto);
    if (!verdict.ok || this.reachable(proto, verdict.address, port)) return verdict;
    return {
      ok: false,
      code: 'LAB_DESTINATION_DENIED',
      message: `In class you reach the lab's servers and the sockets your classmates opened; ${proto.toUpperCase()} ${verdict.address}:${port} is neither.`,
    };
  }
}
