// The packet-flow model: folds the lab's trace into lifelines and rows, incrementally: each sync()
// reads only the entries it has not seen, so a burst costs work in proportion to the new events.
// It keeps at most `maxRows` rows and counts what it let go. What it holds has its own modules:
// lifelines and their indexes (LifelineIndex), the rows in sight (RowWindow), summaries of busy
// pairs (Summaries), the columns (Lanes) and the outside addresses' (OutsideColumns); the UDP, TCP
// and relay parts (UdpFlow, TcpFlow, RelayFlow) read the events. This class dispatches the events
// and keeps the parts in step: what a lifeline's close or a dropped row means for the others.
import type { Address, Event, LabServerStatus } from '../../protocol/messages.js';
import { isClosedState } from '../../protocol/socket-states.js';
import { firstAfter } from '../lab/fold.js';
import { TRACE_LIMIT, type LabState, type SocketView } from '../lab/state.js';
import { LAB_HOST } from './addresses.js';
import { DEFAULT_MAX_ROWS, matchesFilter, type FlowCore, type FlowOptions, type NewArrow, type NewMark } from './core.js';
import { Lanes } from './lanes.js';
import { LifelineIndex, type LifelineFields } from './lifeline-index.js';
import { OutsideColumns } from './outside.js';
import { RelayFlow } from './relay-flow.js';
import { RowWindow } from './row-window.js';
import { Summaries } from './summaries.js';
import { TcpFlow } from './tcp-flow.js';
import type { ArrowRow, FlowRow, FlowView, HeldBackCounts, Lifeline, LifelineKind, MarkRow } from './types.js';
import { LOST_AFTER_US, UdpFlow } from './udp-flow.js';
import { frozen } from './frozen.js';

export type LabSlice = Pick<LabState, 'trace' | 'sockets' | 'servers'> & Partial<Pick<LabState, 'relays'>>;

/** Ports below this are taken as a server's choice; the OS picks clients' ports above it. */
const EPHEMERAL_START = 32768;

export class FlowBuilder implements FlowCore {
  private window: RowWindow;
  private index = new LifelineIndex();
  private summaries: Summaries;
  private lanes = new Lanes();
  private outside = new OutsideColumns();
  private udp: UdpFlow;
  private tcp: TcpFlow;
  /** The page's relays: they and their sockets stand between clients and servers. */
  private relay: RelayFlow;
  private earlier = 0;
  /** Lab events the bridge told the page it held back (session.heldBack), within the window. */
  private heldBack: HeldBackCounts = { outside: 0, behind: 0 };
  /** Whether this flow draws a lab server (unfiltered, or its filter names one): only then is what
   * the bridge held back of the lab servers' events its business. */
  private showsLabServers = true;
  /** Whether the entry being applied is inside the window (`since`) that is drawn. */
  private drawing = true;
  private version = 0;
  private lastSeq = 0;
  private firstSeq = 0;
  private sawHello = false;
  /** The latest bridge time seen, in microseconds. */
  now = 0;
  private cached: FlowView | undefined;
  private readonly filter: readonly string[] | undefined;

  constructor(private readonly options: FlowOptions = {}) {
    this.filter = options.filter && options.filter.length > 0 ? options.filter : undefined;
    this.window = new RowWindow(options.maxRows ?? DEFAULT_MAX_ROWS);
    this.summaries = new Summaries(options.summaryRate);
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
      if (this.lastSeq > 0 || this.window.rows.length > 0) this.reset(state); // the trace was cleared
      return this.version !== before;
    }
    if (first.seq > this.lastSeq + 1 && (this.lastSeq > 0 || this.window.rows.length > 0)) {
      // entries we never saw: either the trace was cleared, or a burst pushed them off its end
      const lost = first.seq - this.lastSeq - 1;
      const cleared = trace.length < TRACE_LIMIT;
      const heldBack = this.heldBack;
      this.reset(state);
      if (!cleared) {
        this.window.missed(lost);
        // the notices that fell off the trace were counted already
        this.heldBack = heldBack;
      }
    } else if (this.lastSeq === 0 && this.window.rows.length === 0 && this.index.lifelines.size === 0 && first.seq > 1) {
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
    for (const id of this.outside.takeIdle(this.now)) {
      const line = this.index.lifelines.get(id);
      if (!line || line.closed) continue;
      if (line.lane === undefined) this.index.forget(id);
      else this.close(line, false);
    }
  }

