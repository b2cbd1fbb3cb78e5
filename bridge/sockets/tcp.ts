// TCP sockets of the page: a connection socket (from connect() or accept()) and a welcoming socket
// (listen()). Their states are the ones the student sees (protocol/socket-states.ts): each moves
// only as the socket reports an event, by the table the page folds the same events with, and a
// call that does not fit the state is refused with the table's reason.
import { createServer, Socket, type Server } from 'node:net';
import type { EventBody, RequestOf } from '../../protocol/messages.js';
import { address, addressOf, localOf, osError } from '../events.js';
import { SocketEntry, type SessionOwner } from './owner.js';
import { acceptedId } from '../../protocol/socket-ids.js';
import { isTcpEvent, nextTcpState, STATE_REFUSALS, tcpRefusalMessage, type TcpState } from '../../protocol/socket-states.js';

/** Moves a TCP socket's state by the event it reports (see SocketEntry.report). */
function moved(state: TcpState, id: string, event: EventBody): TcpState {
  return isTcpEvent(event.type) && 'sock' in event && event.sock === id ? nextTcpState(state, event.type) : state;
}

export class TcpConnection extends SocketEntry {
  readonly kind = 'tcp';
  /** CLOSED until tcp.connecting (or tcp.accepted) reports the socket on its way. */
  private state: TcpState = 'CLOSED';
  private socket: Socket | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private releaseInput: (() => void) | undefined;
  private closeReason: 'local' | 'peer' | 'error' | undefined;
  /** A send() waited sendBlockMs for the peer to read: further sends are refused until it drains. */
  private blocked = false;

  private constructor(
    owner: SessionOwner,
    id: string,
    private readonly connectReq?: number,
  ) {
    super(owner, id);
  }

  /** A client socket about to connect(); the session has counted it as a pending connect. */
  static connecting(owner: SessionOwner, id: string, req?: number): TcpConnection {
    return new TcpConnection(owner, id, req);
  }

  /** A connection socket accept() returned, already ESTABLISHED: its welcoming socket reports
   * the tcp.accepted that names it. */
  static accepted(owner: SessionOwner, id: string, socket: Socket): TcpConnection {
    const conn = new TcpConnection(owner, id);
    conn.state = nextTcpState(conn.state, 'tcp.accepted');
    conn.attach(socket);
    return conn;
  }

  protected override report(event: EventBody): void {
    this.state = moved(this.state, this.id, event);
    super.report(event);
  }

  /** connect() twice, or listen() on a connection socket. */
  override reuse(request: RequestOf<'tcp.connect' | 'tcp.listen'>): void {
    const call = request.type === 'tcp.connect' ? 'connect' : 'listen';
    // before tcp.connecting the socket is CLOSED in the table, but its connect() is under way
    this.wrongState(call, request.req, tcpRefusalMessage(this.state, call) ?? STATE_REFUSALS.notFresh(call, 'SYN_SENT'));
  }

