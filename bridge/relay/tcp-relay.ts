// The TCP relay: each client connection to the relay's port gets its own connection to the
// server, and the bytes are passed on in pieces of at most segmentBytes, each delayed as the path
// decides. TCP cannot lose or reorder bytes for the application: a piece the path "loses" is
// retransmitted after retransmitMs, and everything behind it waits (head-of-line blocking), so
// the student sees loss turn into delay.
import { createServer, Socket, type Server } from 'node:net';
import type { Address } from '../../protocol/messages.js';
import { address, localOf, osError } from '../events.js';
import { RelayEntry, type Direction, type Packet } from './relay-entry.js';
import { acceptedId, upstreamId } from '../../protocol/socket-ids.js';

const MAX_CONNECTIONS = 16;
/** Bytes the relay lets wait in a receiving side's send buffer before it stops cutting pieces for
 * it: a server that does not read holds the relay at this, not at everything the client sends. */
const WRITE_HIGH_BYTES = 64 * 1024;

interface Pipe {
  client: Socket;
  server: Socket;
  front: string; // id of the client-facing connection socket
  back: string; // id of the server-facing connection socket
  /** When the last piece in each direction is due: pieces follow each other, never overtake. */
  due: Record<Direction, number>;
  /** Pieces on their way, in order, per direction; one timer moves the head along. */
  line: Record<Direction, Piece[]>;
  moving: Record<Direction, boolean>;
  /** Pieces scheduled but not yet written, per direction; FIN waits for them. */
  inFlight: Record<Direction, number>;
  finPending: Record<Direction, boolean>;
  /** The sending side was reset: the receiving side is closed once the pieces before it arrive. */
  resetPending: Record<Direction, boolean>;
  /** Bytes read but not yet cut into pieces: their sending side is paused while any wait. */
  unread: Record<Direction, Buffer[]>;
  stalled: Record<Direction, boolean>;
  /** The server side's connect() has completed. */
  connected: boolean;
  /** Releases the lab's events about the server side (see lab/hub.ts). */
  unroute?: () => void;
}

interface Piece extends Packet {
  pipe: Pipe;
  bytes: Buffer;
  due: number;
}

export class TcpRelay extends RelayEntry {
  private server: Server | undefined;
  private readonly pipes = new Set<Pipe>();
  private accepted = 0;

  protected listen(ready: (local: Address) => void): void {
    const server = createServer({ allowHalfOpen: true });
    this.server = server;
    let listening = false;
    server.on('error', (error) => {
      const { code, message } = osError(error);
      this.owner.error(code, message, { sock: this.id, req: listening ? undefined : this.request.req, call: listening ? 'accept' : 'bind' });
      if (!listening) this.fail();
    });
    server.on('connection', (client) => this.accept(client));
    server.listen({ host: this.host, port: this.port, backlog: 16, exclusive: true }, () => {
      listening = true;
      const local = localOf(server);
      if (!local) return;
      this.owner.emit({ type: 'tcp.listening', sock: this.id, local, backlog: 16 });
      ready(local);
    });
  }

  private accept(client: Socket): void {
    const target = this.target;
    if (!target) {
      client.destroy();
      return;
    }
    if (this.pipes.size >= MAX_CONNECTIONS) {
      client.destroy();
      this.refuse('LAB_QUOTA_SOCKETS', `${this.id} already relays ${MAX_CONNECTIONS} connections at once; this one was closed.`, 'accept');
      return;
    }
    // a client connection and its server connection: two descriptors
    const refused = this.owner.takeFiles(2);
    if (refused) {
      client.destroy();
      this.refuse('LAB_QUOTA_FILES', refused, 'accept');
      return;
    }
    const n = ++this.accepted;
    const pipe: Pipe = {
      client,
      server: new Socket({ allowHalfOpen: true }),
      front: acceptedId(this.id, n),
      back: upstreamId(this.id, n),
      due: { toServer: 0, toClient: 0 },
      line: { toServer: [], toClient: [] },
      moving: { toServer: false, toClient: false },
      inFlight: { toServer: 0, toClient: 0 },
      finPending: { toServer: false, toClient: false },
      resetPending: { toServer: false, toClient: false },
      unread: { toServer: [], toClient: [] },
      stalled: { toServer: false, toClient: false },
      connected: false,
    };
    this.pipes.add(pipe);
    const local = localOf(client);
    if (local && client.remotePort !== undefined) {
      const remote = address({ address: client.remoteAddress ?? '', port: client.remotePort, family: client.remoteFamily ?? 'IPv4' });
      this.owner.emit({ type: 'tcp.accepted', sock: this.id, conn: pipe.front, local, remote });
    }
    client.pause(); // nothing is read until the server side is connected
    this.owner.emit({ type: 'tcp.connecting', sock: pipe.back, remote: target });
    pipe.server.connect({ host: target.address, port: target.port }, () => {
      pipe.connected = true;
      const from = localOf(pipe.server);
      if (from) this.owner.emit({ type: 'tcp.connected', sock: pipe.back, local: from, remote: target });
      client.resume();
    });
    pipe.unroute = this.routeConnection(pipe.server, target);
    this.wire(pipe, client, pipe.front, pipe.server, 'toServer');
    this.wire(pipe, pipe.server, pipe.back, client, 'toClient');
  }

