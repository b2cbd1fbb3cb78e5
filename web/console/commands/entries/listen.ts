// listen [SOCKET] [BACKLOG]: the socket becomes a welcoming socket.
import { parseCount } from '../parse-args.js';
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { listenCall } from '../tcp.js';

export default defineCommand({
  name: 'listen',
  usage: 'listen [SOCKET] [BACKLOG]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    const word = input.args[0]?.value;
    const backlog = word === undefined ? 1 : parseCount(word, 0, 128);
    if (backlog === undefined) return fail('bad-backlog', { word: word ?? '' });
    return tooMany(input, 1) ?? ok({ name: 'listen' as const, sock: input.sock, backlog });
  },
  run: { lab: (ctx, command) => listenCall(ctx, command.sock, command.backlog) },
});
