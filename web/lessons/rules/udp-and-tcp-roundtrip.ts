// A page UDP socket and a page TCP socket each got the reply of their lab server (the textbook's
// two uppercase servers, both on port 12000).
import { z } from '../../../protocol/zod.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, defineRule, type RuleInput, type RuleResult } from './rule.js';
import { udpRoundtrip } from './udp-roundtrip.js';
import { tcpRoundtrip } from './tcp-roundtrip.js';

export default defineRule({
  name: 'udp-and-tcp-roundtrip',
  params: z.strictObject({ udp: z._default(LabServerNameSchema, 'udp-upper'), tcp: z._default(LabServerNameSchema, 'tcp-upper') }),
  check: udpAndTcpRoundtrip,
});

function udpAndTcpRoundtrip(input: RuleInput, { udp, tcp }: { udp: string; tcp: string }): RuleResult {
  const overUdp = udpRoundtrip(input, { server: udp });
  const overTcp = tcpRoundtrip(input, { server: tcp });
  return overUdp.passed && overTcp.passed ? passed(Math.max(overUdp.seq, overTcp.seq)) : NOT_YET;
}