  /** Reads from `from` (reported as socket `fromId`) and passes the bytes on to `to`. */
  private wire(pipe: Pipe, from: Socket, fromId: string, to: Socket, dir: Direction): void {
    from.on('data', (chunk: Buffer) => {
      this.owner.emit({ type: 'tcp.received', sock: fromId, data: chunk.toString('base64'), size: chunk.length });
      pipe.unread[dir].push(chunk);
      this.pump(pipe, dir);
    });
    to.on('drain', () => this.pump(pipe, dir));
    from.on('end', () => {
      this.owner.emit({ type: 'tcp.peerClosed', sock: fromId });
      pipe.finPending[dir] = true;
      this.maybeFin(pipe, dir);
    });
    from.on('error', (error) => {
      const { code, message } = osError(error);
      if (code === 'ECONNRESET') this.owner.emit({ type: 'tcp.reset', sock: fromId, code });
      else this.owner.error(code, message, { sock: fromId, call: dir === 'toClient' && !pipe.connected ? 'connect' : code === 'EPIPE' ? 'send' : 'recv' });
      // what was already on the path still arrives (tcp-upper's reply before the reset its close
      // caused); bytes not yet cut into pieces are lost with the connection
      pipe.unread[dir] = [];
      pipe.resetPending[dir] = true;
      this.maybeClose(pipe, dir);
    });
    from.on('close', () => {
      this.owner.emit({ type: 'socket.closed', sock: fromId, reason: 'peer' });
      if (pipe.client.destroyed && pipe.server.destroyed) this.gone(pipe);
    });
  }

  /** Both sides of a pipe have closed: its descriptors and its claim go back, once. */
  private gone(pipe: Pipe): void {
    if (!this.pipes.delete(pipe)) return;
    pipe.unroute?.();
    this.owner.giveFiles(2);
  }

  /** The two ends of a direction: who sends into the relay, who it writes to. */
  private ends(pipe: Pipe, dir: Direction): { from: Socket; to: Socket; toId: string } {
    return dir === 'toServer' ? { from: pipe.client, to: pipe.server, toId: pipe.back } : { from: pipe.server, to: pipe.client, toId: pipe.front };
  }

  /** Cuts what was read into pieces while the direction's queue has room and the receiving side
   * takes more; otherwise stops reading from the sending side (TCP's flow control then slows the
   * sender down, as a full receive window does), and reads again once the queue has drained. */
  private pump(pipe: Pipe, dir: Direction): void {
    const { from, to } = this.ends(pipe, dir);
    const unread = pipe.unread[dir];
    const queue = this.queues[dir];
    while (unread.length > 0) {
      const head = unread[0]!;
      const size = Math.min(this.settings.segmentBytes, head.length);
      if (to.writableLength >= WRITE_HIGH_BYTES || !queue.fits(size)) break;
      if (size === head.length) unread.shift();
      else unread[0] = head.subarray(size);
      this.schedule(pipe, dir, head.subarray(0, size), false);
    }
    const stall = unread.length > 0;
    if (stall && !pipe.stalled[dir]) {
      pipe.stalled[dir] = true;
      from.pause();
      this.overflow.note(dir, 'paused');
    } else if (!stall && pipe.stalled[dir]) {
      pipe.stalled[dir] = false;
      if (!this.owner.isPaused) from.resume();
    }
  }

