// The words of a command line and the pieces every command's parse shares: quotes and Python's
// escapes, ports, counts, DEST (HOST PORT, HOST:PORT or a lab server's name), the text argument.
// Pure. The grammar of each command is in its entry (./entries/).
import { RECV_BUFSIZE, RECVFROM_BUFSIZE } from '../../../protocol/textbook.js';

export type Dest = { host: string; port: number } | { server: string };

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

export function parsePort(word: string | undefined): number | undefined {
  if (word === undefined || !/^\d{1,5}$/.test(word)) return undefined;
  const n = Number(word);
  return n <= 65535 ? n : undefined;
}

export function parseCount(word: string | undefined, min: number, max: number): number | undefined {
  if (word === undefined || !/^\d+$/.test(word)) return undefined;
  const n = Number(word);
  return n >= min && n <= max ? n : undefined;
}

/** HOST:PORT (or [IPv6]:PORT) in one word. */
export function splitHostPort(word: string): { host: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(word) ?? /^([^:\s]+):(\d+)$/.exec(word);
  if (!m) return undefined;
  const port = parsePort(m[2]);
  return port === undefined ? undefined : { host: m[1]!, port };
}

/** Reads DEST from the end of the words; returns it and how many words it took. */
export function destFromEnd(words: readonly Token[], ctx: ParseContext): { dest: Dest; used: number } | ParseError {
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
export function textOf(line: string, words: readonly Token[]): string {
  if (words.length === 1) return words[0]!.value;
  return line.slice(words[0]!.start, words[words.length - 1]!.end);
}
