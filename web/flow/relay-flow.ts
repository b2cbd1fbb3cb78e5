// The lab's relay on the diagram (lesson 9). The relay reports each datagram or TCP piece it takes
// in (relay.arrived: its packet numbers, direction and fate) and what the instructor's hold does
// to it, while the ordinary udp.*/tcp.* events draw its two hops. This file ties the two together:
// each fate becomes a mark on the socket the packet came in on (client-facing for → server, the
// server-facing one for ← client), and each arrow that leaves the relay carries its packet number,
// so "#12 held", "#12 released" and the arrow "#12" read as one story.
import type { EventOf, RelaySettings } from '../../protocol/messages.js';
import { baseSocketId, connectionNumber, isUpstreamId } from '../../protocol/socket-ids.js';
import type { FlowCore } from './core.js';
import type { ArrowRow, Lifeline, MarkRow, RelayDir, RelayMarkCode } from './types.js';

interface Packet {
  id: number;
  dir: RelayDir;
  /** The lifeline it came in on: where its marks go. */
  on: string;
  /** The queue it leaves from: direction, and for TCP the connection ("toServer|3"). */
  key: string;
  size: number;
  data?: string;
  delayMs: number;
  /** Bridge time (µs) it is due to leave. */
  due: number;
  duplicate: boolean;
  reordered: boolean;
  retransmission: boolean;
  of?: number;
  blockedBy?: number;
  state: 'moving' | 'held' | 'released';
  held: boolean;
  /** The arrow that brought it to the relay (UDP). */
  inArrow?: ArrowRow;
}

interface Relay {
  id: string;
  proto: 'udp' | 'tcp';
  settings?: Pick<RelaySettings, 'delayMs' | 'jitterMs'>;
  /** The socket that last took something in from each side, and the arrow that brought it. */
  lastIn: Partial<Record<RelayDir, { line: string; key: string; row?: ArrowRow }>>;
  /** Packets on their way out, in arrival order, by queue key. */
  queues: Map<string, Packet[]>;
  byId: Map<number, Packet>;
  /** TCP: pieces the path lost and TCP has not sent again yet, by queue key. */
  lostAhead: Map<string, Packet[]>;
  /** TCP: the piece just dropped from the hold; the next relay.arrived is TCP sending it again. */
  resend?: Packet;
  /** The latest "waiting behind" mark, extended while the pieces behind keep coming. */
  blocked?: MarkRow;
  /** Held packets written (and marked released) before the relay reported their release (TCP). */
  releasedEarly: Set<number>;
}

/** Packets remembered per relay; a relay that never delivers (closed, cleared) cannot grow it. */
const MAX_PACKETS = 2048;
/** A piece due this much later than its own delay allows is waiting behind another one. */
const SLACK_US = 2000;

export class RelayFlow {
  private readonly relays = new Map<string, Relay>();

  constructor(private readonly core: FlowCore) {}

  has(id: string): boolean {
    return this.relays.has(id);
  }

  /** Whether a socket id is one of a relay's sockets: the front ("r", "r#2") or upstream ("r~1"). */
  owns(sock: string): boolean {
    return this.relays.size > 0 && this.relays.has(baseSocketId(sock));
  }

  started(id: string, proto: 'udp' | 'tcp', settings?: RelaySettings): void {
    this.relays.set(id, { id, proto, settings, lastIn: {}, queues: new Map(), byId: new Map(), lostAhead: new Map(), releasedEarly: new Set() });
  }

  configured(id: string, settings: RelaySettings): void {
    const relay = this.relays.get(id);
    if (relay) relay.settings = settings;
  }

  /** The relay's socket `sock` (drawn as `line`) took in bytes; `row` is the arrow that brought
   * them, when there is one arrow per packet (UDP). */
  entered(sock: string, line: Lifeline, row: ArrowRow | undefined): void {
    const relay = this.relays.get(baseSocketId(sock));
    if (!relay) return;
    const dir: RelayDir = isUpstreamId(sock) ? 'toClient' : 'toServer';
    relay.lastIn[dir] = { line: line.id, key: this.keyOf(relay, dir, sock), row };
  }

