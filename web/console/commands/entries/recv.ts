// recv [SOCKET] [BUFSIZE]: what has arrived on a TCP socket, at most BUFSIZE bytes (1024, as the textbook's).
import { DEFAULT_BUFSIZE, parseCount } from '../parse-args.js';
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { recvCall } from '../tcp.js';

export default defineCommand({
  name: 'recv',
  usage: 'recv [SOCKET] [BUFSIZE]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    const word = input.args[0]?.value;
    const bufsize = word === undefined ? DEFAULT_BUFSIZE.recv : parseCount(word, 1, 65535);
    if (bufsize === undefined) return fail('bad-bufsize', { word: word ?? '' });
    return tooMany(input, 1) ?? ok({ name: 'recv' as const, sock: input.sock, bufsize });
  },
  run: { lab: (ctx, command) => recvCall(ctx, command.sock, command.bufsize) },
});
