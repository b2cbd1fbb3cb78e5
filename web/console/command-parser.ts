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
import { SOCKET_ID_PATTERN } from '../../protocol/limits.js';
import type { Completion } from './io.js';
import { RECV_BUFSIZE, RECVFROM_BUFSIZE } from '../../protocol/textbook.js';

export type Dest = { host: string; port: number } | { server: string };

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'socket'; proto: 'udp' | 'tcp'; as?: string }
  | { name: 'bind'; sock?: string; host?: string; port: number }
  | { name: 'sendto'; sock?: string; text: string; to?: Dest }
  | { name: 'recvfrom'; sock?: string; bufsize: number }
  | { name: 'connect'; sock?: string; to?: Dest }
  | { name: 'send'; sock?: string; text: string }
  | { name: 'recv'; sock?: string; bufsize: number }
  | { name: 'listen'; sock?: string; backlog: number }
  | { name: 'accept'; sock?: string }
  | { name: 'shutdown'; sock?: string }
  | { name: 'close'; sock?: string }
  | { name: 'sockets' }
  | { name: 'exit' };

export type CommandName = Command['name'];

/** What help shows for each command, in the order it lists them. */
export const COMMANDS: readonly { name: CommandName; usage: string; takesSocket: boolean; takesDest: boolean }[] = [
  { name: 'socket', usage: 'socket udp|tcp [NAME]', takesSocket: false, takesDest: false },
  { name: 'bind', usage: 'bind [SOCKET] [HOST] PORT', takesSocket: true, takesDest: false },
  { name: 'sendto', usage: 'sendto [SOCKET] TEXT HOST PORT', takesSocket: true, takesDest: true },
  { name: 'recvfrom', usage: 'recvfrom [SOCKET] [BUFSIZE]', takesSocket: true, takesDest: false },
  { name: 'connect', usage: 'connect [SOCKET] HOST PORT', takesSocket: true, takesDest: true },
  { name: 'send', usage: 'send [SOCKET] TEXT', takesSocket: true, takesDest: false },
  { name: 'recv', usage: 'recv [SOCKET] [BUFSIZE]', takesSocket: true, takesDest: false },
  { name: 'listen', usage: 'listen [SOCKET] [BACKLOG]', takesSocket: true, takesDest: false },
  { name: 'accept', usage: 'accept [SOCKET]', takesSocket: true, takesDest: false },
  { name: 'shutdown', usage: 'shutdown [SOCKET]', takesSocket: true, takesDest: false },
  { name: 'close', usage: 'close [SOCKET]', takesSocket: true, takesDest: false },
  { name: 'sockets', usage: 'sockets', takesSocket: false, takesDest: false },
  { name: 'help', usage: 'help [COMMAND]', takesSocket: false, takesDest: false },
  { name: 'exit', usage: 'exit', takesSocket: false, takesDest: false },
];

export const DEFAULT_BUFSIZE = { recvfrom: RECVFROM_BUFSIZE, recv: RECV_BUFSIZE } as const;

export interface ParseContext {
  /** Names of the console's open sockets. */
  sockets: readonly string[];
  /** Names of the lab's servers (usable as DEST). */
  servers: readonly string[];
  /** The console has a default DEST (its lesson's target), so DEST may be left out. */
  hasTarget?: boolean;
}

/** Why a line is not a command: an i18n key under "parse." and its values. */
export interface ParseError {
  key: string;
  vars?: Record<string, string | number>;
}

export type Parsed = { ok: true; command: Command } | { ok: false; error: ParseError };