  connect(host: string, port: number): void {
    const req = this.connectReq;
    void this.owner.policy.resolve(host, port, 'tcp').then((verdict) => {
      if (this.closed) return this.owner.endConnect();
      if (!verdict.ok) {
        this.owner.endConnect();
        this.owner.error(verdict.code, verdict.message, { sock: this.id, req, call: 'connect' });
        this.closed = true;
        this.owner.release(this.id, this);
        return;
      }
      this.report({ type: 'tcp.connecting', sock: this.id, remote: addressOf(verdict.address, port) });
      const socket = new Socket({ allowHalfOpen: true });
      this.attach(socket);
      this.connectTimer = setTimeout(() => {
        if (this.state !== 'SYN_SENT') return;
        this.owner.error('ETIMEDOUT', `connect() to ${verdict.address}:${port} got no answer within ${this.owner.limits.connectTimeoutMs} ms.`, {
          sock: this.id,
          req,
          call: 'connect',
        });
        this.closeReason = 'error';
        socket.destroy();
      }, this.owner.limits.connectTimeoutMs);
      socket.connect({ host: verdict.address, port, family: verdict.family }, () => {
        clearTimeout(this.connectTimer);
        this.owner.endConnect();
        const local = localOf(socket);
        const remote =
          socket.remotePort !== undefined
            ? address({ address: socket.remoteAddress ?? verdict.address, port: socket.remotePort, family: socket.remoteFamily ?? 'IPv4' })
            : undefined;
        if (local && remote) this.report({ type: 'tcp.connected', sock: this.id, req, local, remote });
        if (this.owner.isPaused) socket.pause();
      });
      this.routeConnection(socket, { address: verdict.address, port });
    });
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.owner.emit({ type: 'tcp.received', sock: this.id, data: chunk.toString('base64'), size: chunk.length });
    });
    socket.on('end', () => {
      // libuv reports a reset that arrives together with the last data (a server that close()s
      // with unread bytes) as an end of stream. A zero-byte write tells them apart: it sends
      // nothing after a FIN and fails with ECONNRESET after a reset, which 'error' reports.
      // Only when nothing is queued: queued bytes would delay the answer, and fail on a reset.
      if (this.state === 'ESTABLISHED' && socket.writable && socket.writableLength === 0) {
        socket.write(Buffer.alloc(0), (error) => {
          if (!error) this.peerClosed();
        });
      } else {
        this.peerClosed();
      }
    });
    socket.on('error', (error) => {
      const { code, message } = osError(error);
      const connecting = this.state === 'SYN_SENT';
      this.closeReason = 'error';
      if (code === 'ECONNRESET' && !connecting) {
        this.report({ type: 'tcp.reset', sock: this.id, code });
      } else {
        this.owner.error(code, message, {
          sock: this.id,
          req: connecting ? this.connectReq : undefined,
          call: connecting ? 'connect' : code === 'EPIPE' ? 'send' : 'recv',
        });
      }
    });
    socket.on('close', () => {
      clearTimeout(this.connectTimer);
      if (this.state === 'SYN_SENT') this.owner.endConnect();
      this.releaseInput?.();
      this.releaseInput = undefined;
      this.finish(this.closeReason ?? 'peer');
    });
  }

  private peerClosed(): void {
    this.report({ type: 'tcp.peerClosed', sock: this.id });
    // this side's FIN went first (TIME_WAIT): this side closed it
    this.closeReason ??= this.state === 'TIME_WAIT' ? 'local' : 'peer';
  }

  override send(request: RequestOf<'tcp.send'>): void {
    const socket = this.socket;
    const refused = tcpRefusalMessage(this.state, 'send');
    if (refused !== undefined || !socket) return this.wrongState('send', request.req, refused);
    if (this.blocked) {
      return this.owner.error(
        'LAB_SEND_BLOCKED',
        `The peer of ${this.id} has not read for ${this.owner.limits.sendBlockMs / 1000} s and its buffers are full: these bytes were not sent. Try again once it reads.`,
        { sock: this.id, req: request.req, call: 'send' },
      );
    }
    const payload = Buffer.from(request.data, 'base64');
    const flushed = socket.write(payload);
    this.owner.emit({ type: 'tcp.sent', sock: this.id, req: request.req, size: payload.length, data: request.data });
    if (!flushed && !this.releaseInput) {
      // like a blocking send(): stop reading the page's requests until the kernel takes more; a
      // send() blocked too long times out (as with SO_SNDTIMEO), so the page can still act, for
      // example let go of the relay hold that its own bytes are stuck behind
      const release = this.owner.holdInput();
      const timeout = setTimeout(() => {
        this.blocked = true;
        release();
      }, this.owner.limits.sendBlockMs);
      this.releaseInput = () => {
        clearTimeout(timeout);
        release();
      };
      socket.once('drain', () => {
        this.blocked = false;
        this.releaseInput?.();
        this.releaseInput = undefined;
      });
    }
  }

  override shutdown(request: RequestOf<'tcp.shutdown'>): void {
    const socket = this.socket;
    const refused = tcpRefusalMessage(this.state, 'shutdown');
    if (refused !== undefined || !socket) return this.wrongState('shutdown', request.req, refused);
    this.sendFin(socket, request.req);
  }

  /** FIN is queued after every byte sent before it, at once: from here on the socket is FIN_WAIT
   * (LAST_ACK after the peer's FIN), for its calls and in the report, whenever the bytes drain. */
  private sendFin(socket: Socket, req?: number): void {
    this.report({ type: 'tcp.finSent', sock: this.id, req });
    socket.end();
  }

  close(): void {
    const socket = this.socket;
    if (this.closed) return;
    this.closeReason ??= 'local';
    if (!socket || this.state === 'SYN_SENT') {
      // closed at once, so a second close() is answered like any close of a closed socket
      this.closeReason = 'local';
      socket?.destroy();
      this.finish('local');
      return;
    }
    if (this.state === 'ESTABLISHED' || this.state === 'CLOSE_WAIT') {
      // close() sends FIN after what is queued, then releases the socket
      this.sendFin(socket);
      socket.once('finish', () => socket.destroy());
      // a peer that never reads must not keep the socket forever
      setTimeout(() => socket.destroy(), 2000).unref();
    } else {
      socket.destroy();
    }
  }

  override pause(): void {
    this.socket?.pause();
  }
  override resume(): void {
    this.socket?.resume();
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.connectTimer);
    this.socket?.destroy();
  }
}

