// The packet-flow model: folds the lab's trace into lifelines and rows, incrementally. Each sync()
// reads only the trace entries it has not seen, so a burst of thousands of events a second costs
// work in proportion to the new events, not to the whole trace. It keeps at most `maxRows` rows and
// counts what it let go, so the page never holds an ever-growing diagram.
import type { Address, Event, LabServerStatus } from '../../protocol/messages.js';
import { TRACE_LIMIT, type LabState, type SocketView } from '../lab/state.js';
import { addrKey, dirKey, LAB_HOST, wildcardKeys } from './addresses.js';
import type { FlowCore, NewArrow, NewMark } from './core.js';
import { Lanes } from './lanes.js';
import { RelayFlow } from './relay-flow.js';
import { TcpFlow } from './tcp-flow.js';
import type { ArrowRow, FlowRow, FlowView, Lifeline, LifelineKind, MarkRow, SummaryRow } from './types.js';
import { LOST_AFTER_US, UdpFlow } from './udp-flow.js';

export interface FlowOptions {
  /** Draw only rows that touch these sockets: ids ("udp-client-1"), lab server names ("tcp-upper",
   * which also covers its connections), or a console's id prefix ("udp-client"). */
  filter?: readonly string[];
  /** Rows kept; older ones are dropped in chunks of a tenth. */
  maxRows?: number;
  lostAfterUs?: number;
  /** Arrows a second between two lifelines above which they are folded into a summary row
   * (SUMMARY_RATE; Infinity draws every arrow on its own row). */
  summaryRate?: number;
  /** Draw only what trace entries numbered `since` or later did (the lesson's own traffic); the
   * earlier ones still teach the model which sockets exist. */
  since?: number;
}

export type LabSlice = Pick<LabState, 'trace' | 'sockets' | 'servers'> & Partial<Pick<LabState, 'relays'>>;

export const DEFAULT_MAX_ROWS = 5000;
/** Ports below this are taken as a server's choice; the OS picks clients' ports above it. */
const EPHEMERAL_START = 32768;
/** More arrows than this between the same two lifelines within SUMMARY_WINDOW_US are folded into
 * one summary row: a person reads about ten arrows a second. */
export const SUMMARY_RATE = 10;
export const SUMMARY_WINDOW_US = 1_000_000;
/** Arrows a summary keeps for stepping through it; older ones are counted, not kept. */
export const MAX_MEMBERS = 1000;
/** An outside address quiet this long folds its column away (it comes back if it speaks again). */
export const EXTERNAL_IDLE_US = 10_000_000;
/** Columns for outside addresses on one side at most: the quietest one makes room. */
export const MAX_EXTERNAL_COLUMNS = 3;

interface Burst {
  /** Times of the latest arrows between the pair, within the window. */
  times: number[];
  summary?: SummaryRow;
}

export function matchesFilter(sock: string, filter: readonly string[]): boolean {
  return filter.some(
    (f) =>
      sock === f ||
      sock === `lab:${f}` ||
      sock.startsWith(`lab:${f}#`) ||
      sock.startsWith(`${f}#`) ||
      sock.startsWith(`${f}~`) || // a relay's server-facing sockets ("path~1")
      (sock.startsWith(`${f}-`) && /^\d+$/.test(sock.slice(f.length + 1))),
  );
}

export class FlowBuilder implements FlowCore {
  private rows: FlowRow[] = [];
  private firstRow = 0;
  private nextRow = 0;
  private dropped = 0;
  private summarised = 0;
  private earlier = 0;
  /** Whether the entry being applied is inside the window (`since`) that is drawn. */
  private drawing = true;
  private bursts = new Map<string, Burst>();
  /** Outside addresses drawn now, and the bridge time each last took part. */
  private externalSeen = new Map<string, number>();
  private version = 0;
  private lastSeq = 0;
  private firstSeq = 0;
  private sawHello = false;
  /** The latest bridge time seen, in microseconds. */
  now = 0;
  private lifelines = new Map<string, Lifeline>();
  private current = new Map<string, string>();
  private incarnations = new Map<string, number>();
  private udpIndex = new Map<string, string>();
  /** The page's UDP sockets that have closed, by the address they had. */
  private closedUdp = new Map<string, string>();
  private listenIndex = new Map<string, string>();
  private connIndex = new Map<string, string>();
  private lanes = new Lanes();
  private udp: UdpFlow;
  private tcp: TcpFlow;
  /** The page's relays: they and their sockets stand between clients and servers. */
  private relay: RelayFlow;
  private cached: FlowView | undefined;
  private readonly maxRows: number;
  private readonly filter: readonly string[] | undefined;

