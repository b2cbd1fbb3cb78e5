// sockets: the console's sockets with their states.
import { defineCommand, ok, tooMany } from '../entry.js';
import { socketsCall } from '../socket.js';

export default defineCommand({
  name: 'sockets',
  usage: 'sockets',
  takesSocket: false,
  takesDest: false,
  parse: (input) => tooMany(input, 0) ?? ok({ name: 'sockets' as const }),
  run: { lab: (ctx) => socketsCall(ctx) },
});
