// A sentence with Hangul went out from a page socket and came back on it (from the named server).
import { z } from '../../../protocol/zod.js';
import { base64ToBytes } from '../../../protocol/base64.js';
import { concatBytes } from '../../../protocol/bytes.js';
import { LabServerNameSchema } from '../../../protocol/lab-servers.js';
import { NOT_YET, passed, isPage, serverNamed, decode, text, hangulOf, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'korean-roundtrip',
  params: z.strictObject({ proto: z.optional(z.enum(['udp', 'tcp'])), server: z.optional(LabServerNameSchema) }),
  check: koreanRoundtrip,
});

function koreanRoundtrip(input: RuleInput, { proto, server }: { proto?: 'udp' | 'tcp'; server?: string }): RuleResult {
  const lab = server === undefined ? undefined : serverNamed(input, server);
  if (server !== undefined && !lab) return NOT_YET;
  // per page socket: the Hangul it last sent, and the text received on it since
  const sent = new Map<string, { hangul: string; received: Uint8Array }>();
  const connectedTo = new Map<string, number>();
  for (const { seq, event: e } of input.trace) {
    if (!('sock' in e) || !isPage(e.sock)) continue;
    const kind = e.type.startsWith('udp.') ? 'udp' : 'tcp';
    if (proto !== undefined && kind !== proto) continue;
    if (e.type === 'tcp.connected') connectedTo.set(e.sock, e.remote.port);
    else if ((e.type === 'udp.sent' || e.type === 'tcp.sent') && e.size > 0) {
      const hangul = hangulOf(text(e.data));
      if (hangul) sent.set(e.sock, { hangul, received: new Uint8Array() });
    } else if (e.type === 'udp.received' || e.type === 'tcp.received') {
      const waiting = sent.get(e.sock);
      const from = e.type === 'udp.received' ? e.from.port : connectedTo.get(e.sock);
      if (!waiting || (lab && from !== lab.port)) continue;
      // a datagram is whole; a TCP reply may come in pieces, cut even inside a character, so
      // gather the bytes and decode them together
      const bytes = base64ToBytes(e.data);
      waiting.received = e.type === 'udp.received' ? bytes : concatBytes(waiting.received, bytes);
      if (hangulOf(decode(waiting.received)).includes(waiting.hangul)) return passed(seq);
    }
  }
  return NOT_YET;
}