  /** Starts over from the sockets open now (after the trace was cleared); rows number on. */
  private reset(state: LabSlice): void {
    this.window = this.window.restart();
    this.index = new LifelineIndex();
    this.summaries = new Summaries(this.options.summaryRate);
    this.lanes = new Lanes();
    this.outside = new OutsideColumns();
    this.heldBack = { outside: 0, behind: 0 };
    this.udp = new UdpFlow(this, this.options.lostAfterUs ?? LOST_AFTER_US);
    this.tcp = new TcpFlow(this);
    this.relay = new RelayFlow(this);
    this.lastSeq = 0;
    this.firstSeq = 0;
    this.version++;
    this.seed(state);
  }

  /** Learns the sockets already open, whose opening events are no longer in the trace. */
  private seed(state: LabSlice): void {
    this.servers(state.servers);
    for (const r of Object.values(state.relays ?? {})) if (!r.closed) this.relay.started(r.id, r.proto, r.settings);
    for (const s of Object.values(state.sockets)) if (!isClosedState(s.state)) this.seedSocket(s);
  }

  private seedSocket(s: SocketView): void {
    const kind: LifelineKind = s.kind;
    const line = this.open(s.id, kind, { local: s.local, remote: s.remote, parent: s.parent });
    if (s.parent) line.side = 'server';
    if (s.local && s.remote) this.setConnection(line, s.local, s.remote);
  }