export interface Token {
  /** The word, with quotes removed and escapes applied. */
  value: string;
  /** Where the raw word is in the line. */
  start: number;
  end: number;
  quoted: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

/** Splits a line into words; quotes group words, and inside them Python's escapes apply. */
export function tokenize(line: string): { tokens: Token[]; unclosed: boolean } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (/\s/.test(line[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    while (i < line.length && !/\s/.test(line[i]!)) {
      const ch = line[i]!;
      if (ch !== '"' && ch !== "'") {
        value += ch;
        i++;
        continue;
      }
      quoted = true;
      const quote = ch;
      i++;
      while (i < line.length && line[i] !== quote) {
        if (line[i] === '\\' && i + 1 < line.length) {
          const next = line[i + 1]!;
          const hex = /^x([0-9a-fA-F]{2})/.exec(line.slice(i + 1, i + 4));
          if (hex) {
            value += String.fromCharCode(parseInt(hex[1]!, 16));
            i += 4;
            continue;
          }
          value += ESCAPES[next] ?? `\\${next}`;
          i += 2;
          continue;
        }
        value += line.charAt(i);
        i++;
      }
      if (i >= line.length) return { tokens: [...tokens, { value, start, end: i, quoted }], unclosed: true };
      i++; // closing quote
    }
    tokens.push({ value, start, end: i, quoted });
  }
  return { tokens, unclosed: false };
}

const fail = (key: string, vars?: Record<string, string | number>): Parsed => ({ ok: false, error: { key, vars } });

function parsePort(word: string | undefined): number | undefined {
  if (word === undefined || !/^\d{1,5}$/.test(word)) return undefined;
  const n = Number(word);
  return n <= 65535 ? n : undefined;
}

function parseCount(word: string | undefined, min: number, max: number): number | undefined {
  if (word === undefined || !/^\d+$/.test(word)) return undefined;
  const n = Number(word);
  return n >= min && n <= max ? n : undefined;
}

/** HOST:PORT (or [IPv6]:PORT) in one word. */
function splitHostPort(word: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(word) ?? /^([^:\s]+):(\d+)$/.exec(word);
  if (!m) return undefined;
  const port = parsePort(m[2]);
  return port === undefined ? undefined : { host: m[1]!, port };
}

/** Reads DEST from the end of the words; returns it and how many words it took. */
function destFromEnd(words: readonly Token[], ctx: ParseContext): { dest: Dest; used: number } | ParseError {
  const last = words[words.length - 1];
  if (!last) return { key: 'need-dest' };
  const before = words[words.length - 2];
  if (/^\d+$/.test(last.value) && !last.quoted && before && !before.quoted) {
    const port = parsePort(last.value);
    if (port === undefined) return { key: 'bad-port', vars: { word: last.value } };
    return { dest: { host: before.value, port }, used: 2 };
  }
  const joined = splitHostPort(last.value);
  if (joined && !last.quoted) return { dest: joined, used: 1 };
  if (ctx.servers.includes(last.value)) return { dest: { server: last.value }, used: 1 };
  return { key: 'need-dest' };
}

/** The text argument: one word as written (quotes removed), or several words as they stand. */
function textOf(line: string, words: readonly Token[]): string {
  if (words.length === 1) return words[0]!.value;
  return line.slice(words[0]!.start, words[words.length - 1]!.end);
}

export function parseCommand(line: string, ctx: ParseContext): Parsed {
  const { tokens, unclosed } = tokenize(line);
  if (unclosed) return fail('unclosed-quote');
  const [head, ...rest] = tokens;
  if (!head) return fail('empty');
  const name = head.value.toLowerCase();
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) return fail('unknown-command', { word: head.value });
  let args = rest;
  let sock: string | undefined;
  if (spec.takesSocket && args[0] && !args[0].quoted && ctx.sockets.includes(args[0].value)) {
    sock = args[0].value;
    args = args.slice(1);
  }
  const tooMany = (max: number) => (args.length > max ? fail('too-many', { usage: spec.usage }) : undefined);

  switch (spec.name) {
    case 'help': {
      const topic = args[0]?.value.toLowerCase();
      if (topic !== undefined && !COMMANDS.some((c) => c.name === topic)) return fail('unknown-command', { word: args[0]!.value });
      return tooMany(1) ?? { ok: true, command: { name: 'help', topic } };
    }
    case 'socket': {
      const proto = args[0]?.value.toLowerCase();
      if (proto !== 'udp' && proto !== 'tcp') return fail('need-proto', { usage: spec.usage });
      const as = args[1]?.value;
      if (as !== undefined && !SOCKET_ID_PATTERN.test(as)) return fail('bad-name', { word: as });
      if (as !== undefined && ctx.sockets.includes(as)) return fail('name-taken', { word: as });
      return tooMany(2) ?? { ok: true, command: { name: 'socket', proto, as } };
    }
    case 'bind': {
      if (args.length === 0) return fail('need-port', { usage: spec.usage });
      const portWord = args[args.length - 1]!.value;
      const joined = args.length === 1 ? splitHostPort(portWord) : undefined;
      if (joined) return { ok: true, command: { name: 'bind', sock, ...joined } };
      const port = parsePort(portWord);
      if (port === undefined) return fail('bad-port', { word: portWord });
      // bind(('', 12000)) in Python: an empty host means "this machine"; the lab uses loopback
      const host = args.length === 2 ? args[0]!.value || undefined : undefined;
      return tooMany(2) ?? { ok: true, command: { name: 'bind', sock, host, port } };
    }
    case 'sendto': {
      const found = destFromEnd(args, ctx);
      if ('key' in found) {
        if (found.key === 'need-dest' && ctx.hasTarget && args.length > 0) return { ok: true, command: { name: 'sendto', sock, text: textOf(line, args) } };
        return { ok: false, error: { ...found, vars: { ...found.vars, usage: spec.usage } } };
      }
      const words = args.slice(0, args.length - found.used);
      if (words.length === 0) return fail('need-text', { usage: spec.usage });
      return { ok: true, command: { name: 'sendto', sock, text: textOf(line, words), to: found.dest } };
    }
    case 'connect': {
      if (args.length === 0 && ctx.hasTarget) return { ok: true, command: { name: 'connect', sock } };
      const found = destFromEnd(args, ctx);
      if ('key' in found) return { ok: false, error: { ...found, vars: { ...found.vars, usage: spec.usage } } };
      if (args.length > found.used) return fail('too-many', { usage: spec.usage });
      return { ok: true, command: { name: 'connect', sock, to: found.dest } };
    }
    case 'send':
      if (args.length === 0) return fail('need-text', { usage: spec.usage });
      return { ok: true, command: { name: 'send', sock, text: textOf(line, args) } };
    case 'recvfrom':
    case 'recv': {
      const word = args[0]?.value;
      const bufsize = word === undefined ? DEFAULT_BUFSIZE[spec.name] : parseCount(word, 1, 65535);
      if (bufsize === undefined) return fail('bad-bufsize', { word: word ?? '' });
      return tooMany(1) ?? { ok: true, command: { name: spec.name, sock, bufsize } };
    }
    case 'listen': {
      const word = args[0]?.value;
      const backlog = word === undefined ? 1 : parseCount(word, 0, 128);
      if (backlog === undefined) return fail('bad-backlog', { word: word ?? '' });
      return tooMany(1) ?? { ok: true, command: { name: 'listen', sock, backlog } };
    }
    case 'accept':
    case 'shutdown':
    case 'close':
      if (args[0] && !sock) return fail('no-such-socket', { word: args[0].value });
      return tooMany(0) ?? { ok: true, command: { name: spec.name, sock } };
    case 'sockets':
    case 'exit':
      return tooMany(0) ?? { ok: true, command: { name: spec.name } };
  }
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
    candidates = COMMANDS.map((c) => c.name);
  } else {
    const spec = COMMANDS.find((c) => c.name === tokens[0]!.value.toLowerCase());
    if (!spec) return undefined;
    if (spec.name === 'help') candidates = index === 1 ? COMMANDS.map((c) => c.name) : [];
    else if (spec.name === 'socket') candidates = index === 1 ? ['udp', 'tcp'] : [];
    else candidates = [...(spec.takesSocket && index === 1 ? ctx.sockets : []), ...(spec.takesDest ? ctx.servers : [])];
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
