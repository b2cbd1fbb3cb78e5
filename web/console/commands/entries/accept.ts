// accept [SOCKET]: waits for a connection on a welcoming socket; a new connection socket comes back.
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { acceptCall } from '../tcp.js';

export default defineCommand({
  name: 'accept',
  usage: 'accept [SOCKET]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    if (input.args[0] && !input.sock) return fail('no-such-socket', { word: input.args[0].value });
    return tooMany(input, 0) ?? ok({ name: 'accept' as const, sock: input.sock });
  },
  run: { lab: (ctx, command) => acceptCall(ctx, command.sock) },
});
