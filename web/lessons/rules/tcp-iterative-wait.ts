// Two page clients of an iterative server: the second sent while the first was connected and got
// its reply only after the first closed (lesson 5).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { acceptTimeline } from '../../framing/timeline.js';
import { NOT_YET, passed, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-iterative-wait',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'echo-iterative') }),
  check: tcpIterativeWait,
});

function tcpIterativeWait(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const rows = acceptTimeline(input.trace, lab);
  // B connected while A was open, sent while A was open, and its first reply came after A ended
  let best: number | undefined;
  for (const a of rows) {
    if (a.closedAt === undefined) continue;
    for (const b of rows) {
      if (b === a || b.connectedAt < a.connectedAt || b.connectedAt > a.closedAt) continue;
      if (b.firstSentAt === undefined || b.firstSentAt > a.closedAt) continue;
      if (b.firstReplyAt === undefined || b.firstReplyAt < a.closedAt || b.firstReplySeq === undefined) continue;
      best = Math.min(best ?? Infinity, b.firstReplySeq);
    }
  }
  return best === undefined ? NOT_YET : passed(best);
}