  constructor(private readonly options: FlowOptions = {}) {
    this.maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
    this.filter = options.filter && options.filter.length > 0 ? options.filter : undefined;
    this.udp = new UdpFlow(this, options.lostAfterUs ?? LOST_AFTER_US);
    this.tcp = new TcpFlow(this);
    this.relay = new RelayFlow(this);
  }

  // ---- feeding ---------------------------------------------------------------------------------

  /** Brings the model up to date with the lab state; returns whether the view changed. */
  sync(state: LabSlice): boolean {
    const before = this.version;
    const { trace } = state;
    const first = trace[0];
    if (!first) {
      if (this.lastSeq > 0 || this.rows.length > 0) this.reset(state); // the trace was cleared
      return this.version !== before;
    }
    if (first.seq > this.lastSeq + 1 && (this.lastSeq > 0 || this.rows.length > 0)) {
      // entries we never saw: either the trace was cleared, or a burst pushed them off its end
      const lost = first.seq - this.lastSeq - 1;
      const cleared = trace.length < TRACE_LIMIT;
      this.reset(state);
      if (!cleared) this.dropped += lost;
    } else if (this.lastSeq === 0 && this.rows.length === 0 && this.lifelines.size === 0 && first.seq > 1) {
      // the trace no longer starts at the beginning: learn the sockets opened before it
      this.seed(state);
    }
    if (this.firstSeq === 0) this.firstSeq = first.seq;
    const since = this.options.since ?? 0;
    let i = firstAfter(trace, this.lastSeq);
    for (; i < trace.length; i++) {
      const entry = trace[i]!;
      this.drawing = entry.seq >= since;
      this.apply(entry.seq, entry.event);
      this.lastSeq = entry.seq;
    }
    this.drawing = true;
    const earlier = Math.max(0, Math.min(since, this.lastSeq + 1) - first.seq);
    if (earlier !== this.earlier) {
      this.earlier = earlier;
      this.version++;
    }
    this.udp.expire(this.now);
    this.foldIdle();
    this.trim();
    return this.version !== before;
  }

  /** Declares lost what has waited too long, by the bridge's clock estimated now. */
  expire(now: number): boolean {
    const before = this.version;
    this.now = Math.max(this.now, now);
    this.udp.expire(this.now);
    this.foldIdle();
    return this.version !== before;
  }

  /** Folds away the columns of outside addresses that have been quiet a while. */
  private foldIdle(): void {
    for (const [id, t] of this.externalSeen) {
      if (this.now - t <= EXTERNAL_IDLE_US) continue;
      this.externalSeen.delete(id);
      const line = this.lifelines.get(id);
      if (!line || line.closed) continue;
      if (line.lane === undefined) this.lifelines.delete(id);
      else this.close(line, false);
    }
  }

  /** Starts over from the sockets open now (after the trace was cleared). */
  private reset(state: LabSlice): void {
    this.rows = [];
    this.firstRow = this.nextRow;
    this.dropped = 0;
    this.summarised = 0;
    this.bursts = new Map();
    this.externalSeen = new Map();
    this.lastSeq = 0;
    this.firstSeq = 0;
    this.lifelines = new Map();
    this.current = new Map();
    this.incarnations = new Map();
    this.udpIndex = new Map();
    this.closedUdp = new Map();
    this.listenIndex = new Map();
    this.connIndex = new Map();
    this.lanes = new Lanes();
    this.udp = new UdpFlow(this, this.options.lostAfterUs ?? LOST_AFTER_US);
    this.tcp = new TcpFlow(this);
    this.relay = new RelayFlow(this);
    this.version++;
    this.seed(state);
  }

  /** Learns the sockets already open, whose opening events are no longer in the trace. */
  private seed(state: LabSlice): void {
    this.servers(state.servers);
    for (const r of Object.values(state.relays ?? {})) if (!r.closed) this.relay.started(r.id, r.proto, r.settings);
    for (const s of Object.values(state.sockets)) if (s.state !== 'closed') this.seedSocket(s);
  }

  private seedSocket(s: SocketView): void {
    const kind: LifelineKind = s.kind;
    const line = this.open(s.id, kind, { local: s.local, remote: s.remote, parent: s.parent });
    if (s.parent) line.side = 'server';
    if (s.local && s.remote) this.setConnection(line, s.local, s.remote);
  }

