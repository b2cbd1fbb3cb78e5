// The textbook client, run by the page: UDPClient.py or TCPClient.py. It prompts, reads a line,
// sends it to the server and prints the reply, over and over. A line starting with ':' is for the
// console itself (:cmd switches to command mode, :help lists these).
import { fromBase64 } from '../../protocol/client.js';
import { DEFAULT_UDP_BUFSIZE } from '../../protocol/limits.js';
import type { EventOf } from '../../protocol/messages.js';
import type { Target } from '../panels/types.js';
import { printCode, printFailure } from './failures.js';
import type { ConsoleIO, ConsoleMode } from './io.js';
import type { LabLink } from './link.js';
import { EchoClient, ECHO_PROMPT } from './echo-client.js';
import { RequestClient } from './request-client.js';
import { resolveTarget } from '../lab/targets.js';
import { decode, hostPort, safeText } from './text.js';
import { RECV_BUFSIZE } from '../../protocol/textbook.js';

/** The prompt of the textbook's input() call: program output, so it stays English in every language. */
export const CLIENT_PROMPT = 'Input lowercase sentence: ';
/** How long the console waits for a reply before explaining the silence. */
export const REPLY_TIMEOUT_MS = 3000;
/** TCPClient.py reads with recv(1024). */
const TCP_RECV_SIZE = RECV_BUFSIZE;
/** At most this many recv() calls for one reply (each one waits for an arrival or times out). */
const MAX_RECVS = 1000;

export interface ClientOptions {
  proto: 'udp' | 'tcp';
  target: Target;
  bufsize: number;
  replyTimeoutMs?: number;
  /** TCP only: keep one connection for many lines (lesson 5's EchoClient.py). */
  persistent?: boolean;
  /** TCP only: lines gathered until an empty line, sent as one request (lesson 8's raw HTTP). */
  multiline?: boolean;
}

export interface ClientHooks {
  /** The socket the header should describe (undefined before the first one opens). */
  onSocket: (id: string | undefined) => void;
  /** The student typed :cmd */
  enterCommandMode: () => void;
}

export class ClientMode implements ConsoleMode {
  private udpSock: { id: string; epoch: number } | undefined;
  private disposed = false;
  private readonly echo: EchoClient | undefined;
  private readonly request: RequestClient | undefined;

  constructor(
    private readonly io: ConsoleIO,
    private readonly link: LabLink,
    private readonly options: ClientOptions,
    private readonly hooks: ClientHooks,
  ) {
    if (options.persistent && options.proto === 'tcp') this.echo = new EchoClient(io, link, hooks.onSocket);
    if (options.multiline && options.proto === 'tcp') this.request = new RequestClient(io, link, hooks.onSocket);
  }

  prompt(): string {
    if (this.request) return this.request.prompt();
    return this.echo ? ECHO_PROMPT : CLIENT_PROMPT;
  }

  start(): void {
    if (this.echo) return this.echo.intro();
    if (this.request) return this.request.intro();
    const program = this.options.proto === 'udp' ? 'UDPClient.py' : 'TCPClient.py';
    this.io.print(this.io.t('client.intro', { program }), 'note');
  }

  async run(line: string, signal: AbortSignal): Promise<void> {
    const trimmed = line.trim();
    if (trimmed.startsWith(':')) return this.meta(trimmed);
    if (this.request) return this.request.line(line, () => resolveTarget(this.options.target, this.link.lab.servers()), signal);
    if (trimmed === '') return this.echo?.close();
    const target = resolveTarget(this.options.target, this.link.lab.servers());
    if (!target.ok) {
      this.io.print(this.io.t(`target.${target.reason}`, { server: target.server }), 'error');
      return;
    }
    if (this.echo) await this.echo.exchange(line, target.host, target.port, signal);
    else if (this.options.proto === 'udp') await this.udpExchange(line, target.host, target.port, signal);
    else await this.tcpExchange(line, target.host, target.port, signal);
  }

  private meta(command: string): void {
    if (command === ':cmd') return this.hooks.enterCommandMode();
    if (command !== ':help') this.io.print(this.io.t('meta.unknown', { command }), 'error');
    this.io.print(this.io.t('meta.help'), 'note');
  }

