// close [SOCKET]: closes the socket.
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { closeCall } from '../socket.js';

export default defineCommand({
  name: 'close',
  usage: 'close [SOCKET]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    if (input.args[0] && !input.sock) return fail('no-such-socket', { word: input.args[0].value });
    return tooMany(input, 0) ?? ok({ name: 'close' as const, sock: input.sock });
  },
  run: { lab: (ctx, command) => closeCall(ctx, command.sock) },
});
