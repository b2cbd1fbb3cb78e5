// The page's side of a Python program's socket calls: each call the program makes (lab_socket.py)
// arrives here as { op, args } and is carried to the bridge through the page's own session, so the
// program's sockets are real sockets on this machine, drawn in the flow and the sockets panel like
// every other. What arrives for a socket waits in the Inbox until the program calls recv/accept.
// No Worker and no DOM here: the tests drive it with a real LabClient against the real bridge.
import { pageSocketId } from '../../protocol/socket-ids.js';
import { LabError, type LabClient } from '../../protocol/client.js';
import { MAX_DATA_BYTES } from '../../protocol/limits.js';
import type { LabLink } from '../console/link.js';
import type { Inbox, Outcome } from '../console/inbox.js';
import { base64ToBytes, bytesToBase64 } from '../../protocol/base64.js';

/** What the program is told: a value, or an error it raises as Python's exception. */
export type Answer = Record<string, unknown>;

/** None in Python: wait as long as it takes (in turns; a timer cannot hold more). */
const FOREVER_MS = 2 ** 31 - 1;
/** The whole of a datagram, so recvfrom(bufsize) can cut it as the program asks. */
const UDP_BUFSIZE = 65535;

export interface ProgramHooks {
  /** A socket call ran on this line of the program (0: not from the program's own file). */
  onCall?(op: string, line: number): void;
  /** input(): the next line the student types in the program's console, or null at end of input. */
  readLine(signal: AbortSignal): Promise<string | null>;
  /** The lab's hint for a LAB_* refusal, in the page's language (asked of the page from the socket
   * worker, hence a promise there). */
  hint(code: string): string | undefined | Promise<string | undefined>;
  /** A socket id not used before in this page. */
  newSocketId?(name: string): string;
  /** The program bound a UDP socket or listened on a TCP one (the checks wait for a page server). */
  onBound?(proto: 'udp' | 'tcp', local: { address: string; port: number }): void;
}

export interface CallArgs {
  sock?: string;
  host?: string | null;
  port?: number;
  backlog?: number;
  data?: string;
  max?: number;
  timeout?: number | null;
  socks?: string[];
  line?: number;
}

function waitMs(timeout: number | null | undefined): number {
  return timeout === null || timeout === undefined ? FOREVER_MS : Math.max(0, Math.round(timeout * 1000));
}

const SOCKET_CALLS = new Set(['udp.open', 'udp.send', 'recvfrom', 'tcp.connect', 'tcp.listen', 'accept', 'send', 'recv', 'shutdown', 'close']);

/** Python's name for each op, as the code panel and the flow say it. */
export const CALL_NAMES: Record<string, string> = {
  'udp.open': 'bind',
  'udp.send': 'sendto',
  recvfrom: 'recvfrom',
  'tcp.connect': 'connect',
  'tcp.listen': 'listen',
  accept: 'accept',
  send: 'send',
  recv: 'recv',
  shutdown: 'shutdown',
  close: 'close',
  select: 'select',
};

export class ProgramSockets {
  /** Every socket the program has open, so the end of the program closes what it left. */
  readonly open = new Set<string>();
  private ids = 0;

  constructor(
    private readonly link: LabLink,
    private readonly hooks: ProgramHooks,
  ) {}

  /** Carries one call; never throws: a failure is an answer with `error`. */
  async handle(op: string, args: CallArgs, signal: AbortSignal): Promise<Answer> {
    if (SOCKET_CALLS.has(op) || op === 'select') this.hooks.onCall?.(CALL_NAMES[op] ?? op, args.line ?? 0);
    try {
      return await this.dispatch(op, args, signal);
    } catch (error) {
      if (signal.aborted) return { error: 'interrupted' };
      return await this.failure(error);
    }
  }

  private async failure(error: unknown): Promise<Answer> {
    if (error instanceof LabError) {
      const hint = error.code.startsWith('LAB_') ? await this.hooks.hint(error.code) : undefined;
      return { error: error.code, message: error.event?.message ?? error.message, ...(hint ? { hint } : {}) };
    }
    return { error: 'EIO', message: error instanceof Error ? error.message : String(error) };
  }

  private outcome<T>(got: Outcome<T>, onTimeout: 'timeout' | 'EAGAIN', timeout: number | null | undefined): T | Answer {
    if (got.ok) return got.value;
    switch (got.reason) {
      case 'aborted':
        return { error: 'interrupted' };
      case 'timeout':
        return { error: timeout === 0 ? 'EAGAIN' : onTimeout };
      case 'closed':
        return { error: 'EBADF', message: 'the socket was closed' };
      case 'error':
        return { error: got.code, message: got.message };
    }
  }

