// A page TCP socket connected to the named lab server, sent, and received the reply.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, isPage, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-roundtrip',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'tcp-upper') }),
  check: tcpRoundtrip,
});

export function tcpRoundtrip(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  // per page socket: connected to the server, then sent; a reply on it then passes
  const step = new Map<string, 'connected' | 'sent'>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock)) {
      if (e.remote.port === lab.port) step.set(e.sock, 'connected');
    } else if (e.type === 'tcp.sent' && step.get(e.sock) === 'connected') step.set(e.sock, 'sent');
    else if (e.type === 'tcp.received' && step.get(e.sock) === 'sent') return passed(seq);
    else if (e.type === 'socket.closed') step.delete(e.sock);
  }
  return NOT_YET;
}
