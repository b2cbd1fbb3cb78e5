// Command mode's grammar: one socket call per line, as the student would write it in Python but
// without the punctuation. Pure: lines in, typed commands (or a reason why not) out, plus tab
// completion. Which socket a call acts on is optional: the first word, when it names one of the
// console's sockets; otherwise the socket used last.
//
//   socket udp [NAME]            bind [SOCKET] [HOST] PORT      sendto [SOCKET] TEXT DEST
//   recvfrom [SOCKET] [BUFSIZE]  connect [SOCKET] DEST          send [SOCKET] TEXT
//   recv [SOCKET] [BUFSIZE]      listen [SOCKET] [BACKLOG]      accept [SOCKET]
//   shutdown [SOCKET]            close [SOCKET]                 sockets   help [COMMAND]   exit
//
// DEST is HOST PORT, HOST:PORT, or the name of a lab server (udp-upper); a console whose lesson
// gives it a target may leave DEST out. TEXT may be quoted, with Python's escapes inside quotes
// ("GET / HTTP/1.1\r\n\r\n").
import type { Completion } from './io.js';
import { COMMAND_ENTRIES, commandNamed, type Command } from './commands/entries/index.js';
import type { Parsed as ParsedAs } from './commands/entry.js';
import { tokenize, type ParseContext } from './commands/parse-args.js';

export { COMMANDS, type Command, type CommandName } from './commands/entries/index.js';
export { DEFAULT_BUFSIZE, tokenize, type Dest, type ParseContext, type ParseError, type Token } from './commands/parse-args.js';

export type Parsed = ParsedAs<Command>;

const NAMES = COMMAND_ENTRIES.map((c) => c.name);

export function parseCommand(line: string, ctx: ParseContext): Parsed {
  const { tokens, unclosed } = tokenize(line);
  if (unclosed) return { ok: false, error: { key: 'unclosed-quote' } };
  const [head, ...rest] = tokens;
  if (!head) return { ok: false, error: { key: 'empty' } };
  const entry = commandNamed(head.value.toLowerCase());
  if (!entry) return { ok: false, error: { key: 'unknown-command', vars: { word: head.value } } };
  let args = rest;
  let sock: string | undefined;
  if (entry.takesSocket && args[0] && !args[0].quoted && ctx.sockets.includes(args[0].value)) {
    sock = args[0].value;
    args = args.slice(1);
  }
  // each entry's parse returns its own command: the union of them all is Command
  return entry.parse({ line, args, sock, ctx, usage: entry.usage, names: NAMES }) as Parsed;
}

/** Tab completion at `cursor`: command names first, then socket names, protocols, lab servers. */
export function complete(line: string, cursor: number, ctx: ParseContext): Completion | undefined {
  const before = line.slice(0, cursor);
  const { tokens } = tokenize(before);
  const inWord = tokens.length > 0 && !/\s$/.test(before);
  const index = inWord ? tokens.length - 1 : tokens.length;
  const prefix = inWord ? tokens[index]!.value : '';
  const start = inWord ? tokens[index]!.start : cursor;
  let candidates: readonly string[];
  if (index === 0) {
    candidates = NAMES;
  } else {
    const entry = commandNamed(tokens[0]!.value.toLowerCase());
    if (!entry) return undefined;
    candidates = entry.complete
      ? entry.complete(index, NAMES)
      : [...(entry.takesSocket && index === 1 ? ctx.sockets : []), ...(entry.takesDest ? ctx.servers : [])];
  }
  const options = candidates.filter((c) => c.startsWith(prefix));
  if (options.length === 0) return undefined;
  return { start, end: cursor, options };
}

/** The longest start all options share (what Tab can fill in when it cannot choose). */
export function commonPrefix(options: readonly string[]): string {
  if (options.length === 0) return '';
  let prefix = options[0]!;
  for (const o of options) while (!o.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
