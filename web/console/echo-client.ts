// Lesson 5's echo client (EchoClient.py): one TCP connection kept open for many lines. The first
// line connects; each line is send() and one recv(1024); an empty line closes the connection, as
// the listing's loop does. The wait in recv() is long and Ctrl-C stops it, because waiting is the
// lesson: against an iterative server the second client's reply comes only when the first closes.
//
// Its strings live in the "framing" namespace (framing.json, echoClient.*) next to the rest of
// lessons 5 and 6.
import { printCode, printFailure } from './failures.js';
import type { ConsoleIO } from './io.js';
import type { LabLink } from './link.js';
import { decode, hostPort, safeText } from './text.js';
import { RECV_BUFSIZE } from '../../protocol/textbook.js';

/** EchoClient.py's input() prompt: program output, so English in every language. */
export const ECHO_PROMPT = 'Input sentence: ';
/** EchoClient.py reads with recv(1024). */
const RECV_SIZE = RECV_BUFSIZE;
/** Longer than the iterative server's 30 s patience with a silent client, so a waiting client
 * normally sees its reply arrive. */
export const ECHO_WAIT_MS = 60_000;

const t = (io: ConsoleIO, key: string, vars?: Record<string, unknown>) => io.t(`framing:echoClient.${key}`, vars);

export class EchoClient {
  private sock: { id: string; epoch: number } | undefined;

  constructor(
    private readonly io: ConsoleIO,
    private readonly link: LabLink,
    private readonly onSocket: (id: string | undefined) => void,
    private readonly waitMs = ECHO_WAIT_MS,
  ) {}

  intro(): void {
    this.io.print(t(this.io, 'intro'), 'note');
  }

  /** One turn of the loop: connect if needed, send the line, recv() once. */
  async exchange(line: string, host: string, port: number, signal: AbortSignal): Promise<void> {
    const { client, inbox, epoch } = await this.link.get();
    if (this.sock?.epoch !== epoch) {
      const id = this.link.lab.newSocketId('echo-client');
      inbox.watch(id);
      this.onSocket(id);
      try {
        const done = await client.tcpConnect(id, host, port);
        this.io.print(t(this.io, 'connected', { local: hostPort(done.local), remote: hostPort(done.remote) }), 'note');
      } catch (error) {
        inbox.unwatch(id);
        printFailure(this.io, 'connect', error);
        return;
      }
      this.sock = { id, epoch };
    }
    const sock = this.sock.id;
    // a reply that came after an earlier recv() gave up is still in the socket
    const late = await inbox.recv(sock, 65536, 0);
    if (late.ok && late.value.bytes.length > 0) this.io.print(t(this.io, 'late', { text: safeText(decode(late.value.bytes)) }), 'note');
    try {
      const sent = await client.tcpSend(sock, line);
      this.io.print(t(this.io, 'sent', { count: sent.size }), 'note');
    } catch (error) {
      printFailure(this.io, 'send', error);
      return this.drop();
    }
    const got = await inbox.recv(sock, RECV_SIZE, this.waitMs, signal);
    if (got.ok && !got.value.eof) {
      this.io.print(safeText(decode(got.value.bytes)), 'out');
      this.io.print(t(this.io, 'received', { count: got.value.bytes.length }), 'note');
    } else if (got.ok || got.reason === 'closed') {
      this.io.print(t(this.io, 'serverClosed'), 'note');
      this.drop();
    } else if (got.reason === 'error') {
      printCode(this.io, 'recv', got.code, got.message);
      this.drop();
    } else {
      this.io.print(t(this.io, got.reason === 'timeout' ? 'silence' : 'interrupted', { seconds: this.waitMs / 1000 }), 'note');
    }
  }

  /** The empty line: leave the loop and close(); the next line connects again. */
  close(): void {
    if (!this.sock) {
      this.io.print(t(this.io, 'notConnected'), 'note');
      return;
    }
    this.io.print(t(this.io, 'closing'), 'note');
    this.drop();
  }

  private drop(): void {
    const linked = this.link.peek();
    if (this.sock && linked?.epoch === this.sock.epoch) {
      linked.client.closeSocket(this.sock.id).catch(() => undefined);
      linked.inbox.unwatch(this.sock.id);
    }
    this.sock = undefined;
  }

  /** Safe to call twice. */
  dispose(): void {
    this.drop();
  }
}
