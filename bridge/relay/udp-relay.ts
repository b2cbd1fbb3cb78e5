// The UDP relay: clients send to the relay's port; for each client the relay opens an upstream
// socket (so the server's replies find their way back, as through a NAT) and forwards each
// datagram after the path has decided to lose, delay, duplicate or reorder it. Both hops are
// reported with the ordinary UDP events, so the flow draws client → relay → server and back.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { Address } from '../../protocol/messages.js';
import { address, localOf, osError } from '../events.js';
import { udpRoute } from '../lab/hub.js';
import { RelayEntry, type Direction, type Packet } from './relay-entry.js';
import { upstreamId } from '../../protocol/socket-ids.js';

/** How many clients one relay keeps a path for, and how long an idle path lives. */
const MAX_CLIENTS = 16;
const IDLE_MS = 120_000;

interface Path {
  client: Address;
  upstream: Socket;
  sock: string;
  lastUsed: number;
  unroute?: () => void;
}

export class UdpRelay extends RelayEntry {
  private front: Socket | undefined;
  private readonly paths = new Map<string, Path>();
  private pathCount = 0;
  private sweeper: NodeJS.Timeout | undefined;
  private droppedWhileBehind = 0;

  protected listen(ready: (local: Address) => void): void {
    const front = createSocket({ type: this.host.includes(':') ? 'udp6' : 'udp4' });
    this.front = front;
    // a flag, not localOf(): a socket whose bind failed still reports 0.0.0.0:0 on Linux
    let bound = false;
    front.on('error', (error) => {
      const { code, message } = osError(error);
      this.owner.error(code, message, { sock: this.id, req: bound ? undefined : this.request.req, call: bound ? 'recvfrom' : 'bind' });
      if (!bound) this.fail();
    });
    front.on('message', (msg, rinfo) => this.fromClient(msg, rinfo));
    front.bind({ address: this.host, port: this.port, exclusive: true }, () => {
      bound = true;
      const local = localOf(front);
      if (!local) return;
      this.owner.emit({ type: 'udp.bound', sock: this.id, local, bufsize: 65535 });
      ready(local);
    });
    this.sweeper = setInterval(() => this.sweep(), IDLE_MS / 4);
    this.sweeper.unref();
  }

  /** While the page is behind, datagrams crossing the relay are dropped and counted rather than
   * reported into an ever longer queue (the path is lossy anyway). */
  private behind(): boolean {
    if (!this.owner.isPaused) return false;
    this.droppedWhileBehind++;
    return true;
  }

  override resume(): void {
    if (this.droppedWhileBehind === 0) return;
    this.owner.emit({ type: 'udp.dropped', sock: this.id, count: this.droppedWhileBehind });
    this.droppedWhileBehind = 0;
  }

