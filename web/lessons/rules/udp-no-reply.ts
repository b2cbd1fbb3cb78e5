// A page UDP socket sent (to `port`, or anywhere) and no reply came from there within `within` s.
import { z } from '../../../protocol/zod.js';
import { NOT_YET, passed, isPage, SECOND, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'udp-no-reply',
  params: z.strictObject({ within: z._default(z.number().check(z.positive(), z.maximum(60)), 2), port: z.optional(z.int().check(z.minimum(0), z.maximum(65535))) }),
  check: udpNoReply,
});

function udpNoReply(input: RuleInput, { within, port }: { within: number; port?: number }): RuleResult {
  // sends still waiting for an answer from where they went; one that waited out its window passes
  let pending: { seq: number; sock: string; port: number; deadline: number }[] = [];
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'udp.sent' && isPage(e.sock) && (port === undefined || e.to.port === port)) {
      pending.push({ seq, sock: e.sock, port: e.to.port, deadline: e.t + within * SECOND });
    } else if (e.type === 'udp.received') {
      pending = pending.filter((p) => !(p.sock === e.sock && p.port === e.from.port && e.t <= p.deadline));
    }
  }
  const silent = pending.find((p) => input.now >= p.deadline);
  if (silent) return passed(silent.seq);
  return pending.length === 0 ? NOT_YET : { passed: false, recheckAt: pending.reduce((soonest, p) => Math.min(soonest, p.deadline), Infinity) };
}
