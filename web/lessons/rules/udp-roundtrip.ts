// A page UDP socket sent to the named lab server and received its reply.
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, isPage, serverNamed, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'udp-roundtrip',
  params: z.strictObject({ server: z._default(LabServerNameSchema, 'udp-upper') }),
  check: udpRoundtrip,
});

export function udpRoundtrip(input: RuleInput, { server }: { server: string }): RuleResult {
  const lab = serverNamed(input, server);
  if (!lab) return NOT_YET;
  const waiting = new Set<string>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'udp.sent' && isPage(e.sock) && e.to.port === lab.port) waiting.add(e.sock);
    else if (e.type === 'udp.received' && waiting.has(e.sock) && e.from.port === lab.port) return passed(seq);
  }
  return NOT_YET;
}
