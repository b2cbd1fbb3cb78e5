// recvfrom [SOCKET] [BUFSIZE]: waits for one datagram, cut to BUFSIZE (2048, as the textbook's).
import { DEFAULT_BUFSIZE, parseCount } from '../parse-args.js';
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { recvfromCall } from '../udp.js';

export default defineCommand({
  name: 'recvfrom',
  usage: 'recvfrom [SOCKET] [BUFSIZE]',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    const word = input.args[0]?.value;
    const bufsize = word === undefined ? DEFAULT_BUFSIZE.recvfrom : parseCount(word, 1, 65535);
    if (bufsize === undefined) return fail('bad-bufsize', { word: word ?? '' });
    return tooMany(input, 1) ?? ok({ name: 'recvfrom' as const, sock: input.sock, bufsize });
  },
  run: { lab: (ctx, command) => recvfromCall(ctx, command.sock, command.bufsize) },
});