  /** UDPClient.py: socket() once, then sendto() and recvfrom(2048) for each sentence. */
  private async udpExchange(line: string, host: string, port: number, signal: AbortSignal): Promise<void> {
    const { client, inbox, epoch } = await this.link.get();
    if (this.udpSock?.epoch !== epoch) {
      const id = this.link.lab.newSocketId('udp-client');
      inbox.watch(id);
      try {
        await client.udpOpen(id, { port: 0, bufsize: this.options.bufsize });
      } catch (error) {
        inbox.unwatch(id);
        printFailure(this.io, 'socket', error);
        return;
      }
      this.udpSock = { id, epoch };
      this.hooks.onSocket(id);
    }
    const sock = this.udpSock.id;
    for (const late of inbox.drainDatagrams(sock)) this.io.print(this.io.t('client.late', { text: safeText(decode(fromBase64(late.data))) }), 'note');
    let sent: EventOf<'udp.sent'>;
    try {
      sent = await client.udpSend(sock, host, port, line);
    } catch (error) {
      printFailure(this.io, 'sendto', error);
      return;
    }
    this.io.print(this.io.t('client.udpSent', { count: sent.size, to: hostPort(sent.to) }), 'note');
    const got = await inbox.recvfrom(sock, this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS, signal);
    if (got.ok) {
      const reply = got.value;
      this.io.print(safeText(decode(fromBase64(reply.data))), 'out');
      this.io.print(this.io.t('client.udpReceived', { count: reply.size, from: hostPort(reply.from) }), 'note');
      if (reply.truncated) {
        this.io.print(this.io.t('client.truncated', { bufsize: this.options.bufsize, kept: fromBase64(reply.data).length, size: reply.size }), 'note');
      } else if (reply.size < sent.size) {
        // the textbook server's recvfrom(2048) cut a longer sentence: its reply is as short
        const key = reply.size === DEFAULT_UDP_BUFSIZE ? 'client.shorterReply2048' : 'client.shorterReply';
        this.io.print(this.io.t(key, { sent: sent.size, got: reply.size }), 'note');
      }
    } else if (got.reason === 'timeout') {
      this.io.print(this.io.t('client.udpSilence', { seconds: (this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS) / 1000, to: hostPort(sent.to) }), 'note');
    } else if (got.reason === 'aborted') {
      this.io.print(this.io.t('client.interrupted'), 'note');
    } else if (got.reason === 'error') {
      printCode(this.io, 'recvfrom', got.code, got.message);
    } else {
      this.io.print(this.io.t('client.closed'), 'error');
      this.udpSock = undefined;
    }
  }

  /** TCPClient.py: socket(), connect(), send(), recv() until the server closes, close(). */
  private async tcpExchange(line: string, host: string, port: number, signal: AbortSignal): Promise<void> {
    const { client, inbox } = await this.link.get();
    const sock = this.link.lab.newSocketId('tcp-client');
    inbox.watch(sock);
    this.hooks.onSocket(sock);
    try {
      try {
        await client.tcpConnect(sock, host, port);
      } catch (error) {
        printFailure(this.io, 'connect', error);
        return;
      }
      try {
        await client.tcpSend(sock, line);
      } catch (error) {
        printFailure(this.io, 'send', error);
        return;
      }
      await this.readReply(sock, port, signal);
    } finally {
      inbox.unwatch(sock);
      // close() once the reply is read or the wait ended; an already closed socket is fine
      client.closeSocket(sock).catch(() => undefined);
    }
  }

  private async readReply(sock: string, port: number, signal: AbortSignal): Promise<void> {
    const { inbox } = await this.link.get();
    const parts: Uint8Array[] = [];
    let total = 0;
    let chunks = 0;
    let ending: 'eof' | 'timeout' | 'aborted' | 'failed' = 'timeout';
    let toldHeld = false;
    // a reset is reported after the bytes that arrived before it, as Python's recv() would raise it
    let failure: { code: string; message: string } | undefined;
    for (let i = 0; i < MAX_RECVS; i++) {
      const got = await inbox.recv(sock, TCP_RECV_SIZE, this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS, signal);
      // the relay between is holding the pieces (an instructor stepping slowly): recv() waits on,
      // as TCPClient.py's would, so the pieces let go later still find the connection open
      if (!got.ok && got.reason === 'timeout' && this.link.lab.holding?.(port)) {
        if (!toldHeld) this.io.print(this.io.t('client.tcpHeld'), 'note');
        toldHeld = true;
        continue;
      }
      if (got.ok && !got.value.eof) {
        parts.push(got.value.bytes);
        total += got.value.bytes.length;
        chunks++;
        continue;
      }
      if (got.ok) ending = 'eof';
      else if (got.reason === 'timeout' || got.reason === 'aborted') ending = got.reason;
      else {
        ending = 'failed';
        if (got.reason === 'error') failure = { code: got.code, message: got.message };
        else ending = 'eof'; // closed without a FIN event: the same to the reader
      }
      break;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      bytes.set(p, at);
      at += p.length;
    }
    if (total > 0) this.io.print(safeText(decode(bytes)), 'out');
    if (failure) printCode(this.io, 'recv', failure.code, failure.message);
    if (ending === 'eof') this.io.print(this.io.t('client.tcpDone', { size: total, count: chunks }), 'note');
    else if (ending === 'timeout')
      this.io.print(this.io.t('client.tcpSilence', { seconds: (this.options.replyTimeoutMs ?? REPLY_TIMEOUT_MS) / 1000, size: total }), 'note');
    else if (ending === 'aborted') this.io.print(this.io.t('client.interrupted'), 'note');
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.echo?.dispose();
    this.request?.dispose();
    const linked = this.link.peek();
    if (linked && this.udpSock?.epoch === linked.epoch) linked.client.closeSocket(this.udpSock.id).catch(() => undefined);
    this.udpSock = undefined;
  }
}