  private fromClient(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.behind()) return;
    const front = this.front!;
    const local = localOf(front);
    if (!local || !this.target) return;
    const client = address(rinfo);
    this.owner.emit({ type: 'udp.received', sock: this.id, from: client, to: local, data: msg.toString('base64'), size: msg.length, truncated: false });
    const path = this.pathFor(client);
    if (!path) return;
    path.lastUsed = Date.now();
    const target = this.target;
    this.forward('toServer', msg, () => {
      path.upstream.send(msg, target.port, target.address, (error) => {
        const from = localOf(path.upstream);
        if (error || !from) return error && this.owner.error(osError(error).code, osError(error).message, { sock: path.sock, call: 'sendto' });
        this.owner.emit({ type: 'udp.sent', sock: path.sock, from, to: target, size: msg.length, data: msg.toString('base64') });
      });
    });
  }

  private pathFor(client: Address): Path | undefined {
    const key = `${client.address}:${client.port}`;
    const known = this.paths.get(key);
    if (known) return known;
    if (this.paths.size >= MAX_CLIENTS) {
      this.refuse('LAB_QUOTA_SOCKETS', `${this.id} already relays for ${MAX_CLIENTS} clients; datagrams from a new client are not forwarded.`, 'recvfrom');
      return undefined;
    }
    // the upstream socket of this client's path is one more descriptor
    const refused = this.owner.takeFiles(1);
    if (refused) {
      this.refuse('LAB_QUOTA_FILES', refused, 'recvfrom');
      return undefined;
    }
    const upstream = createSocket({ type: this.target!.family === 'IPv6' ? 'udp6' : 'udp4' });
    const path: Path = { client, upstream, sock: upstreamId(this.id, ++this.pathCount), lastUsed: Date.now() };
    upstream.on('error', (error) => this.owner.error(osError(error).code, osError(error).message, { sock: path.sock, call: 'recvfrom' }));
    upstream.on('message', (msg, rinfo) => this.fromServer(path, msg, rinfo));
    upstream.bind({ address: this.target!.family === 'IPv6' ? '::1' : '127.0.0.1', port: 0 }, () => {
      const local = localOf(upstream);
      if (!local) return;
      path.unroute = this.route(udpRoute(local));
      this.owner.emit({ type: 'udp.bound', sock: path.sock, local, bufsize: 65535 });
    });
    this.paths.set(key, path);
    return path;
  }

  private fromServer(path: Path, msg: Buffer, rinfo: RemoteInfo): void {
    if (this.behind()) return;
    const local = localOf(path.upstream);
    if (!local || !this.front) return;
    path.lastUsed = Date.now();
    this.owner.emit({
      type: 'udp.received',
      sock: path.sock,
      from: address(rinfo),
      to: local,
      data: msg.toString('base64'),
      size: msg.length,
      truncated: false,
    });
    const front = this.front;
    this.forward('toClient', msg, () => {
      front.send(msg, path.client.port, path.client.address, (error) => {
        const from = localOf(front);
        if (error || !from) return error && this.owner.error(osError(error).code, osError(error).message, { sock: this.id, call: 'sendto' });
        this.owner.emit({ type: 'udp.sent', sock: this.id, from, to: path.client, size: msg.length, data: msg.toString('base64') });
      });
    });
  }

  /** Applies the path's fate to one datagram; each surviving copy goes through the hold. */
  private forward(dir: Direction, msg: Buffer, send: () => void): void {
    const queue = this.queues[dir];
    if (!queue.fits(msg.length)) {
      // the path is full (a held relay, a long delay): a router drops what it cannot queue
      this.overflow.note(dir, 'dropped');
      return;
    }
    const fate = this.judge(dir);
    const copies = fate.lost ? [] : fate.delays.map(() => this.packetId());
    this.owner.emit({
      type: 'relay.arrived',
      sock: this.id,
      copies,
      dir,
      size: msg.length,
      data: msg.toString('base64'),
      lost: fate.lost,
      delays: fate.lost ? [] : fate.delays,
      reordered: !fate.lost && fate.reordered,
      retransmission: false,
    });
    if (fate.lost) return;
    fate.delays.forEach((delay, i) => {
      queue.take(msg.length);
      const deliver = () => {
        queue.give(msg.length);
        send();
      };
      const packet: Packet = { id: copies[i]!, dir, size: msg.length, deliver };
      this.after(delay, () => this.hold.arrive(packet));
    });
  }

  protected dropped(packet: Packet, _index: number): void {
    this.queues[packet.dir].give(packet.size);
    this.owner.emit({ type: 'relay.dropped', sock: this.id, packet: packet.id, retransmitted: false });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, path] of this.paths) {
      if (now - path.lastUsed < IDLE_MS) continue;
      this.paths.delete(key);
      path.unroute?.();
      path.upstream.close();
      this.owner.giveFiles(1);
      this.owner.emit({ type: 'socket.closed', sock: path.sock, reason: 'local' });
    }
  }

  override close(): void {
    if (this.closed) return;
    // the upstream sockets go with the relay: say so for each, then for the relay itself
    for (const path of this.paths.values()) this.owner.emit({ type: 'socket.closed', sock: path.sock, reason: 'local' });
    super.close();
  }

  protected release(): void {
    this.stopTimers();
    clearInterval(this.sweeper);
    for (const path of this.paths.values()) {
      try {
        path.upstream.close();
      } catch {
        // already closed
      }
    }
    this.owner.giveFiles(this.paths.size);
    this.paths.clear();
    try {
      this.front?.close();
    } catch {
      // never bound
    }
  }
}
