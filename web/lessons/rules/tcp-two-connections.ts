// One welcoming socket (the named server's, or any) had two connection sockets open at once.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-two-connections',
  params: z.strictObject({ server: z.optional(LabServerNameSchema) }),
  check: tcpTwoConnections,
});

function tcpTwoConnections(input: RuleInput, { server }: { server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  const open = new Map<string, Set<string>>(); // welcoming socket -> its open connection sockets
  const parentOf = new Map<string, string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.accepted' && (!lab || e.sock === lab.sock)) {
      const conns = open.get(e.sock) ?? new Set<string>();
      conns.add(e.conn);
      open.set(e.sock, conns);
      parentOf.set(e.conn, e.sock);
      if (conns.size >= 2) return passed(seq);
    } else if (e.type === 'socket.closed') {
      open.get(parentOf.get(e.sock) ?? '')?.delete(e.sock);
      open.delete(e.sock); // a closed welcoming socket's connections count no more
    }
  }
  return NOT_YET;
}
