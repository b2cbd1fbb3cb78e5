// exit: back to the console's own program (the client), when it has one.
import { defineCommand, ok, tooMany } from '../entry.js';

export default defineCommand({
  name: 'exit',
  usage: 'exit',
  takesSocket: false,
  takesDest: false,
  parse: (input) => tooMany(input, 0) ?? ok({ name: 'exit' as const }),
  run: {
    local(ctx) {
      if (ctx.exit) return ctx.exit();
      ctx.io.print(ctx.io.t('cmd.noExit'), 'note');
    },
  },
});