  arrived(seq: number, e: EventOf<'relay.arrived'>): void {
    const relay = this.relays.get(e.sock);
    if (!relay) return;
    const entry = relay.lastIn[e.dir];
    const resend = e.retransmission && !e.lost ? relay.resend : undefined;
    relay.resend = undefined;
    const on = resend?.on ?? entry?.line ?? this.front(relay);
    const key = resend?.key ?? entry?.key ?? e.dir;
    const tcp = relay.proto === 'tcp';
    const base = { seq, on, t: e.t, dir: e.dir, size: e.size, data: e.data } as const;
    if (e.copies.length === 0) {
      // UDP: the path threw it away; nothing goes on
      this.mark({ ...base, code: 'lost' });
      if (entry?.row) this.noteIn(entry.row, relay, e.dir, [], { lost: true });
      return;
    }
    const packets = e.copies.map((id, i): Packet => ({
      id,
      dir: e.dir,
      on,
      key,
      size: e.size,
      data: e.data,
      delayMs: e.delays[i] ?? 0,
      due: e.t + (e.delays[i] ?? 0) * 1000,
      duplicate: i > 0,
      reordered: e.reordered,
      retransmission: e.retransmission,
      of: resend?.id,
      state: 'moving',
      held: false,
      inArrow: entry?.row,
    }));
    for (const p of packets) this.remember(relay, p);
    if (entry?.row && !resend) this.noteIn(entry.row, relay, e.dir, e.copies, {});
    const first = packets[0]!;
    if (tcp && e.lost) {
      // TCP cannot lose bytes: its sender times out and sends the piece again
      push(relay.lostAhead, key, first);
      this.mark({ ...base, code: 'resent', count: first.id, ms: first.delayMs });
    } else if (resend) {
      this.mark({ ...base, code: 'retransmission', count: first.id, of: resend.id });
    } else if (packets.length > 1) {
      this.mark({ ...base, code: 'duplicated', count: first.id, last: packets[packets.length - 1]!.id });
    } else if (e.reordered) {
      this.mark({ ...base, code: 'reordered', count: first.id, ms: first.delayMs });
    } else if (tcp) {
      this.blockedBehind(relay, first, seq, e.t);
    }
  }

  /** TCP delivers in order: a piece due later than its own delay allows waits behind a lost one,
   * the latest lost ahead of it (the one it is due right after). A run of such pieces shares one
   * mark ("#8–#12 wait for #7"), so the losses stay in sight. */
  private blockedBehind(relay: Relay, piece: Packet, seq: number, t: number): void {
    const lost = relay.lostAhead.get(piece.key);
    while (lost && lost.length > 0 && lost[0]!.due <= t) lost.shift();
    const ahead = lost?.[lost.length - 1];
    const own = ((relay.settings?.delayMs ?? 0) + (relay.settings?.jitterMs ?? 0)) * 1000;
    if (!ahead || piece.due <= t + own + SLACK_US) return;
    piece.blockedBy = ahead.id;
    const run = relay.blocked;
    if (run && run.of === ahead.id && run.on === piece.on && run.dir === piece.dir && run.last === piece.id - 1 && this.core.isLast(run)) {
      run.last = piece.id;
      return this.core.touch(run);
    }
    relay.blocked = this.mark({ seq, t, on: piece.on, dir: piece.dir, code: 'blocked', count: piece.id, last: piece.id, of: ahead.id });
  }

  held(seq: number, e: EventOf<'relay.held'>): void {
    const relay = this.relays.get(e.sock);
    if (!relay) return;
    const p = relay.byId.get(e.packet);
    if (p) Object.assign(p, { state: 'held', held: true });
    this.mark({ seq, t: e.t, on: p?.on ?? relay.lastIn[e.dir]?.line ?? this.front(relay), code: 'held', count: e.packet, dir: e.dir, size: e.size });
  }

  released(seq: number, e: EventOf<'relay.released'>): void {
    const relay = this.relays.get(e.sock);
    if (!relay) return;
    // a TCP piece is written before the relay reports its release: marked then already
    if (relay.releasedEarly.delete(e.packet)) return;
    const p = relay.byId.get(e.packet);
    if (p) p.state = 'released';
    this.mark({ seq, t: e.t, on: p?.on ?? this.front(relay), code: 'released', count: e.packet, dir: p?.dir });
  }

