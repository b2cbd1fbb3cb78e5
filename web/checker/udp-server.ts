// Checks of the student's UDPServer.py: the lab is the client.
import { bytesOf, datagram, preview, textOf, upper, type DatagramOutcome } from './probes.js';
import { fail, pass, type CaseResult, type CheckCase, type CheckContext } from './types.js';

/** Why a datagram got no good reply, in the student's terms. */
export function judgeDatagram(id: string, ctx: CheckContext, sent: string, outcome: DatagramOutcome, expected: string): CaseResult {
  if (!outcome.reply) {
    if (outcome.strayTo) return fail(id, 'wrong-port', { port: outcome.strayTo.port, clientPort: outcome.clientPort });
    return fail(id, 'no-reply-udp', { port: ctx.port, seconds: ctx.waitMs / 1000 });
  }
  if (outcome.from && outcome.from.port !== ctx.port) return fail(id, 'other-source', { from: outcome.from.port, port: ctx.port });
  const got = textOf(outcome.reply);
  if (got === expected) return pass(id, 'ok', { reply: preview(outcome.reply) });
  if (got === sent && sent !== expected) return fail(id, 'not-upper', { reply: preview(outcome.reply) });
  return fail(id, 'different', { reply: preview(outcome.reply), expected: expected.length > 40 ? `${expected.slice(0, 40)}…` : expected });
}

const sentence = (id: string, text: string): CheckCase => ({
  id,
  async run(ctx) {
    const outcome = await datagram(ctx, bytesOf(text));
    return judgeDatagram(id, ctx, text, outcome, upper(text));
  },
});

export const UDP_SERVER_CASES: CheckCase[] = [
  sentence('plain', 'hello world'),
  {
    id: 'empty',
    async run(ctx) {
      const outcome = await datagram(ctx, new Uint8Array());
      if (!outcome.reply) return judgeDatagram('empty', ctx, '', outcome, '');
      return outcome.reply.length === 0 ? pass('empty', 'ok-empty') : fail('empty', 'different', { reply: preview(outcome.reply), expected: '' });
    },
  },
  sentence('korean', '안녕하세요 socket lab'),
  {
    id: 'too-long',
    async run(ctx) {
      const text = 'a'.repeat(3000);
      const outcome = await datagram(ctx, bytesOf(text));
      if (!outcome.reply) return judgeDatagram('too-long', ctx, text, outcome, upper(text));
      const got = textOf(outcome.reply);
      if (!/^A*$/.test(got)) return fail('too-long', 'not-upper', { reply: preview(outcome.reply) });
      // recvfrom(2048) keeps the first 2048 bytes: a shorter reply is the buffer size at work
      return got.length < 3000 ? pass('too-long', 'cut-udp', { size: got.length }) : pass('too-long', 'whole-udp', { size: got.length });
    },
  },
  {
    id: 'several',
    async run(ctx) {
      const texts = ['first client', 'second client', 'third client'];
      const outcomes = await Promise.all(texts.map((t) => datagram(ctx, bytesOf(t))));
      for (let i = 0; i < texts.length; i++) {
        const verdict = judgeDatagram('several', ctx, texts[i]!, outcomes[i]!, upper(texts[i]!));
        if (!verdict.ok) return { ...verdict, finding: { ...verdict.finding, params: { ...verdict.finding.params, which: i + 1 } } };
      }
      return pass('several', 'ok-several', { count: texts.length });
    },
  },
];
