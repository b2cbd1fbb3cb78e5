// send [SOCKET] TEXT: bytes on a connected TCP socket.
import { textOf } from '../parse-args.js';
import { defineCommand, fail, ok } from '../entry.js';
import { sendCall } from '../tcp.js';

export default defineCommand({
  name: 'send',
  usage: 'send [SOCKET] TEXT',
  takesSocket: true,
  takesDest: false,
  parse({ line, args, sock, usage }) {
    if (args.length === 0) return fail('need-text', { usage });
    return ok({ name: 'send' as const, sock, text: textOf(line, args) });
  },
  run: { lab: (ctx, command) => sendCall(ctx, command.sock, command.text) },
});