  dropped(seq: number, e: EventOf<'relay.dropped'>): void {
    const relay = this.relays.get(e.sock);
    if (!relay) return;
    const p = relay.byId.get(e.packet);
    if (p) {
      this.forget(relay, p);
      if (p.inArrow && !e.retransmitted) this.noteIn(p.inArrow, relay, p.dir, p.inArrow.relay?.packets ?? [p.id], { dropped: true });
    }
    if (e.retransmitted && p) relay.resend = p;
    this.mark({ seq, t: e.t, on: p?.on ?? this.front(relay), code: e.retransmitted ? 'retransmitted' : 'dropped', count: e.packet, dir: p?.dir });
  }

  /** One of the relay's sockets is sending `size` bytes on: the packet they are, if known. Call
   * before the arrow is drawn (a released TCP piece's mark goes first), then note() the arrow. */
  leaving(seq: number, t: number, sock: string, size: number, data: string | undefined): Packet | undefined {
    const relay = this.relays.get(baseSocketId(sock));
    if (!relay) return undefined;
    const dir: RelayDir = isUpstreamId(sock) ? 'toServer' : 'toClient';
    const queue = relay.queues.get(this.keyOf(relay, dir, sock));
    if (!queue) return undefined;
    // UDP may deliver out of order (delay, jitter, reordering): the oldest with these bytes;
    // TCP delivers in order, so that is the head
    let at = queue.findIndex((p) => p.size === size && p.data === data);
    if (at < 0) at = queue.findIndex((p) => p.size === size);
    if (at < 0) return undefined;
    const p = queue[at]!;
    this.forget(relay, p);
    if (p.state === 'held') {
      p.state = 'released';
      this.mark({ seq, t, on: p.on, code: 'released', count: p.id, dir: p.dir });
      relay.releasedEarly.add(p.id);
    }
    return p;
  }

  /** Writes what the relay did on the arrow that took packet `p` on. */
  note(row: ArrowRow | undefined, sock: string, p: Packet | undefined): void {
    if (!row || !p) return;
    row.relay = {
      relay: baseSocketId(sock),
      stage: 'out',
      dir: p.dir,
      packets: [p.id],
      delayMs: p.delayMs,
      duplicate: p.duplicate || undefined,
      reordered: p.reordered || undefined,
      held: p.held || undefined,
      retransmission: p.retransmission || undefined,
      of: p.of,
      blockedBy: p.blockedBy,
    };
    this.core.touch(row);
  }

  /** A relay closed: forget what it still had on its way. */
  closed(id: string): void {
    this.relays.delete(id);
  }

  private noteIn(row: ArrowRow, relay: Relay, dir: RelayDir, packets: number[], fate: { lost?: boolean; dropped?: boolean }): void {
    row.relay = { relay: relay.id, stage: 'in', dir, packets, ...fate };
    this.core.touch(row);
  }

  private mark(fields: Omit<MarkRow, 'kind' | 'row' | 'rev' | 'mark' | 'code'> & { code: RelayMarkCode }): MarkRow {
    return this.core.addMark({ mark: 'relay', ...fields });
  }

  private front(relay: Relay): string {
    return this.core.get(relay.id, relay.proto === 'udp' ? 'udp' : 'welcoming').id;
  }

  /** Where packets leave from: the direction, and for TCP the connection number both of its
   * sockets share ("r#3" and "r~3"). A UDP relay's sockets have no such pairing. */
  private keyOf(relay: Relay, dir: RelayDir, sock: string): string {
    const n = connectionNumber(sock);
    return relay.proto === 'tcp' && n !== undefined ? `${dir}|${n}` : dir;
  }

  private remember(relay: Relay, p: Packet): void {
    push(relay.queues, p.key, p);
    relay.byId.set(p.id, p);
    if (relay.byId.size > MAX_PACKETS) {
      const oldest = relay.byId.values().next().value!;
      this.forget(relay, oldest);
    }
  }

  private forget(relay: Relay, p: Packet): void {
    relay.byId.delete(p.id);
    for (const map of [relay.queues, relay.lostAhead]) {
      const list = map.get(p.key);
      const at = list?.indexOf(p) ?? -1;
      if (at >= 0) list!.splice(at, 1);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
