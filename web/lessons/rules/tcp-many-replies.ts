// One page connection to the server had `count` send-then-reply turns (a persistent connection).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, isPage, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-many-replies',
  params: z.strictObject({ server: LabServerNameSchema, count: z._default(z.int().check(z.minimum(2), z.maximum(100)), 2) }),
  check: tcpManyReplies,
});

function tcpManyReplies(input: RuleInput, { server, count }: { server: string; count: number }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  // per page socket connected to the server: how many send-then-reply turns it had
  const turns = new Map<string, { sent: boolean; replies: number }>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connected' && isPage(e.sock) && e.remote.port === lab.port) turns.set(e.sock, { sent: false, replies: 0 });
    const turn = 'sock' in e && e.sock !== undefined ? turns.get(e.sock) : undefined;
    if (!turn) continue;
    if (e.type === 'tcp.sent' && e.size > 0) turn.sent = true;
    else if (e.type === 'tcp.received' && turn.sent) {
      turn.sent = false;
      if (++turn.replies >= count) return passed(seq);
    } else if (e.type === 'socket.closed') turns.delete(e.sock);
  }
  return NOT_YET;
}
