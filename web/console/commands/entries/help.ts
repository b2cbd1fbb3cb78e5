// help [COMMAND]: every command with what it does, or one command with an example.
import { defineCommand, fail, ok, tooMany } from '../entry.js';
import { helpCall } from '../help.js';

export default defineCommand({
  name: 'help',
  usage: 'help [COMMAND]',
  takesSocket: false,
  takesDest: false,
  parse(input) {
    const topic = input.args[0]?.value.toLowerCase();
    if (topic !== undefined && !input.names.includes(topic)) return fail('unknown-command', { word: input.args[0]!.value });
    return tooMany(input, 1) ?? ok({ name: 'help' as const, topic });
  },
  complete: (index, names) => (index === 1 ? names : []),
  run: { local: (ctx, command) => helpCall(ctx.io, ctx.commands, command.topic) },
});
