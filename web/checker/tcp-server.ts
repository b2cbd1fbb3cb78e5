// Checks of the student's TCPServer.py (and of lesson 5's persistent echo server): the lab is the
// client, over real TCP connections.
import { bytesOf, conversation, preview, textOf, upper, type StreamOutcome } from './probes.js';
import { fail, pass, type CaseResult, type CheckCase, type CheckContext } from './types.js';

type Transform = (text: string) => string;

export function judgeStream(id: string, ctx: CheckContext, sent: string, outcome: StreamOutcome, expected: string): CaseResult {
  if (outcome.refused) return fail(id, outcome.refused === 'ECONNREFUSED' ? 'refused' : 'connect-failed', { port: ctx.port, code: outcome.refused });
  if (outcome.reply.length === 0) {
    if (outcome.end === 'reset') return fail(id, 'reset-no-reply', { port: ctx.port });
    if (outcome.end === 'closed') return fail(id, 'closed-no-reply', { port: ctx.port });
    return fail(id, 'no-reply', { port: ctx.port, seconds: ctx.waitMs / 1000 });
  }
  const got = textOf(outcome.reply);
  if (got === expected) return pass(id, 'ok', { reply: preview(outcome.reply) });
  if (got === sent && sent !== expected) return fail(id, 'not-upper', { reply: preview(outcome.reply) });
  if (expected === sent && got === upper(sent)) return fail(id, 'echo-upper', { reply: preview(outcome.reply) });
  if (expected.startsWith(got)) return fail(id, 'partial', { got: outcome.reply.length, expected: bytesOf(expected).length });
  return fail(id, 'different', { reply: preview(outcome.reply), expected: expected.length > 40 ? `${expected.slice(0, 40)}…` : expected });
}

function sentence(id: string, text: string, transform: Transform): CheckCase {
  return {
    id,
    async run(ctx) {
      const expected = transform(text);
      const outcome = await conversation(ctx, [bytesOf(text)], { stopWhen: (got) => got.length >= bytesOf(expected).length });
      return judgeStream(id, ctx, text, outcome, expected);
    },
  };
}

function battery(transform: Transform, persistent: boolean): CheckCase[] {
  const cases: CheckCase[] = [
    sentence('plain', 'hello world', transform),
    {
      id: 'empty',
      async run(ctx) {
        // connect and send nothing, then FIN: the server's recv() returns b'' and it should cope
        const outcome = await conversation(ctx, [new Uint8Array()], { shutdownAfterSend: true, waitForClose: true });
        if (outcome.refused) return judgeStream('empty', ctx, '', outcome, '');
        if (outcome.end === 'timeout') return fail('empty', 'empty-hangs', { seconds: ctx.waitMs / 1000 });
        return pass('empty', 'ok-empty');
      },
    },
    sentence('korean', '안녕하세요 socket lab', transform),
    {
      id: 'too-long',
      async run(ctx) {
        const text = 'b'.repeat(2000);
        const outcome = await conversation(ctx, [bytesOf(text)], { stopWhen: (got) => got.length >= 2000, waitForClose: !persistent });
        if (outcome.refused || outcome.reply.length === 0) return judgeStream('too-long', ctx, text, outcome, transform(text));
        const got = textOf(outcome.reply);
        if (got !== transform(text).slice(0, got.length)) {
          // an echo server that still calls upper() changed the bytes; a TCPServer.py that did not call it sent them back
          if (persistent && got === upper(text).slice(0, got.length)) return fail('too-long', 'echo-upper', { reply: preview(outcome.reply) });
          return fail('too-long', 'not-upper', { reply: preview(outcome.reply) });
        }
        // recv(1024) returns at most 1024 bytes: one read gets part of the sentence
        if (got.length < 2000) return pass('too-long', 'cut', { size: got.length });
        return persistent ? pass('too-long', 'whole-echo', { size: got.length }) : pass('too-long', 'whole', { size: got.length });
      },
    },
    {
      id: 'several',
      async run(ctx) {
        const texts = ['first client', 'second client', 'third client'];
        const outcomes = await Promise.all(
          texts.map((t) => conversation(ctx, [bytesOf(t)], { stopWhen: (got) => got.length >= bytesOf(transform(t)).length })),
        );
        for (let i = 0; i < texts.length; i++) {
          const verdict = judgeStream('several', ctx, texts[i]!, outcomes[i]!, transform(texts[i]!));
          if (!verdict.ok) return { ...verdict, finding: { ...verdict.finding, params: { ...verdict.finding.params, which: i + 1 } } };
        }
        return pass('several', 'ok-several', { count: texts.length });
      },
    },
  ];
  if (persistent) {
    cases.push({
      id: 'persistent',
      async run(ctx) {
        const lines = ['first line', 'second line', 'third line'];
        const outcome = await conversation(
          ctx,
          lines.map((l) => bytesOf(l)),
          { stopWhen: (got, i) => got.length >= bytesOf(transform(lines[i]!)).length },
        );
        if (outcome.refused) return judgeStream('persistent', ctx, lines[0]!, outcome, transform(lines[0]!));
        for (let i = 0; i < lines.length; i++) {
          const got = outcome.perMessage[i];
          if (!got || got.length === 0) return fail('persistent', 'stopped-after', { answered: i, message: i + 1 });
          if (textOf(got) !== transform(lines[i]!)) return fail('persistent', 'different', { reply: preview(got), expected: transform(lines[i]!) });
        }
        return pass('persistent', 'ok-persistent', { count: lines.length });
      },
    });
  }
  return cases;
}

/** The textbook's TCPServer.py: one sentence per connection, in capitals. */
export const TCP_SERVER_CASES = battery(upper, false);
/** Lesson 5's echo server: many messages per connection, sent back unchanged. */
export const ECHO_SERVER_CASES = battery((t) => t, true);
