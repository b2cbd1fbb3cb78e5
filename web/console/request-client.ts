// Lesson 8's raw request console (a TCP client console with `multiline: true`): the student types
// an HTTP request line by line (the request line, header lines, then an empty line) and the
// console sends all of it as one request, every line ending in "\r\n", over a new connection. When
// a header announces a Content-Length, the lines after the empty line are the body, sent as typed
// until that many bytes are there. Then it reads until the response is complete (its framing says
// when), the server closes, or 35 s pass (the lab's server gives up on an unfinished header after
// 30 s and says so with 408), prints the response and closes.
//
// Its strings live in the "http" namespace (http.json, console.*) with the rest of lesson 8.
import { parseResponse } from '../http/response-parser.js';
import { printCode, printFailure } from './failures.js';
import type { ConsoleIO } from './io.js';
import type { LabLink } from './link.js';
import type { Resolved } from '../lab/targets.js';
import { decode, encode, hostPort, safeText } from './text.js';

/** Prompts: program output, so English in every language. */
export const REQUEST_PROMPT = 'request> ';
export const MORE_PROMPT = '    ...> ';
export const BODY_PROMPT = '   body> ';
export const RESPONSE_WAIT_MS = 35_000;
const MAX_RECVS = 1000;

const t = (io: ConsoleIO, key: string, vars?: Record<string, unknown>) => io.t(`http:console.${key}`, vars);

/** The Content-Length a header line announces, or 0. */
export function announcedLength(lines: readonly string[]): number {
  for (const line of lines) {
    const m = /^content-length:\s*(\d+)\s*$/i.exec(line);
    if (m) return Number(m[1]);
  }
  return 0;
}

/** The request's bytes: header lines and the empty line with "\r\n", then the body as typed. */
export function requestText(head: readonly string[], body: readonly string[]): string {
  return `${head.join('\r\n')}\r\n\r\n${body.join('\r\n')}`;
}

export class RequestClient {
  private head: string[] = [];
  private body: string[] | undefined;
  private wanted = 0;
  private sock: string | undefined;

  constructor(
    private readonly io: ConsoleIO,
    private readonly link: LabLink,
    private readonly onSocket: (id: string | undefined) => void,
    private readonly waitMs = RESPONSE_WAIT_MS,
  ) {}

  prompt(): string {
    if (this.body) return BODY_PROMPT;
    return this.head.length > 0 ? MORE_PROMPT : REQUEST_PROMPT;
  }

  intro(): void {
    this.io.print(t(this.io, 'intro'), 'note');
  }

  /** One typed line. The request goes out with the empty line (or the body's last line). */
  async line(line: string, target: () => Resolved, signal: AbortSignal): Promise<void> {
    if (this.body) {
      this.body.push(line);
      if (encode(this.body.join('\r\n')).length >= this.wanted) await this.send(target(), signal);
      return;
    }
    if (line !== '') {
      this.head.push(line);
      return;
    }
    if (this.head.length === 0) {
      this.io.print(t(this.io, 'empty'), 'note');
      return;
    }
    this.wanted = announcedLength(this.head);
    if (this.wanted > 0) {
      this.body = [];
      this.io.print(t(this.io, 'body', { count: this.wanted }), 'note');
      return;
    }
    await this.send(target(), signal);
  }

  private async send(target: Resolved, signal: AbortSignal): Promise<void> {
    const text = requestText(this.head, this.body ?? []);
    const method = this.head[0]?.split(' ')[0] ?? 'GET';
    this.head = [];
    this.body = undefined;
    if (!target.ok) {
      this.io.print(this.io.t(`target.${target.reason}`, { server: target.server }), 'error');
      return;
    }
    const { client, inbox } = await this.link.get();
    const sock = this.link.lab.newSocketId('tcp-client');
    this.sock = sock;
    inbox.watch(sock);
    this.onSocket(sock);
    try {
      try {
        const done = await client.tcpConnect(sock, target.host, target.port);
        this.io.print(t(this.io, 'connected', { local: hostPort(done.local), remote: hostPort(done.remote) }), 'note');
      } catch (error) {
        printFailure(this.io, 'connect', error);
        return;
      }
      try {
        const sent = await client.tcpSend(sock, text);
        this.io.print(t(this.io, 'sent', { count: sent.size, lines: text.split('\r\n').length - 1 }), 'note');
      } catch (error) {
        printFailure(this.io, 'send', error);
        return;
      }
      await this.read(sock, method, signal);
    } finally {
      inbox.unwatch(sock);
      client.closeSocket(sock).catch(() => undefined);
      this.sock = undefined;
    }
  }

  private async read(sock: string, method: string, signal: AbortSignal): Promise<void> {
    const { inbox } = await this.link.get();
    let bytes: Uint8Array = new Uint8Array(0);
    let chunks = 0;
    let ending: 'complete' | 'eof' | 'timeout' | 'aborted' | 'failed' = 'timeout';
    const deadline = Date.now() + this.waitMs;
    for (let i = 0; i < MAX_RECVS; i++) {
      const got = await inbox.recv(sock, 65536, Math.max(0, deadline - Date.now()), signal);
      if (got.ok && !got.value.eof) {
        const next = new Uint8Array(bytes.length + got.value.bytes.length);
        next.set(bytes);
        next.set(got.value.bytes, bytes.length);
        bytes = next;
        chunks++;
        const state = parseResponse(bytes, false, method).state;
        if (state === 'done' || state === 'error') {
          ending = 'complete';
          break;
        }
        continue;
      }
      if (got.ok) ending = 'eof';
      else if (got.reason === 'error') {
        ending = 'failed';
        printCode(this.io, 'recv', got.code, got.message);
      } else ending = got.reason === 'closed' ? 'eof' : got.reason;
      break;
    }
    // HTTP's lines end in \r\n; the terminal shows each as one line
    if (bytes.length > 0) this.io.print(safeText(decode(bytes).replace(/\r\n/g, '\n').replace(/\n$/, '')), 'out');
    if (ending === 'timeout') this.io.print(t(this.io, 'silence', { seconds: this.waitMs / 1000, count: bytes.length }), 'note');
    else if (ending === 'aborted') this.io.print(t(this.io, 'interrupted'), 'note');
    else if (ending !== 'failed') this.io.print(t(this.io, ending === 'eof' ? 'closedByServer' : 'received', { count: bytes.length, chunks }), 'note');
  }

  /** The socket of a request on its way, if any (closed by the caller's dispose). */
  get socket(): string | undefined {
    return this.sock;
  }

  /** Forgets a half-typed request. Safe to call twice. */
  dispose(): void {
    this.head = [];
    this.body = undefined;
    const linked = this.link.peek();
    if (this.sock && linked) linked.client.closeSocket(this.sock).catch(() => undefined);
    this.sock = undefined;
  }
}
