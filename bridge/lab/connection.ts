// One connection socket of a lab server, reporting every call the way the page's own sockets do:
// accept() returned, each recv(), each send(), FIN each way, a reset, the close. Servers write
// with plain socket.write() (node:http does too); the writes are reported here, so no server can
// forget one and the page sees exactly the bytes that went out.
import type { Socket } from 'node:net';
import { MAX_EVENT_DATA_BYTES } from '../../protocol/limits.js';
import { address, localOf, osError } from '../events.js';
import type { LabContext } from './server.js';

type CloseReason = 'local' | 'peer' | 'error' | 'server';

export interface ConnectionOptions {
  /** A connection silent this long is closed, so a forgotten console cannot hold it forever. */
  idleMs: number;
  /** Leave recv() reporting to a later reportReads() call (node:http must see the socket first). */
  deferReads?: boolean;
}

/** How long close() waits for a peer that does not read before it gives up on a clean FIN. */
const CLOSE_GRACE_MS = 2000;

export class LabConnection {
  /** Settles when the socket is gone, whoever closed it. */
  readonly closed: Promise<void>;
  private reason: CloseReason | undefined;
  private graceTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly ctx: LabContext,
    /** "lab:<server>#<n>", the id the page's events use for this connection. */
    readonly id: string,
    readonly socket: Socket,
    options: ConnectionOptions,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    this.reportWrites();
    socket.setNoDelay(true); // each send() is its own segment, as the page's consoles show it
    socket.setTimeout(options.idleMs, () => this.close());
    socket.on('end', () => {
      this.reason ??= 'peer';
      ctx.emit({ type: 'tcp.peerClosed', sock: id });
    });
    socket.on('finish', () => {
      this.reason ??= 'local';
      ctx.emit({ type: 'tcp.finSent', sock: id });
    });
    socket.on('error', (error) => {
      const { code, message } = osError(error);
      this.reason = this.reason === 'server' ? 'server' : 'error';
      if (code === 'ECONNRESET') ctx.emit({ type: 'tcp.reset', sock: id, code });
      else ctx.emit({ type: 'socket.error', sock: id, code, message, call: code === 'EPIPE' ? 'send' : 'recv' });
    });
    socket.on('close', () => {
      clearTimeout(this.graceTimer);
      ctx.emit({ type: 'socket.closed', sock: id, reason: this.reason ?? 'local' });
    });
    if (!options.deferReads) this.reportReads();
  }

  /** accept() returned this connection: reports it. Undefined if the client has already gone. */
  static accept(ctx: LabContext, sock: string, id: string, socket: Socket, options: ConnectionOptions): LabConnection | undefined {
    const local = localOf(socket);
    if (!local || socket.remotePort === undefined || socket.destroyed) {
      socket.destroy();
      return undefined;
    }
    const remote = address({ address: socket.remoteAddress ?? '', port: socket.remotePort, family: socket.remoteFamily ?? 'IPv4' });
    ctx.emit({ type: 'tcp.accepted', sock, conn: id, local, remote });
    return new LabConnection(ctx, id, socket, options);
  }

  /** Reports each chunk as one recv() returned it, before any handler of the server sees it. */
  reportReads(): void {
    this.socket.prependListener('data', (chunk: Buffer) => {
      this.ctx.emit({ type: 'tcp.received', sock: this.id, data: preview(chunk), size: chunk.length });
    });
  }

  /** close(): FIN after whatever is queued, then the socket is released. */
  close(): void {
    const socket = this.socket;
    if (socket.destroyed) return;
    if (socket.writableEnded) {
      socket.destroy();
      return;
    }
    socket.end(() => socket.destroy());
    // a peer that never reads must not keep the socket forever
    this.graceTimer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  }

  /** The lab server itself is stopping. */
  shutDown(): void {
    this.reason = 'server';
    this.socket.destroy();
  }

  private reportWrites(): void {
    const socket = this.socket;
    const report = (chunk: unknown, encoding: unknown) => {
      const bytes = toBytes(chunk, encoding);
      if (bytes.length > 0) this.ctx.emit({ type: 'tcp.sent', sock: this.id, size: bytes.length, data: preview(bytes) });
    };
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = (chunk: unknown, encoding?: unknown, callback?: unknown) => {
      report(chunk, encoding);
      return write(chunk, encoding, callback);
    };
    const end = socket.end.bind(socket) as (...args: unknown[]) => Socket;
    socket.end = (chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') report(chunk, encoding);
      return end(chunk, encoding, callback);
    };
  }
}

/** Every connection a server has, so stopping the server closes them all at once. */
export class ConnectionSet {
  private readonly open = new Set<LabConnection>();

  add(conn: LabConnection): void {
    this.open.add(conn);
    void conn.closed.then(() => this.open.delete(conn));
  }

  get size(): number {
    return this.open.size;
  }

  shutDown(): void {
    for (const conn of this.open) conn.shutDown();
    this.open.clear();
  }
}

/** The bytes an event carries: a send or recv larger than an event may hold is cut (its size is
 * still the real one). */
function preview(bytes: Buffer): string {
  return bytes.subarray(0, MAX_EVENT_DATA_BYTES).toString('base64');
}

function toBytes(chunk: unknown, encoding: unknown): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.alloc(0);
}
