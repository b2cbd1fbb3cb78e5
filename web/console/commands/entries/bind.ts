// bind [SOCKET] [HOST] PORT: the socket's own address.
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { parsePort, splitHostPort } from '../parse-args.js';
import { bindCall } from '../socket.js';

export default defineCommand({
  name: 'bind',
  usage: 'bind [SOCKET] [HOST] PORT',
  takesSocket: true,
  takesDest: false,
  parse(input) {
    const { args, sock } = input;
    if (args.length === 0) return fail('need-port', { usage: input.usage });
    const portWord = args[args.length - 1]!.value;
    const joined = args.length === 1 ? splitHostPort(portWord) : undefined;
    if (joined) return ok({ name: 'bind' as const, sock, ...joined });
    const port = parsePort(portWord);
    if (port === undefined) return fail('bad-port', { word: portWord });
    // bind(('', 12000)) in Python: an empty host means "this machine"; the lab uses loopback
    const host = args.length === 2 ? args[0]!.value || undefined : undefined;
    return tooMany(input, 2) ?? ok({ name: 'bind' as const, sock, host, port });
  },
  run: { lab: (ctx, command) => bindCall(ctx, command.sock, command.host, command.port) },
});