/** The welcoming socket: listen(backlog); each accept() yields a new connection socket. */
export class TcpWelcoming extends SocketEntry {
  readonly kind = 'welcoming';
  private readonly server: Server;
  private accepted = 0;
  /** LISTEN once tcp.listening reports it. */
  private state: TcpState = 'CLOSED';

  constructor(owner: SessionOwner, id: string, host: string, port: number, backlog: number, req?: number) {
    super(owner, id);
    this.server = createServer({ allowHalfOpen: true });
    this.server.on('error', (error) => {
      const { code, message } = osError(error);
      const listening = this.state === 'LISTEN';
      this.owner.error(code, message, { sock: this.id, req: listening ? undefined : req, call: listening ? 'accept' : 'bind' });
      if (!listening) this.teardown('error');
    });
    this.server.on('connection', (socket) => this.accept(socket));
    this.server.listen({ host, port, backlog, exclusive: true }, () => {
      const local = localOf(this.server);
      if (local) this.report({ type: 'tcp.listening', sock: this.id, req, local, backlog });
    });
  }

  private accept(socket: Socket): void {
    const connId = acceptedId(this.id, ++this.accepted);
    const local = localOf(socket);
    const remote =
      socket.remotePort !== undefined
        ? address({ address: socket.remoteAddress ?? '', port: socket.remotePort, family: socket.remoteFamily ?? 'IPv4' })
        : undefined;
    const conn = this.owner.adopt(connId, () => TcpConnection.accepted(this.owner, connId, socket));
    if (!conn) {
      socket.destroy(); // over quota: the error event has said why
      return;
    }
    if (local && remote) this.report({ type: 'tcp.accepted', sock: this.id, conn: connId, local, remote });
    if (this.owner.isPaused) socket.pause();
  }

  protected override report(event: EventBody): void {
    this.state = moved(this.state, this.id, event);
    super.report(event);
  }

  // a welcoming socket carries no data: send() and shutdown() answer from the table
  override send(request: RequestOf<'tcp.send'>): void {
    this.wrongState('send', request.req, tcpRefusalMessage(this.state, 'send'));
  }
  override shutdown(request: RequestOf<'tcp.shutdown'>): void {
    this.wrongState('shutdown', request.req, tcpRefusalMessage(this.state, 'shutdown'));
  }
  override reuse(request: RequestOf<'tcp.connect' | 'tcp.listen'>): void {
    const call = request.type === 'tcp.connect' ? 'connect' : 'listen';
    this.wrongState(call, request.req, tcpRefusalMessage(this.state, call) ?? STATE_REFUSALS.notFresh(call, 'LISTEN'));
  }

  close(): void {
    this.teardown('local');
  }

  private teardown(reason: 'local' | 'error'): void {
    if (this.closed) return;
    // closing the welcoming socket stops new connections; accepted ones carry on, as in Python
    this.server.close();
    this.finish(reason);
  }

  dispose(): void {
    this.closed = true;
    this.server.close();
  }
}