  private servers(servers: readonly LabServerStatus[]): void {
    const filter = this.filter;
    this.showsLabServers = !filter || servers.some((s) => matchesFilter(s.sock, filter));
    for (const s of servers) {
      const existing = this.index.currentOf(s.sock);
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
          for (const line of this.index.lifelines.values()) if (line.owner === 'page' && !line.closed) this.close(line, false);
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
        const line = this.index.currentOf(e.sock);
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
          line.lane = this.lanes.assign(line, this.index.lifelines);
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
      case 'session.heldBack':
        if (!this.drawing || !this.showsLabServers) return;
        this.heldBack = { outside: this.heldBack.outside + e.outside, behind: this.heldBack.behind + e.behind };
        this.version++;
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private close(line: Lifeline, drawn: boolean): void {
    line.closed = true;
    line.endRow = drawn ? this.window.nextRow - 1 : Math.max(this.window.nextRow - 1, line.startRow ?? 0);
    if (line.kind === 'udp') this.udp.closed(line.local);
    this.index.closed(line);
    if (line.kind === 'tcp') this.tcp.closed(line);
    this.version++;
  }

  // ---- FlowCore --------------------------------------------------------------------------------

  open(sock: string, kind: LifelineKind, fields?: LifelineFields): Lifeline {
    return this.index.open(sock, kind, fields);
  }

  get(sock: string, kind: LifelineKind): Lifeline {
    return this.index.get(sock, kind);
  }

  external(address: Address, role: 'sender' | 'receiver'): Lifeline {
    let line = this.index.externalAt(address);
    if (line && !line.closed && this.outside.stale(line.id, this.now)) this.close(line, false);
    // new, or back after its column folded away
    if (!line || line.closed) line = this.index.openExternal(address, role === 'sender' ? 'client' : 'server');
    this.outside.saw(line.id, this.now);
    return line;
  }

  udpAt(address: Address): Lifeline | undefined {
    return this.index.udpAt(address);
  }

  closedUdpAt(address: Address): Lifeline | undefined {
    return this.index.closedUdpAt(address);
  }

  listenerAt(address: Address): Lifeline | undefined {
    return this.index.listenerAt(address);
  }

  connection(local: Address, remote: Address): Lifeline | undefined {
    return this.index.connection(local, remote);
  }

  setConnection(line: Lifeline, local: Address, remote: Address): void {
    this.index.setConnection(line, local, remote);
  }

  addArrow(arrow: NewArrow): ArrowRow {
    const row: ArrowRow = { kind: 'arrow', row: -1, rev: 0, ...arrow };
    if (!this.drawing || !(this.keeps(row.from) || this.keeps(row.to))) return row;
    const lines = [row.from, row.to];
    if (this.summaries.fold(row, this.window, (summary) => this.place(summary, lines))) this.version++;
    else this.place(row, lines);
    return row;
  }

  addMark(mark: NewMark): MarkRow {
    const row: MarkRow = { kind: 'mark', row: -1, rev: 0, ...mark };
    if (this.drawing && (this.keeps(row.on) || (row.from !== undefined && this.keeps(row.from)))) this.place(row, row.from ? [row.from, row.on] : [row.on]);
    return row;
  }

  isLast(row: FlowRow): boolean {
    return this.window.isLast(row);
  }

  touch(row: FlowRow): void {
    row.rev++;
    if (!this.window.holds(row)) return; // filtered out, or dropped already
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
    const sock = this.index.lifelines.get(lineId)?.sock;
    return sock !== undefined && matchesFilter(sock, this.filter);
  }

  private place(row: FlowRow, lines: string[]): void {
    this.window.place(row);
    lines.forEach((id, i) => this.draw(id, row.row, row.kind === 'mark' && i === lines.length - 1 ? 'mark' : i === 0 ? 'sender' : 'receiver'));
    this.version++;
  }

  /** Places a lifeline the first time a row draws it: decides its side, gives it a lane. */
  private draw(lineId: string, row: number, role: 'sender' | 'receiver' | 'mark'): void {
    const line = this.index.lifelines.get(lineId);
    if (!line || line.lane !== undefined) return;
    if (line.sock && this.relay.owns(line.sock)) line.side = 'middle';
    else if (!line.side) {
      if (line.owner === 'lab' || line.kind === 'welcoming' || line.parent) line.side = 'server';
      else if (role === 'mark') line.side = line.local && line.local.port < EPHEMERAL_START ? 'server' : 'client';
      else line.side = role === 'sender' ? 'client' : 'server';
    }
    line.startRow = row;
    const folded = line.owner === 'external' ? this.outside.makeRoom(line, this.index.lifelines) : undefined;
    if (folded) {
      // the quietest outside address on this side hands its column on
      this.close(folded, false);
      folded.endRow = Math.max(folded.startRow ?? 0, row - 1);
    }
    line.lane = this.lanes.assign(line, this.index.lifelines);
  }

  /** Drops the oldest tenth once over the limit, and forgets sockets that ended before them. */
  private trim(): void {
    if (this.window.trim() === 0) return;
    const gone = new Set<string>();
    for (const line of this.index.lifelines.values()) {
      if (line.closed && (line.endRow ?? -1) < this.window.firstRow && line.startRow !== undefined) gone.add(line.id);
    }
    const isGone = (id: string) => gone.has(id);
    this.summaries.forget(isGone);
    for (const id of gone) {
      const line = this.index.forget(id);
      if (line) this.tcp.forget(line);
    }
    this.lanes.forget(isGone);
    this.version++;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** The current view; the same object until something changes. Rows are shared with the model
   * and keep changing (a pending datagram becomes delivered): take snapshot() to freeze it. */
  view(): FlowView {
    if (this.cached?.version === this.version) return this.cached;
    const { columns, laneColumn, groups } = this.lanes.layout();
    this.cached = {
      rows: this.window.rows,
      firstRow: this.window.firstRow,
      dropped: this.window.dropped,
      summarised: this.summaries.summarised,
      heldBack: this.heldBack,
      earlier: this.earlier,
      lifelines: this.index.lifelines,
      columns,
      laneColumn,
      groups,
      version: this.version,
    };
    return this.cached;
  }

  /** A copy that later events do not change (the paused view). */
  snapshot(): FlowView {
    return frozen(this.view());
  }
}