  private servers(servers: readonly LabServerStatus[]): void {
    for (const s of servers) {
      const line = this.current.get(s.sock);
      const existing = line ? this.lifelines.get(line) : undefined;
      if (s.state !== 'running') {
        if (existing && !existing.closed) this.close(existing, false);
        continue;
      }
      if (existing && !existing.closed) continue;
      this.open(s.sock, s.proto === 'udp' ? 'udp' : 'welcoming', { local: { address: LAB_HOST, port: s.port, family: 'IPv4' }, side: 'server' });
    }
  }

  private apply(seq: number, e: Event): void {
    this.now = Math.max(this.now, e.t);
    switch (e.type) {
      case 'hello':
        if (this.sawHello) {
          // a new session: the bridge closed every socket of the old one
          for (const line of this.lifelines.values()) if (line.owner === 'page' && !line.closed) this.close(line, false);
        }
        this.sawHello = true;
        return this.servers(e.servers);
      case 'udp.bound': {
        const line = this.open(e.sock, 'udp', { local: e.local });
        this.addMark({ mark: 'bound', on: line.id, seq, local: e.local, t: e.t });
        return;
      }
      case 'udp.sent': {
        // a relay's socket passing a packet on: the arrow carries its number
        const packet = this.relay.owns(e.sock) ? this.relay.leaving(seq, e.t, e.sock, e.size, e.data) : undefined;
        const row = this.udp.sent(seq, e);
        return this.relay.note(row, e.sock, packet);
      }
      case 'udp.received': {
        const row = this.udp.received(seq, e);
        if (this.relay.owns(e.sock)) this.relay.entered(e.sock, this.get(e.sock, 'udp'), row);
        return;
      }
      case 'udp.dropped': {
        const line = this.get(e.sock, 'udp');
        this.udp.dropped(line.local, e.count);
        this.addMark({ mark: 'dropped', on: line.id, seq, count: e.count, t: e.t });
        return;
      }
      case 'tcp.listening': {
        const line = this.open(e.sock, 'welcoming', { local: e.local, side: 'server' });
        this.addMark({ mark: 'listening', on: line.id, seq, local: e.local, t: e.t });
        return;
      }
      case 'tcp.connecting':
        return this.tcp.connectingTo(seq, e);
      case 'tcp.connected':
        return this.tcp.connected(seq, e);
      case 'tcp.accepted':
        return this.tcp.accepted(seq, e);
      case 'tcp.sent': {
        const packet = this.relay.owns(e.sock) ? this.relay.leaving(seq, e.t, e.sock, e.size, e.data) : undefined;
        return this.relay.note(this.tcp.sent(seq, e), e.sock, packet);
      }
      case 'tcp.received':
        this.tcp.received(seq, e);
        if (this.relay.owns(e.sock)) this.relay.entered(e.sock, this.get(e.sock, 'tcp'), undefined);
        return;
      case 'tcp.finSent':
        return this.tcp.finSent(seq, e);
      case 'tcp.peerClosed':
        return this.tcp.peerClosed(seq, e);
      case 'tcp.reset':
        return this.tcp.reset(seq, e);
      case 'socket.error': {
        // errors without a socket (a malformed request) are not part of the flow, nor the lab's
        // own codes (LAB_DROPPED comes with a udp.dropped, drawn already; LAB_NO_SUCH_SOCKET is a
        // console asking after a socket the error closed): the flow shows what the network did
        if (!e.sock || e.code.startsWith('LAB_')) return;
        const line = this.get(e.sock, e.call === 'sendto' || e.call === 'recvfrom' ? 'udp' : 'tcp');
        if (e.call === 'connect' && this.tcp.connectFailed(seq, line, e.code, e.t)) return;
        this.addMark({ mark: 'error', on: line.id, seq, code: e.code, call: e.call, message: e.message, t: e.t });
        return;
      }
      case 'socket.closed': {
        const id = this.current.get(e.sock);
        const line = id ? this.lifelines.get(id) : undefined;
        if (!line || line.closed) return;
        this.addMark({ mark: 'closed', on: line.id, seq, code: e.reason, t: e.t });
        this.close(line, true);
        if (this.relay.has(e.sock)) this.relay.closed(e.sock);
        return;
      }
      case 'relay.started': {
        this.relay.started(e.sock, e.proto, e.settings);
        const line = this.get(e.sock, e.proto === 'udp' ? 'udp' : 'welcoming');
        // its bind() was drawn a moment ago on the client side: move it to the middle
        if (line.side !== 'middle' && line.lane !== undefined) {
          this.lanes.unassign(line);
          line.side = 'middle';
          line.lane = this.lanes.assign(line, this.lifelines);
          this.version++;
        }
        return;
      }
      case 'relay.configured':
        return this.relay.configured(e.sock, e.settings);
      case 'relay.arrived':
        return this.relay.arrived(seq, e);
      case 'relay.held':
        return this.relay.held(seq, e);
      case 'relay.released':
        return this.relay.released(seq, e);
      case 'relay.dropped':
        return this.relay.dropped(seq, e);
      case 'relay.overflowed':
        return; // the path's queue was full: the relay panel says so, the flow shows its packets
      case 'session.slowed':
        return; // about the page, not the network: the banner says so
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private close(line: Lifeline, drawn: boolean): void {
    line.closed = true;
    line.endRow = drawn ? this.nextRow - 1 : Math.max(this.nextRow - 1, line.startRow ?? 0);
    if (line.local) {
      const key = addrKey(line.local);
      if (this.udpIndex.get(key) === line.id) this.udpIndex.delete(key);
      if (this.listenIndex.get(key) === line.id) this.listenIndex.delete(key);
      if (line.kind === 'udp') this.udp.closed(line.local);
      if (line.kind === 'udp' && line.owner === 'page' && line.lane !== undefined) this.closedUdp.set(key, line.id);
    }
    if (line.kind === 'tcp') this.tcp.closed(line);
    this.version++;
  }

  // ---- FlowCore --------------------------------------------------------------------------------

  open(sock: string, kind: LifelineKind, fields: Partial<Pick<Lifeline, 'local' | 'remote' | 'parent' | 'side'>> = {}): Lifeline {
    const id = this.current.get(sock);
    let line = id ? this.lifelines.get(id) : undefined;
    if (!line || (line.closed && line.startRow !== undefined)) {
      const n = (this.incarnations.get(sock) ?? 0) + 1;
      this.incarnations.set(sock, n);
      line = { id: n === 1 ? sock : `${sock}@${n}`, sock, label: sock, owner: sock.startsWith('lab:') ? 'lab' : 'page', kind, closed: false };
      this.lifelines.set(line.id, line);
      this.current.set(sock, line.id);
    }
    line.kind = kind;
    line.closed = false;
    if (fields.local) line.local = fields.local;
    if (fields.remote) line.remote = fields.remote;
    if (fields.parent) line.parent = this.current.get(fields.parent) ?? fields.parent;
    if (fields.side) line.side ??= fields.side;
    if (line.local) {
      if (kind === 'udp') this.udpIndex.set(addrKey(line.local), line.id);
      if (kind === 'welcoming') this.listenIndex.set(addrKey(line.local), line.id);
    }
    return line;
  }

  get(sock: string, kind: LifelineKind): Lifeline {
    const id = this.current.get(sock);
    const line = id ? this.lifelines.get(id) : undefined;
    return line ?? this.open(sock, kind);
  }

  external(address: Address, role: 'sender' | 'receiver'): Lifeline {
    const key = `ext:${addrKey(address)}`;
    const known = this.current.get(key);
    let line = known ? this.lifelines.get(known) : undefined;
    const seen = line ? this.externalSeen.get(line.id) : undefined;
    if (line && !line.closed && seen !== undefined && this.now - seen > EXTERNAL_IDLE_US) this.close(line, false);
    if (!line || line.closed) {
      // new, or back after its column folded away
      const n = (this.incarnations.get(key) ?? 0) + 1;
      this.incarnations.set(key, n);
      const id = n === 1 ? key : `${key}@${n}`;
      line = { id, label: addrKey(address), owner: 'external', kind: 'endpoint', local: address, side: role === 'sender' ? 'client' : 'server', closed: false };
      this.lifelines.set(id, line);
      this.current.set(key, id);
    }
    this.externalSeen.set(line.id, this.now);
    return line;
  }

  udpAt(address: Address): Lifeline | undefined {
    return this.indexed(this.udpIndex, address);
  }

  closedUdpAt(address: Address): Lifeline | undefined {
    const id = this.closedUdp.get(addrKey(address));
    const line = id ? this.lifelines.get(id) : undefined;
    if (id && !line) this.closedUdp.delete(addrKey(address));
    return line;
  }

  listenerAt(address: Address): Lifeline | undefined {
    return this.indexed(this.listenIndex, address);
  }

  private indexed(index: Map<string, string>, address: Address): Lifeline | undefined {
    let id = index.get(addrKey(address));
    if (!id) for (const key of wildcardKeys(address)) id ??= index.get(key);
    return id ? this.lifelines.get(id) : undefined;
  }

  connection(local: Address, remote: Address): Lifeline | undefined {
    const id = this.connIndex.get(dirKey(local, remote));
    return id ? this.lifelines.get(id) : undefined;
  }

  setConnection(line: Lifeline, local: Address, remote: Address): void {
    line.local = local;
    line.remote = remote;
    this.connIndex.set(dirKey(local, remote), line.id);
  }

  addArrow(arrow: NewArrow): ArrowRow {
    const row: ArrowRow = { kind: 'arrow', row: -1, rev: 0, ...arrow };
    if (!this.drawing || !(this.keeps(row.from) || this.keeps(row.to))) return row;
    if (!this.fold(row)) this.place(row, [row.from, row.to]);
    return row;
  }

  addMark(mark: NewMark): MarkRow {
    const row: MarkRow = { kind: 'mark', row: -1, rev: 0, ...mark };
    if (this.drawing && (this.keeps(row.on) || (row.from !== undefined && this.keeps(row.from)))) this.place(row, row.from ? [row.from, row.on] : [row.on]);
    return row;
  }

  /** Folds the arrow into its pair's summary when the pair is busier than a person can follow;
   * returns whether it did. */
  private fold(row: ArrowRow): boolean {
    const key = row.from < row.to ? `${row.from}|${row.to}` : `${row.to}|${row.from}`;
    let burst = this.bursts.get(key);
    if (!burst) {
      burst = { times: [] };
      this.bursts.set(key, burst);
    }
    const open = burst.summary;
    if (open) {
      if (row.t - open.tLast <= SUMMARY_WINDOW_US && open.row >= this.firstRow) {
        this.join(open, row);
        return true;
      }
      open.open = false;
      open.rev++;
      burst.summary = undefined;
    }
    const times = burst.times;
    times.push(row.t);
    while (times.length > 0 && times[0]! <= row.t - SUMMARY_WINDOW_US) times.shift();
    if (times.length <= (this.options.summaryRate ?? SUMMARY_RATE)) return false;
    const summary: SummaryRow = {
      kind: 'summary',
      row: -1,
      rev: 0,
      t: row.t,
      proto: row.proto,
      a: row.from,
      b: row.to,
      count: 0,
      bytes: 0,
      tLast: row.t,
      members: [],
      open: true,
    };
    this.place(summary, [row.from, row.to]);
    burst.summary = summary;
    burst.times = [];
    this.join(summary, row);
    return true;
  }

  private join(summary: SummaryRow, row: ArrowRow): void {
    row.row = summary.row;
    row.summary = summary;
    summary.members.push(row);
    // cut in chunks so a long flood does not shift the array on every arrow
    if (summary.members.length >= MAX_MEMBERS * 1.25) summary.members.splice(0, summary.members.length - MAX_MEMBERS);
    summary.count++;
    summary.bytes += row.size;
    summary.tLast = row.t;
    summary.rev++;
    this.summarised++;
    this.version++;
  }

  isLast(row: FlowRow): boolean {
    return row.row >= 0 && row.row === this.nextRow - 1;
  }

  touch(row: FlowRow): void {
    row.rev++;
    if (row.row < this.firstRow) return; // filtered out, or dropped already
    if (row.kind === 'arrow' && row.summary) {
      row.summary.rev++;
      this.version++;
      return;
    }
    if (row.kind === 'arrow') {
      this.draw(row.from, row.row, 'sender');
      this.draw(row.to, row.row, 'receiver');
    }
    this.version++;
  }

  // ---- rows and lanes --------------------------------------------------------------------------

  private keeps(lineId: string): boolean {
    if (!this.filter) return true;
    const sock = this.lifelines.get(lineId)?.sock;
    return sock !== undefined && matchesFilter(sock, this.filter);
  }

  private place(row: FlowRow, lines: string[]): void {
    row.row = this.nextRow++;
    this.rows.push(row);
    lines.forEach((id, i) => this.draw(id, row.row, row.kind === 'mark' && i === lines.length - 1 ? 'mark' : i === 0 ? 'sender' : 'receiver'));
    this.version++;
  }

  /** Places a lifeline the first time a row draws it: decides its side, gives it a lane. */
  private draw(lineId: string, row: number, role: 'sender' | 'receiver' | 'mark'): void {
    const line = this.lifelines.get(lineId);
    if (!line || line.lane !== undefined) return;
    if (line.sock && this.relay.owns(line.sock)) line.side = 'middle';
    else if (!line.side) {
      if (line.owner === 'lab' || line.kind === 'welcoming' || line.parent) line.side = 'server';
      else if (role === 'mark') line.side = line.local && line.local.port < EPHEMERAL_START ? 'server' : 'client';
      else line.side = role === 'sender' ? 'client' : 'server';
    }
    line.startRow = row;
    if (line.owner === 'external') this.makeRoomForOutside(line, row);
    line.lane = this.lanes.assign(line, this.lifelines);
  }

  /** Keeps at most MAX_EXTERNAL_COLUMNS outside addresses on a side: the quietest one folds away
   * and hands its column on. */
  private makeRoomForOutside(line: Lifeline, row: number): void {
    let quietest: Lifeline | undefined;
    let drawn = 0;
    for (const [id, t] of this.externalSeen) {
      const other = this.lifelines.get(id);
      if (!other || other === line || other.closed || other.lane === undefined || other.side !== line.side) continue;
      drawn++;
      if (!quietest || t < this.externalSeen.get(quietest.id)!) quietest = other;
    }
    if (drawn < MAX_EXTERNAL_COLUMNS || !quietest) return;
    this.close(quietest, false);
    quietest.endRow = Math.max(quietest.startRow ?? 0, row - 1);
    this.externalSeen.delete(quietest.id);
  }

  /** Drops the oldest tenth once over the limit, and forgets sockets that ended before them. */
  private trim(): void {
    const chunk = Math.max(1, Math.floor(this.maxRows / 10));
    if (this.rows.length <= this.maxRows + chunk - 1) return;
    const cut = this.rows.length - this.maxRows;
    this.rows.splice(0, cut);
    this.firstRow += cut;
    this.dropped += cut;
    const gone = new Set<string>();
    for (const line of this.lifelines.values()) {
      if (line.closed && (line.endRow ?? -1) < this.firstRow && line.startRow !== undefined) gone.add(line.id);
    }
    for (const [key, burst] of this.bursts) {
      const [a, b] = key.split('|');
      if (gone.has(a!) || gone.has(b!) || (!burst.summary && burst.times.length === 0)) this.bursts.delete(key);
    }
    for (const id of gone) {
      const line = this.lifelines.get(id)!;
      this.lifelines.delete(id);
      if (line.sock && this.current.get(line.sock) === id) this.current.delete(line.sock);
      if (line.local && line.remote && this.connIndex.get(dirKey(line.local, line.remote)) === id) this.connIndex.delete(dirKey(line.local, line.remote));
      if (line.local && this.closedUdp.get(addrKey(line.local)) === id) this.closedUdp.delete(addrKey(line.local));
      this.tcp.forget(line);
    }
    this.lanes.forget((id) => gone.has(id));
    this.version++;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The current view; the same object until something changes. Rows are shared with the model
   * and keep changing (a pending datagram becomes delivered): take snapshot() to freeze it. */
  view(): FlowView {
    if (this.cached?.version === this.version) return this.cached;
    const { columns, laneColumn, groups } = this.lanes.layout();
    this.cached = {
      rows: this.rows,
      firstRow: this.firstRow,
      dropped: this.dropped,
      summarised: this.summarised,
      earlier: this.earlier,
      lifelines: this.lifelines,
      columns,
      laneColumn,
      groups,
      version: this.version,
    };
    return this.cached;
  }

  /** A copy that later events do not change (the paused view). */
  snapshot(): FlowView {
    const v = this.view();
    return {
      ...v,
      // a summary's arrows keep coming in the live model: the paused one steps through a copy
      rows: v.rows.map((r) => (r.kind === 'summary' ? { ...r, members: [...r.members] } : { ...r })),
      lifelines: new Map([...v.lifelines].map(([id, l]) => [id, { ...l }])),
    };
  }
}

/** Index of the first trace entry with seq > `seq` (the trace is in seq order). */
function firstAfter(trace: LabState['trace'], seq: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
