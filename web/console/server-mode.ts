// The textbook server, run by the page: UDPServer.py (bind, then for each datagram: recvfrom,
// upper, sendto back) or TCPServer.py (listen(1), then for each connection: accept, recv(1024),
// upper, send, close). Unlike the textbook's iterative loop, the page serves each accepted
// connection at once (lesson 4 shows two connection sockets open together). The student runs a client from a terminal against it. Ctrl-C stops it,
// as KeyboardInterrupt stops the Python server; Enter starts it again.
import { fromBase64 } from '../../protocol/client.js';
import { printCode, printFailure } from './failures.js';
import type { ConsoleIO, ConsoleMode } from './io.js';
import type { LabLink, Linked } from './link.js';
import { decode, hostPort, pyStr, safeText } from './text.js';
import { RECV_BUFSIZE } from '../../protocol/textbook.js';

/** A server waits for ever; in the lab each wait is cut into slices this long (then waits again). */
const WAIT_SLICE_MS = 60 * 60 * 1000;
/** TCPServer.py's recv(1024) on a connection socket, and how long we let a client take to send. */
const TCP_RECV_SIZE = RECV_BUFSIZE;
export const CONNECTION_RECV_TIMEOUT_MS = 30_000;

export const READY_LINE = 'The server is ready to receive';

export interface ServerOptions {
  proto: 'udp' | 'tcp';
  port: number;
  bufsize: number;
}

export interface ServerHooks {
  onSocket(id: string | undefined): void;
}

export class ServerMode implements ConsoleMode {
  private running: { stop: AbortController; sock?: string; linked: Linked } | undefined;
  private disposed = false;
  private starting = false;

  constructor(
    private readonly io: ConsoleIO,
    private readonly link: LabLink,
    private readonly options: ServerOptions,
    private readonly hooks: ServerHooks,
  ) {}

  prompt(): string | null {
    return this.running || this.starting ? null : this.io.t('server.restartPrompt');
  }

  start(): void {
    void this.serve();
  }

  /** Enter while stopped starts the server again. */
  run(): Promise<void> {
    if (!this.running) void this.serve();
    return Promise.resolve();
  }

  interrupt(): void {
    if (!this.running) return;
    this.io.print('KeyboardInterrupt', 'error');
    this.stop();
    this.io.print(this.io.t('server.stopped'), 'note');
  }

  private stop(): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    running.stop.abort();
    if (running.sock) {
      running.linked.client.closeSocket(running.sock).catch(() => undefined);
      running.linked.inbox.unwatch(running.sock);
    }
    if (!this.disposed) this.io.refreshPrompt();
  }

  private async serve(): Promise<void> {
    if (this.running || this.starting || this.disposed) return;
    this.starting = true;
    let linked: Linked;
    try {
      linked = await this.link.get();
    } catch {
      return; // the console closed while waiting for the bridge: nothing left to serve
    } finally {
      this.starting = false;
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- dispose() may have run while link.get() was awaited
    if (this.disposed) return;
    const running: NonNullable<ServerMode['running']> = { stop: new AbortController(), linked };
    this.running = running;
    this.io.refreshPrompt();
    const sock = this.link.lab.newSocketId(`${this.options.proto}-server`);
    linked.inbox.watch(sock);
    try {
      if (this.options.proto === 'udp') await linked.client.udpOpen(sock, { port: this.options.port, bufsize: this.options.bufsize });
      else await linked.client.tcpListen(sock, this.options.port, { backlog: 1 });
    } catch (error) {
      linked.inbox.unwatch(sock);
      printFailure(this.io, this.options.proto === 'udp' ? 'bind' : 'listen', error);
      if (this.running === running) this.stop();
      return;
    }
    running.sock = sock;
    this.hooks.onSocket(sock);
    this.io.print(READY_LINE, 'out');
    if (this.options.proto === 'udp') await this.udpLoop(running.linked, sock, running.stop.signal);
    else await this.tcpLoop(running.linked, sock, running.stop.signal);
    if (this.running === running) this.stop();
  }

  private async udpLoop({ client, inbox }: Linked, sock: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const got = await inbox.recvfrom(sock, WAIT_SLICE_MS, signal);
      if (!got.ok) {
        if (got.reason === 'timeout') continue;
        if (got.reason === 'error') {
          printCode(this.io, 'recvfrom', got.code, got.message);
          continue;
        }
        return;
      }
      const { from, size, truncated } = got.value;
      const message = decode(fromBase64(got.value.data));
      this.io.print(this.io.t('server.udpFrom', { from: hostPort(from), count: size }), 'note');
      this.io.print(safeText(message), 'out');
      if (truncated) this.io.print(this.io.t('client.truncated', { bufsize: this.options.bufsize, kept: fromBase64(got.value.data).length, size }), 'note');
      const reply = message.toUpperCase();
      try {
        const sent = await client.udpSend(sock, from.address, from.port, reply);
        this.io.print(this.io.t('server.replied', { text: pyStr(reply), count: sent.size, to: hostPort(from) }), 'note');
      } catch (error) {
        printFailure(this.io, 'sendto', error);
      }
    }
  }

  private async tcpLoop(linked: Linked, sock: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const got = await linked.inbox.accept(sock, WAIT_SLICE_MS, signal);
      if (!got.ok) {
        if (got.reason === 'timeout') continue;
        if (got.reason === 'error') {
          printCode(this.io, 'accept', got.code, got.message);
          continue;
        }
        return;
      }
      // each connection is served on its own, so a silent client does not hold up the next one
      void this.serveConnection(linked, got.value.conn, hostPort(got.value.remote), signal);
    }
  }

  /** One connection, as TCPServer.py serves it: recv(1024), upper, send, close. */
  private async serveConnection({ client, inbox }: Linked, conn: string, remote: string, signal: AbortSignal): Promise<void> {
    this.io.print(this.io.t('server.accepted', { remote, conn }), 'note');
    try {
      const got = await inbox.recv(conn, TCP_RECV_SIZE, CONNECTION_RECV_TIMEOUT_MS, signal);
      if (!got.ok) {
        if (got.reason === 'timeout') this.io.print(this.io.t('server.silentClient', { seconds: CONNECTION_RECV_TIMEOUT_MS / 1000 }), 'note');
        else if (got.reason === 'error') printCode(this.io, 'recv', got.code, got.message);
        return;
      }
      if (got.value.eof) {
        this.io.print(this.io.t('server.emptyClose'), 'note');
        return;
      }
      const sentence = decode(got.value.bytes);
      this.io.print(safeText(sentence), 'out');
      const reply = sentence.toUpperCase();
      try {
        const sent = await client.tcpSend(conn, reply);
        this.io.print(this.io.t('server.repliedTcp', { text: pyStr(reply), count: sent.size }), 'note');
      } catch (error) {
        printFailure(this.io, 'send', error);
      }
    } finally {
      inbox.unwatch(conn);
      client.closeSocket(conn).catch(() => undefined);
      this.io.print(this.io.t('server.connClosed', { conn }), 'note');
    }
  }

  /** Stops the server and closes its socket. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stop();
  }
}
