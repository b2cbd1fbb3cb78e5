// connect [SOCKET] DEST: the handshake to DEST (or the console's target when DEST is left out).
import type { Dest } from '../parse-args.js';
import { destFromEnd } from '../parse-args.js';
import { defineCommand, fail, ok } from '../entry.js';
import { connectCall } from '../tcp.js';

export default defineCommand({
  name: 'connect',
  usage: 'connect [SOCKET] HOST PORT',
  takesSocket: true,
  takesDest: true,
  parse({ args, sock, ctx, usage }) {
    if (args.length === 0 && ctx.hasTarget) return ok({ name: 'connect' as const, sock, to: undefined as Dest | undefined });
    const found = destFromEnd(args, ctx);
    if ('key' in found) return { ok: false, error: { ...found, vars: { ...found.vars, usage } } };
    if (args.length > found.used) return fail('too-many', { usage });
    return ok({ name: 'connect' as const, sock, to: found.dest });
  },
  run: { lab: (ctx, command) => connectCall(ctx, command.sock, command.to) },
});