  private async dispatch(op: string, a: CallArgs, signal: AbortSignal): Promise<Answer> {
    switch (op) {
      case 'resolve':
        // no DNS from a program in the page: this machine's names only (as the bridge's policy)
        if (a.host === 'localhost' || a.host === 'ip6-localhost') return { address: '127.0.0.1' };
        return { error: 'gaierror' };
      case 'newid':
        return { id: this.hooks.newSocketId?.(a.host ?? 'program') ?? pageSocketId(a.host ?? 'program', ++this.ids) };
      case 'input': {
        const line = await this.hooks.readLine(signal);
        if (signal.aborted) return { error: 'interrupted' };
        return line === null ? {} : { line };
      }
      default:
        return this.socketCall(op, a, signal);
    }
  }

  private async socketCall(op: string, a: CallArgs, signal: AbortSignal): Promise<Answer> {
    const { client, inbox } = await this.link.get();
    const sock = a.sock ?? '';
    switch (op) {
      case 'udp.open': {
        inbox.watch(sock);
        const got = await client.udpOpen(sock, { ...(a.host ? { host: a.host } : {}), port: a.port ?? 0, bufsize: UDP_BUFSIZE });
        this.open.add(sock);
        this.hooks.onBound?.('udp', got.local);
        return { local: got.local };
      }
      case 'udp.send': {
        const got = await client.request({ type: 'udp.send', sock, host: a.host ?? '127.0.0.1', port: a.port ?? 0, data: a.data ?? '' }, 'udp.sent');
        return { size: got.size };
      }
      case 'recvfrom': {
        const got = await inbox.recvfrom(sock, waitMs(a.timeout), signal);
        const value = this.outcome(got, 'timeout', a.timeout);
        if (!got.ok) return value;
        const datagram = got.value;
        return { data: datagram.data, from: datagram.from, size: datagram.size };
      }
      case 'tcp.connect': {
        inbox.watch(sock);
        const got = await Promise.race([client.tcpConnect(sock, a.host ?? '127.0.0.1', a.port ?? 0), aborted(signal)]);
        this.open.add(sock);
        return { local: got.local, remote: got.remote };
      }
      case 'tcp.listen': {
        inbox.watch(sock);
        const got = await client.tcpListen(sock, a.port ?? 0, { ...(a.host ? { host: a.host } : {}), backlog: a.backlog ?? 5 });
        this.open.add(sock);
        this.hooks.onBound?.('tcp', got.local);
        return { local: got.local };
      }
      case 'accept': {
        const got = await inbox.accept(sock, waitMs(a.timeout), signal);
        if (!got.ok) return this.outcome<Answer>(got, 'timeout', a.timeout);
        this.open.add(got.value.conn);
        return { conn: got.value.conn, local: got.value.local, remote: got.value.remote };
      }
      case 'send': {
        const bytes = base64ToBytes(a.data ?? '');
        let sent = 0;
        // the bridge takes at most MAX_DATA_BYTES a message: a longer send goes in pieces, in order
        // (send(b'') still makes one call, as in Python)
        let at = 0;
        do {
          const got = await client.request({ type: 'tcp.send', sock, data: bytesToBase64(bytes.subarray(at, at + MAX_DATA_BYTES)) }, 'tcp.sent');
          sent += got.size;
          at += MAX_DATA_BYTES;
        } while (at < bytes.length);
        return { size: sent };
      }
      case 'recv': {
        const got = await inbox.recv(sock, Math.max(1, a.max ?? 1024), waitMs(a.timeout), signal);
        if (!got.ok) {
          // the socket went away under the program: a stream that ended
          if (got.reason === 'closed') return { data: '' };
          return this.outcome<Answer>(got, 'timeout', a.timeout);
        }
        return { data: bytesToBase64(got.value.bytes) };
      }
      case 'shutdown':
        await client.tcpShutdown(sock);
        return {};
      case 'close':
        this.open.delete(sock);
        await closeQuietly(client, inbox, sock);
        return {};
      case 'select': {
        const got = await inbox.waitReadable(a.socks ?? [], waitMs(a.timeout), signal);
        if (!got.ok) return { error: 'interrupted' };
        return { ready: got.value };
      }
      default:
        return { error: 'EINVAL', message: `unknown call ${op}` };
    }
  }

  /** The program ended (or was stopped): close what it left open, as the OS does at exit. */
  async closeAll(): Promise<void> {
    const linked = this.link.peek();
    const left = [...this.open];
    this.open.clear();
    if (!linked) return;
    await Promise.all(left.map((sock) => closeQuietly(linked.client, linked.inbox, sock)));
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new LabError('interrupted', 'interrupted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

async function closeQuietly(client: LabClient, inbox: Inbox, sock: string): Promise<void> {
  try {
    await client.closeSocket(sock);
  } catch {
    // already closed by the peer or the bridge
  } finally {
    inbox.unwatch(sock);
  }
}
