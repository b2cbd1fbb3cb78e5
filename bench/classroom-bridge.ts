// The real bridge in classroom mode for `npm run bench:classroom`. The class listens on 127.0.0.2,
// another loopback address of this machine (the command line refuses loopback for --classroom;
// the benchmark must stay on this machine), so 200 students can join from 127.0.1.x each.
import { randomBytes } from 'node:crypto';
import { LAB_SERVERS } from '../bridge/lab/index.js';
import { DEFAULT_CONFIG, startBridge } from '../bridge/server.js';

export const BENCH_CLASS_ADDRESS = '127.0.0.2';
export const BENCH_JOIN_CODE = 'K7M-4QX';

export async function startClassroomBridge(): Promise<{ port: number; udpUpper: number; close(): Promise<void> }> {
  const bridge = await startBridge({
    ...DEFAULT_CONFIG,
    port: 0,
    token: randomBytes(32).toString('base64url'),
    servers: Object.fromEntries(LAB_SERVERS.map((s) => [s.name, s.name === 'udp-upper' ? 0 : ('off' as const)])),
    classroom: { address: BENCH_CLASS_ADDRESS, code: BENCH_JOIN_CODE },
  });
  const udpUpper = bridge.servers.find((s) => s.name === 'udp-upper')!.port;
  return { port: bridge.port, udpUpper, close: () => bridge.close() };
}
