// Pairs each udp.sent with the udp.received of the socket it reached. A datagram is matched by its
// source and destination addresses and its size, oldest first. One that no socket reports receiving
// within LOST_AFTER_US, or that the receiving socket dropped, is drawn lost.
import type { Address, EventOf } from '../../protocol/messages.js';
import { addrKey } from './addresses.js';
import type { FlowCore } from './core.js';
import type { ArrowRow } from './types.js';

interface InFlight {
  row: ArrowRow;
  /** "<from>><to>" */
  key: string;
  size: number;
  t: number;
  done: boolean;
}

/** Loopback delivers in microseconds; a second without a receipt means the datagram is gone. */
export const LOST_AFTER_US = 1_000_000;

export class UdpFlow {
  /** Datagrams sent to an observed socket and not yet reported received, by destination address. */
  private readonly inFlight = new Map<string, InFlight[]>();
  /** The same, in sending order, to expire the oldest first. */
  private queue: InFlight[] = [];
  private head = 0;
  /** Receipts reported before their udp.sent (the two sockets' events can cross), by "<from>><to>". */
  private readonly early = new Map<string, InFlight[]>();

  constructor(
    private readonly core: FlowCore,
    private readonly lostAfterUs = LOST_AFTER_US,
  ) {}

  /** Draws the datagram (or completes the arrow its receipt drew) and returns its arrow. */
  sent(seq: number, e: EventOf<'udp.sent'>): ArrowRow {
    const sender = this.core.get(e.sock, 'udp');
    if (!sender.local) sender.local = e.from;
    const key = `${addrKey(e.from)}>${addrKey(e.to)}`;
    const early = takeFirst(this.early, key, (p) => p.size === e.size);
    if (early) {
      Object.assign(early.row, { from: sender.id, sentSeq: seq, data: e.data, t: e.t });
      this.core.touch(early.row);
      return early.row;
    }
    const target = this.core.udpAt(e.to);
    // a reply to a client that has closed its socket (a pinger that gave up) ends at that client
    const gone = target ? undefined : this.core.closedUdpAt(e.to);
    const to = target ?? gone ?? this.core.external(e.to, 'receiver');
    // no socket of the lab's is there: a program outside the lab may read it (the lab cannot tell)
    const status = target ? 'pending' : gone ? 'lost' : 'external';
    const row = this.core.addArrow({
      arrow: 'datagram',
      proto: 'udp',
      from: sender.id,
      to: to.id,
      src: e.from,
      dst: e.to,
      size: e.size,
      data: e.data,
      status,
      sentSeq: seq,
      t: e.t,
    });
    if (status !== 'pending') return row;
    const flight: InFlight = { row, key, size: e.size, t: e.t, done: false };
    push(this.inFlight, addrKey(e.to), flight);
    this.queue.push(flight);
    return row;
  }

  /** Completes the datagram's arrow (or draws it) and returns it. */
  received(seq: number, e: EventOf<'udp.received'>): ArrowRow {
    const receiver = this.core.get(e.sock, 'udp');
    const key = `${addrKey(e.from)}>${addrKey(e.to)}`;
    const flight = takeFirst(this.inFlight, addrKey(e.to), (p) => p.key === key && p.size === e.size);
    if (flight) {
      flight.done = true;
      Object.assign(flight.row, { status: 'delivered', to: receiver.id, recvSeq: seq, tEnd: e.t, truncated: e.truncated });
      this.core.touch(flight.row);
      return flight.row;
    }
    const sender = this.core.udpAt(e.from);
    if (sender) {
      // its udp.sent is still on the way: draw the arrow now, complete it when the send shows up
      const row = this.core.addArrow({
        arrow: 'datagram',
        proto: 'udp',
        from: sender.id,
        to: receiver.id,
        src: e.from,
        dst: e.to,
        size: e.size,
        data: e.data,
        status: 'delivered',
        recvSeq: seq,
        t: e.t,
        tEnd: e.t,
        truncated: e.truncated,
      });
      push(this.early, key, { row, key, size: e.size, t: e.t, done: false });
      return row;
    }
    const outside = this.core.external(e.from, 'sender');
    return this.core.addArrow({
      arrow: 'datagram',
      proto: 'udp',
      from: outside.id,
      to: receiver.id,
      src: e.from,
      dst: e.to,
      size: e.size,
      data: e.data,
      status: 'external',
      recvSeq: seq,
      t: e.t,
      tEnd: e.t,
      truncated: e.truncated,
    });
  }

  /** The socket dropped `count` datagrams while the page was behind: the oldest in flight to it. */
  dropped(address: Address | undefined, count: number): void {
    if (!address) return;
    const list = this.inFlight.get(addrKey(address)) ?? [];
    for (const flight of list.splice(0, count)) this.lose(flight);
  }

  /** A socket closed: what was still on its way to it will never be read. */
  closed(address: Address | undefined): void {
    if (!address) return;
    const list = this.inFlight.get(addrKey(address));
    if (!list) return;
    this.inFlight.delete(addrKey(address));
    for (const flight of list) this.lose(flight);
  }

  /** Declares lost what has been in flight too long by bridge time `now`. */
  expire(now: number): void {
    while (this.head < this.queue.length) {
      const flight = this.queue[this.head]!;
      if (!flight.done) {
        if (flight.t + this.lostAfterUs > now) break;
        const list = this.inFlight.get(addrKey(flight.row.dst!));
        const at = list?.indexOf(flight) ?? -1;
        if (at >= 0) list!.splice(at, 1);
        this.lose(flight);
      }
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    for (const [key, list] of this.early) {
      const kept = list.filter((p) => p.t + this.lostAfterUs > now);
      if (kept.length === 0) this.early.delete(key);
      else this.early.set(key, kept);
    }
  }

  private lose(flight: InFlight): void {
    if (flight.done) return;
    flight.done = true;
    flight.row.status = 'lost';
    this.core.touch(flight.row);
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function takeFirst<T>(map: Map<string, T[]>, key: string, match: (value: T) => boolean): T | undefined {
  const list = map.get(key);
  if (!list) return undefined;
  const at = list.findIndex(match);
  if (at < 0) return undefined;
  const [value] = list.splice(at, 1);
  if (list.length === 0) map.delete(key);
  return value;
}
