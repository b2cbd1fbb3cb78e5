// sendto [SOCKET] TEXT DEST: one datagram; DEST is read from the end, so TEXT may have spaces.
import type { Dest } from '../parse-args.js';
import { destFromEnd, textOf } from '../parse-args.js';
import { defineCommand, fail, ok } from '../entry.js';
import { sendtoCall } from '../udp.js';

export default defineCommand({
  name: 'sendto',
  usage: 'sendto [SOCKET] TEXT HOST PORT',
  takesSocket: true,
  takesDest: true,
  parse({ line, args, sock, ctx, usage }) {
    const found = destFromEnd(args, ctx);
    if ('key' in found) {
      if (found.key === 'need-dest' && ctx.hasTarget && args.length > 0)
        return ok({ name: 'sendto' as const, sock, text: textOf(line, args), to: undefined as Dest | undefined });
      return { ok: false, error: { ...found, vars: { ...found.vars, usage } } };
    }
    const words = args.slice(0, args.length - found.used);
    if (words.length === 0) return fail('need-text', { usage });
    return ok({ name: 'sendto' as const, sock, text: textOf(line, words), to: found.dest });
  },
  run: { lab: (ctx, command) => sendtoCall(ctx, command.sock, command.text, command.to) },
});
