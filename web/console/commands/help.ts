// help: every command with what it does, or one command with an example.
import type { CommandEntry } from './entry.js';
import type { ConsoleIO } from '../io.js';

export function helpCall(io: ConsoleIO, commands: readonly CommandEntry[], topic: string | undefined): void {
  if (topic) {
    const spec = commands.find((c) => c.name === topic)!;
    io.print(spec.usage, 'ok');
    io.print(`  ${io.t(`help.${spec.name}.summary`)}`, 'out');
    io.print(`  ${io.t('help.example')}: ${io.t(`help.${spec.name}.example`)}`, 'note');
    return;
  }
  io.print(io.t('help.intro'), 'note');
  const width = Math.max(...commands.map((c) => c.usage.length));
  for (const spec of commands) io.print(`  ${spec.usage.padEnd(width)}  ${io.t(`help.${spec.name}.summary`)}`, 'out');
  io.print(io.t('help.outro'), 'note');
}
