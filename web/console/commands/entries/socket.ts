// socket udp|tcp [NAME]: a new socket of the console, named NAME or udp-1, tcp-2...
import { SOCKET_ID_PATTERN } from '../../../../protocol/limits.js';
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { socketCall } from '../socket.js';

const PROTOS = ['udp', 'tcp'] as const;

export default defineCommand({
  name: 'socket',
  usage: 'socket udp|tcp [NAME]',
  takesSocket: false,
  takesDest: false,
  parse(input) {
    const { args, ctx } = input;
    const word = args[0]?.value.toLowerCase();
    const proto = PROTOS.find((p) => p === word);
    if (!proto) return fail('need-proto', { usage: input.usage });
    const as = args[1]?.value;
    if (as !== undefined && !SOCKET_ID_PATTERN.test(as)) return fail('bad-name', { word: as });
    if (as !== undefined && ctx.sockets.includes(as)) return fail('name-taken', { word: as });
    return tooMany(input, 2) ?? ok({ name: 'socket' as const, proto, as });
  },
  complete: (index) => (index === 1 ? PROTOS : []),
  run: { lab: (ctx, command) => socketCall(ctx, command.proto, command.as) },
});
