// A page's connect() failed with ECONNREFUSED (to `port`, if given).
import { z } from '../../../protocol/zod.js';
import { NOT_YET, passed, isPage, defineRule, type RuleInput, type RuleResult } from './rule.js';

export default defineRule({
  name: 'tcp-refused',
  params: z.strictObject({ port: z.optional(z.int().check(z.minimum(0), z.maximum(65535))) }),
  check: tcpRefused,
});

function tcpRefused(input: RuleInput, { port }: { port?: number }): RuleResult {
  // which port a failed connect aimed at is in its tcp.connecting event
  const aimed = new Map<string, number>();
  for (const { seq, event: e } of input.trace) {
    if (e.type === 'tcp.connecting' && isPage(e.sock)) aimed.set(e.sock, e.remote.port);
    if (e.type !== 'socket.error' || e.code !== 'ECONNREFUSED' || !isPage(e.sock)) continue;
    if (port === undefined || aimed.get(e.sock) === port) return passed(seq);
  }
  return NOT_YET;
}
