// `count` page connections to the server were open at once and every one of them got a reply.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, isPage, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-concurrent-clients',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'echo-concurrent'), count: z._default(z.int().check(z.minimum(2), z.maximum(16)), 3) }),
  check: tcpConcurrentClients,
});

function tcpConcurrentClients(input: RuleInput, { server, count }: { server: string; count: number }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const open = new Set<string>();
  const answered = new Set<string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port) open.add(e.sock);
    else if (e.type === 'tcp.received' && open.has(e.sock)) {
      answered.add(e.sock);
      if (answered.size >= count) return passed(seq);
    } else if (e.type === 'tcp.finSent' || e.type === 'socket.closed') {
      open.delete(e.sock);
      answered.delete(e.sock);
    }
  }
  return NOT_YET;
}