  private schedule(pipe: Pipe, dir: Direction, bytes: Buffer, retransmission: boolean): void {
    const fate = this.judge(dir);
    const id = this.packetId();
    // a slow path: each piece leaves delayMs (± jitter) after the one before it; a piece the path
    // "loses" is sent again by TCP after retransmitMs, and the pieces behind it wait for it
    const delay = fate.lost ? this.settings.retransmitMs : fate.delays[0]!;
    const now = Date.now();
    const due = Math.max(pipe.due[dir], now) + delay;
    pipe.due[dir] = due;
    pipe.inFlight[dir]++;
    this.queues[dir].take(bytes.length);
    this.owner.emit({
      type: 'relay.arrived',
      sock: this.id,
      copies: [id],
      dir,
      size: bytes.length,
      data: bytes.toString('base64'),
      lost: fate.lost,
      delays: [due - now],
      reordered: false,
      retransmission: retransmission || fate.lost,
    });
    pipe.line[dir].push(this.piece(id, pipe, dir, bytes, due));
    this.move(pipe, dir);
  }

  private piece(id: number, pipe: Pipe, dir: Direction, bytes: Buffer, due: number): Piece {
    const { to, toId } = this.ends(pipe, dir);
    return {
      id,
      dir,
      size: bytes.length,
      pipe,
      bytes,
      due,
      deliver: () => {
        pipe.inFlight[dir]--;
        this.queues[dir].give(bytes.length);
        if (!to.destroyed && to.writable) {
          to.write(bytes);
          this.owner.emit({ type: 'tcp.sent', sock: toId, size: bytes.length, data: bytes.toString('base64') });
        }
        this.pump(pipe, dir);
        this.maybeFin(pipe, dir);
        this.maybeClose(pipe, dir);
      },
    };
  }

  /** Moves the head of a direction's line into the hold (or out) when it is due, one at a time. */
  private move(pipe: Pipe, dir: Direction): void {
    if (pipe.moving[dir]) return;
    const head = pipe.line[dir][0];
    if (!head) return;
    pipe.moving[dir] = true;
    this.after(head.due - Date.now(), () => {
      pipe.moving[dir] = false;
      pipe.line[dir].shift();
      this.hold.arrive(head);
      this.move(pipe, dir);
    });
  }

  /** Passes a FIN on once every piece before it has been delivered. */
  private maybeFin(pipe: Pipe, dir: Direction): void {
    const { to, toId } = this.ends(pipe, dir);
    if (!pipe.finPending[dir] || pipe.inFlight[dir] > 0 || pipe.unread[dir].length > 0 || to.destroyed) return;
    pipe.finPending[dir] = false;
    to.end(() => this.owner.emit({ type: 'tcp.finSent', sock: toId }));
  }

  /** Passes a reset on (closes the receiving side) once every piece before it has been delivered. */
  private maybeClose(pipe: Pipe, dir: Direction): void {
    if (!pipe.resetPending[dir] || pipe.inFlight[dir] > 0) return;
    pipe.resetPending[dir] = false;
    this.ends(pipe, dir).to.destroy();
  }

  protected dropped(packet: Packet, index: number): void {
    const piece = packet as Piece;
    this.owner.emit({ type: 'relay.dropped', sock: this.id, packet: piece.id, retransmitted: true });
    // TCP sends the piece again; the bytes behind it cannot be delivered before it, so the
    // retransmission takes the dropped piece's place in the line
    const again = { ...piece, id: this.packetId() };
    this.owner.emit({
      type: 'relay.arrived',
      sock: this.id,
      copies: [again.id],
      dir: piece.dir,
      size: piece.size,
      data: piece.bytes.toString('base64'),
      lost: false,
      delays: [this.settings.retransmitMs],
      reordered: false,
      retransmission: true,
    });
    this.hold.insert(index, again);
  }

  /** The page is behind: stop reading from both sides until it catches up (TCP's flow control
   * then slows the client and the server down, as a slow network would). */
  override pause(): void {
    for (const pipe of this.pipes) {
      pipe.client.pause();
      pipe.server.pause();
    }
  }

  override resume(): void {
    for (const pipe of this.pipes) {
      // a side whose direction is full stays paused until its queue drains
      if (!pipe.stalled.toServer) pipe.client.resume();
      if (!pipe.stalled.toClient) pipe.server.resume();
    }
  }

  protected release(): void {
    this.stopTimers();
    for (const pipe of [...this.pipes]) {
      pipe.client.destroy();
      pipe.server.destroy();
      this.gone(pipe);
    }
    this.server?.close();
  }
}
