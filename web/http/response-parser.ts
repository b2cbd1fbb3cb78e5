// Reads an HTTP/1.1 response from a TCP byte stream, chunk by chunk as recv() returned them: the
// status line, the headers up to the empty line, then a body whose end the headers announce
// (Content-Length, or chunked transfer coding), or the end of the connection when they announce
// none. TCP keeps no boundaries, so a response is only done when its framing says so. Pure.
import { concatBytes } from '../../protocol/bytes.js';

export interface HttpResponse {
  version: string;
  status: number;
  reason: string;
  /** In order, as sent (names as the server wrote them). */
  headers: [name: string, value: string][];
  /** The body after any chunked coding is removed. */
  body: Uint8Array;
  framing: 'content-length' | 'chunked' | 'close' | 'none';
  /** Bytes of the status line and headers, the empty line included. */
  headBytes: number;
  /** Bytes after the end of this response (another response, or garbage). */
  extra: number;
}

export type ParseState =
  | { state: 'head'; received: number }
  | { state: 'body'; received: number; response: HttpResponse }
  | { state: 'done'; received: number; response: HttpResponse }
  | { state: 'error'; received: number; message: string };

/** A response larger than this is not waited for: every reader needs a limit. */
export const MAX_RESPONSE_BYTES = 1 << 20;
const CR = 0x0d;
const LF = 0x0a;

export function header(response: Pick<HttpResponse, 'headers'>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return response.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

export function headerValues(response: Pick<HttpResponse, 'headers'>, name: string): string[] {
  const lower = name.toLowerCase();
  return response.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

export class ResponseParser {
  private buffer = new Uint8Array(0);
  private closed = false;

  /** `method` matters: the response to HEAD has headers that describe a body it does not carry. */
  constructor(private readonly method = 'GET') {}

  push(chunk: Uint8Array): ParseState {
    const next = new Uint8Array(this.buffer.length + chunk.length);
    next.set(this.buffer);
    next.set(chunk, this.buffer.length);
    this.buffer = next;
    return this.state;
  }

  /** The server closed the connection (FIN): a body without framing ends here. */
  end(): ParseState {
    this.closed = true;
    return this.state;
  }

  get bytes(): Uint8Array {
    return this.buffer;
  }

  get state(): ParseState {
    return parseResponse(this.buffer, this.closed, this.method);
  }
}

/** Parses the bytes received so far; `closed` says whether the server has closed. */
export function parseResponse(bytes: Uint8Array, closed: boolean, method = 'GET'): ParseState {
  const received = bytes.length;
  if (received > MAX_RESPONSE_BYTES) return { state: 'error', received, message: `the response is larger than ${MAX_RESPONSE_BYTES} bytes` };
  const end = findEmptyLine(bytes);
  if (end < 0) {
    if (closed)
      return {
        state: 'error',
        received,
        message: received === 0 ? 'the server closed the connection without a response' : 'the connection closed before the header ended (no empty line)',
      };
    return { state: 'head', received };
  }
  const lines = latin1(bytes.subarray(0, end - 4)).split('\r\n');
  const status = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) return { state: 'error', received, message: `not an HTTP status line: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}` };
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { state: 'error', received, message: `not a header line: ${JSON.stringify(line.slice(0, 80))}` };
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const code = Number(status[2]);
  const base = { version: status[1]!, status: code, reason: status[3] ?? '', headers, headBytes: end };
  const rest = bytes.subarray(end);

  if (method === 'HEAD' || (code >= 100 && code < 200) || code === 204 || code === 304) {
    return { state: 'done', received, response: { ...base, body: new Uint8Array(0), framing: 'none', extra: rest.length } };
  }
  const coding = header(base, 'transfer-encoding');
  if (coding && /(^|,)\s*chunked\s*$/i.test(coding)) {
    const chunked = readChunked(rest);
    if (chunked.kind === 'error') return { state: 'error', received, message: chunked.message };
    const response: HttpResponse = { ...base, body: chunked.body, framing: 'chunked', extra: chunked.kind === 'done' ? rest.length - chunked.used : 0 };
    if (chunked.kind === 'done') return { state: 'done', received, response };
    return closed ? { state: 'error', received, message: 'the connection closed inside a chunked body' } : { state: 'body', received, response };
  }
  const length = header(base, 'content-length');
  if (length !== undefined) {
    if (!/^\d+$/.test(length)) return { state: 'error', received, message: `Content-Length is not a number: ${JSON.stringify(length)}` };
    const size = Number(length);
    const response: HttpResponse = { ...base, body: rest.slice(0, size), framing: 'content-length', extra: Math.max(0, rest.length - size) };
    if (rest.length >= size) return { state: 'done', received, response };
    return closed
      ? { state: 'error', received, message: `the connection closed after ${rest.length} of ${size} body bytes` }
      : { state: 'body', received, response };
  }
  // no framing: the body is everything until the server closes
  const response: HttpResponse = { ...base, body: rest.slice(), framing: 'close', extra: 0 };
  return closed ? { state: 'done', received, response } : { state: 'body', received, response };
}

type Chunked = { kind: 'done'; body: Uint8Array; used: number } | { kind: 'more'; body: Uint8Array } | { kind: 'error'; message: string };

/** Transfer-Encoding: chunked: "size in hex\r\n", that many bytes, "\r\n", ... until size 0, then
 * optional trailer lines and an empty line. */
function readChunked(bytes: Uint8Array): Chunked {
  const parts: Uint8Array[] = [];
  let at = 0;
  const body = () => concatBytes(...parts);
  for (;;) {
    const eol = indexOfCrlf(bytes, at);
    if (eol < 0) return { kind: 'more', body: body() };
    const sizeText = latin1(bytes.subarray(at, eol)).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText))
      return { kind: 'error', message: `a chunk size must be hexadecimal digits, got ${JSON.stringify(sizeText.slice(0, 20))}` };
    const size = parseInt(sizeText, 16);
    at = eol + 2;
    if (size === 0) {
      // trailer lines, then the empty line that ends the message
      for (;;) {
        const line = indexOfCrlf(bytes, at);
        if (line < 0) return { kind: 'more', body: body() };
        const empty = line === at;
        at = line + 2;
        if (empty) return { kind: 'done', body: body(), used: at };
      }
    }
    if (bytes.length < at + size + 2) {
      parts.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
      return { kind: 'more', body: body() };
    }
    if (bytes[at + size] !== CR || bytes[at + size + 1] !== LF) return { kind: 'error', message: 'a chunk must be followed by \\r\\n' };
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
}

/** Where the body starts: just after the first "\r\n\r\n", or -1. */
function findEmptyLine(bytes: Uint8Array): number {
  for (let i = 3; i < bytes.length; i++) {
    if (bytes[i] === LF && bytes[i - 1] === CR && bytes[i - 2] === LF && bytes[i - 3] === CR) return i + 1;
  }
  return -1;
}

function indexOfCrlf(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i;
  return -1;
}

/** Header bytes as text: ISO-8859-1, one character per byte, as HTTP defines them. */
function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
