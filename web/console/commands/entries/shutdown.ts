// shutdown [SOCKET]: sends FIN; the socket can still receive.
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { shutdownCall } from '../tcp.js';

export default defineCommand({
  name: 'shutdown',
  usage: 'shutdown [SOCKET]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    if (input.args[0] && !input.sock) return fail('no-such-socket', { word: input.args[0].value });
    return tooMany(input, 0) ?? ok({ name: 'shutdown' as const, sock: input.sock });
  },
  run: { lab: (ctx, command) => shutdownCall(ctx, command.sock) },
});
