// A page socket sent a ping ("Ping n time") and its reply did not come within `within` seconds:
// "Request timed out" (lesson 9).
import { z } from '../../../protocol/zod.js';
import { baseSocketId } from '../../../protocol/socket-ids.js';
import { NOT_YET, passed, isPage, text, SECOND, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'pinger-timeout',
  params: z.strictObject({ within: z._default(z.number().check(z.positive(), z.maximum(30)), 1) }),
  check: pingerTimeout,
});

const pingNumber = (data: string): number | undefined => {
  const m = /^PING (\d+) /i.exec(text(data));
  return m ? Number(m[1]) : undefined;
};

function pingerTimeout(input: RuleInput, { within }: { within: number }): RuleResult {
  // a relay forwards pings and replies: a socket (or a sibling, "path" and "path~1") that passes
  // on a ping it received is not a pinger waiting for its answer
  const forwarded = new Set<string>();
  const base = baseSocketId;
  let pending: { seq: number; sock: string; n: number; deadline: number }[] = [];
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'relay.started') forwarded.add(e.sock);
    if (e.type !== 'udp.sent' && e.type !== 'udp.received') continue;
    const n = pingNumber(e.data);
    if (n === undefined) continue;
    if (e.type === 'udp.received') {
      forwarded.add(`${base(e.sock)} ${n}`);
      pending = pending.filter((p) => !(p.sock === e.sock && p.n === n && e.t <= p.deadline));
    } else if (isPage(e.sock) && !forwarded.has(base(e.sock)) && !forwarded.has(`${base(e.sock)} ${n}`)) {
      pending.push({ seq, sock: e.sock, n, deadline: e.t + within * SECOND });
    }
  }
  const timedOut = pending.find((p) => input.now >= p.deadline);
  if (timedOut) return passed(timedOut.seq);
  return pending.length === 0 ? NOT_YET : { passed: false, recheckAt: Math.min(...pending.map((p) => p.deadline)) };
}
