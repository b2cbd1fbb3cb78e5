// What one console command is: its name and usage line (what `help` lists), its grammar (the words
// after the name, to a typed command or the reason why not), and what it does. Each command is one
// entry in ./entries/<name>.ts, listed once in ./entries/index.ts; the parser, tab completion,
// help and command mode are built from the list.
import type { ConsoleIO } from '../io.js';
import type { CommandContext } from './context.js';
import type { ParseContext, ParseError, Token } from './parse-args.js';

export type Parsed<C> = { ok: true; command: C } | { ok: false; error: ParseError };

/** What a command's parse gets: the words after its name (a leading socket name already taken off
 * when the command takes one and the word names one of the console's sockets). */
export interface ParseInput {
  line: string;
  args: Token[];
  sock: string | undefined;
  ctx: ParseContext;
  usage: string;
  /** Every command's name (for `help NAME`). */
  names: readonly string[];
}

/** What a command that needs no lab gets (help, exit). */
export interface LocalContext {
  io: ConsoleIO;
  /** Back to the console's own program; undefined when the console only does commands. */
  exit?: () => void;
  commands: readonly CommandEntry[];
}

export interface CommandEntry<N extends string = string, C extends { name: N } = { name: N }> {
  name: N;
  /** Its usage line, as `help` shows it. */
  usage: string;
  /** A first word naming one of the console's sockets is the socket it acts on. */
  takesSocket: boolean;
  /** It takes a DEST: tab completes lab server names. */
  takesDest: boolean;
  parse(input: ParseInput): Parsed<C>;
  /** What tab offers for the word at `index` (1 = the first after the name); the default offers
   * socket names first (takesSocket) and lab servers (takesDest). */
  complete?(index: number, names: readonly string[]): readonly string[];
  /** Runs without the lab (help, exit), or with it. */
  run: { local(ctx: LocalContext, command: C): void } | { lab(ctx: CommandContext, command: C): Promise<void> | void };
}

export function defineCommand<const N extends string, C extends { name: N }>(entry: CommandEntry<N, C>): CommandEntry<N, C> {
  return entry;
}

export const ok = <C>(command: C): Parsed<C> => ({ ok: true, command });
export const fail = (key: string, vars?: Record<string, string | number>): Parsed<never> => ({ ok: false, error: { key, vars } });
/** More words than the command takes. */
export const tooMany = (input: ParseInput, max: number): Parsed<never> | undefined =>
  input.args.length > max ? fail('too-many', { usage: input.usage }) : undefined;
