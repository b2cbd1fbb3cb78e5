// A datagram was cut by recvfrom(bufsize): any socket, or the named server's exchange only.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'udp-truncated',
  params: z.strictObject({ server: z.optional(LabServerNameSchema) }),
  check: udpTruncated,
});

function udpTruncated(input: RuleInput, { server }: { server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  for (const { seq, event: e } of input.trace) {
    if (e.type !== 'udp.received' || !e.truncated) continue;
    if (!lab || e.sock === lab.sock || e.from.port === lab.port) return passed(seq);
  }
  return NOT_YET;
}
