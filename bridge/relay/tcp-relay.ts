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
  /** The server side's connect() has completed. */
  connected: boolean;
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
    if (!target || this.pipes.size >= MAX_CONNECTIONS) {
      client.destroy();
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
    this.wire(pipe, client, pipe.front, pipe.server, 'toServer');
    this.wire(pipe, pipe.server, pipe.back, client, 'toClient');
  }

  /** Reads from `from` (reported as socket `fromId`) and passes the bytes on to `to`. */
  private wire(pipe: Pipe, from: Socket, fromId: string, to: Socket, dir: Direction): void {
    const toId = dir === 'toServer' ? pipe.back : pipe.front;
    from.on('data', (chunk: Buffer) => {
      this.owner.emit({ type: 'tcp.received', sock: fromId, data: chunk.toString('base64'), size: chunk.length });
      for (let i = 0; i < chunk.length; i += this.settings.segmentBytes) {
        this.schedule(pipe, dir, to, toId, chunk.subarray(i, i + this.settings.segmentBytes), false);
      }
    });
    from.on('end', () => {
      this.owner.emit({ type: 'tcp.peerClosed', sock: fromId });
      pipe.finPending[dir] = true;
      this.maybeFin(pipe, dir, to, toId);
    });
    from.on('error', (error) => {
      const { code, message } = osError(error);
      if (code === 'ECONNRESET') this.owner.emit({ type: 'tcp.reset', sock: fromId, code });
      else this.owner.error(code, message, { sock: fromId, call: dir === 'toClient' && !pipe.connected ? 'connect' : code === 'EPIPE' ? 'send' : 'recv' });
      to.destroy();
    });
    from.on('close', () => {
      this.owner.emit({ type: 'socket.closed', sock: fromId, reason: 'peer' });
      if (pipe.client.destroyed && pipe.server.destroyed) this.pipes.delete(pipe);
    });
  }

  private schedule(pipe: Pipe, dir: Direction, to: Socket, toId: string, bytes: Buffer, retransmission: boolean): void {
    const fate = this.judge(dir);
    const id = this.packetId();
    // a slow path: each piece leaves delayMs (± jitter) after the one before it; a piece the path
    // "loses" is sent again by TCP after retransmitMs, and the pieces behind it wait for it
    const delay = fate.lost ? this.settings.retransmitMs : fate.delays[0]!;
    const now = Date.now();
    const due = Math.max(pipe.due[dir], now) + delay;
    pipe.due[dir] = due;
    pipe.inFlight[dir]++;
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
    pipe.line[dir].push(this.piece(id, pipe, dir, to, toId, bytes, due));
    this.move(pipe, dir);
  }

  private piece(id: number, pipe: Pipe, dir: Direction, to: Socket, toId: string, bytes: Buffer, due: number): Piece {
    return {
      id,
      dir,
      size: bytes.length,
      pipe,
      bytes,
      due,
      deliver: () => {
        pipe.inFlight[dir]--;
        if (!to.destroyed && to.writable) {
          to.write(bytes);
          this.owner.emit({ type: 'tcp.sent', sock: toId, size: bytes.length, data: bytes.toString('base64') });
        }
        this.maybeFin(pipe, dir, to, toId);
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
  private maybeFin(pipe: Pipe, dir: Direction, to: Socket, toId: string): void {
    if (!pipe.finPending[dir] || pipe.inFlight[dir] > 0 || to.destroyed) return;
    pipe.finPending[dir] = false;
    to.end(() => this.owner.emit({ type: 'tcp.finSent', sock: toId }));
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
      pipe.client.resume();
      pipe.server.resume();
    }
  }

  protected release(): void {
    this.stopTimers();
    for (const pipe of this.pipes) {
      pipe.client.destroy();
      pipe.server.destroy();
    }
    this.pipes.clear();
    this.server?.close();
  }
}
