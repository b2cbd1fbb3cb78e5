// The lab's state as the page knows it, and the pure reducer that folds bridge events into it.
// Views read this state; only the reducer changes it.
import type { Address, Event, EventOf, LabServerStatus, RelaySettings } from '../../protocol/messages.js';
import { socketOwner } from '../../protocol/socket-ids.js';
import { isClosedState, nextSocketState, type SocketState } from '../../protocol/socket-states.js';

/** The socket states the student sees, named as in the lessons: the bridge's own, folded from
 * the same events by the same table (protocol/socket-states.ts). */
export type { SocketState };

export interface SocketView {
  id: string;
  kind: 'udp' | 'tcp' | 'welcoming';
  /** The page's own socket, or one of the lab's servers. */
  owner: 'page' | 'lab';
  state: SocketState;
  local?: Address;
  remote?: Address;
  /** For a connection socket accept() returned: its welcoming socket. */
  parent?: string;
  /** Which side of a conversation the socket plays, once its first move shows it: a UDP socket
   * that sends first is a client, one that receives first a server; connect() makes a client,
   * listen() and accept() a server. */
  role?: 'client' | 'server';
  openedAt: number;
  closedAt?: number;
}

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'open'; session: string }
  | { status: 'unauthorized' }
  | { status: 'down'; retryInMs: number }
  | { status: 'closed'; code: number; reason: string };

/** One event in the trace, numbered in arrival order. */
export interface TraceEntry {
  seq: number;
  event: Event;
}

/** A relay the page started, as its last events describe it. */
export interface RelayView {
  id: string;
  proto: 'udp' | 'tcp';
  listen: Address;
  target: Address;
  settings: RelaySettings;
  held: boolean;
  /** Packets waiting in the hold, oldest first. */
  waiting: number[];
  closed: boolean;
  /** The path's queue was full: its latest report, with the datagrams dropped so far. */
  overflow?: { dir: 'toServer' | 'toClient'; action: 'paused' | 'dropped'; dropped: number; maxPackets: number; maxBytes: number };
}

export interface LabState {
  connection: ConnectionState;
  /** The bridge's latest word that it reads this page more slowly (it sends over its share). */
  slowed?: { perSecond: number; t: number };
  servers: LabServerStatus[];
  sockets: Record<string, SocketView>;
  relays: Record<string, RelayView>;
  trace: TraceEntry[];
  nextSeq: number;
}

/** The trace keeps this many events; older ones fall off the start. */
export const TRACE_LIMIT = 10_000;

export const initialState: LabState = {
  connection: { status: 'connecting' },
  servers: [],
  sockets: {},
  relays: {},
  trace: [],
  nextSeq: 1,
};

export type Action = { type: 'events'; events: Event[] } | { type: 'connection'; connection: ConnectionState } | { type: 'clearTrace' };

const ownerOf = socketOwner;

/** A socket an event opens (or moves on): a new one when the id is new or its socket has closed,
 * starting from the table's first state (CLOSED for TCP, unbound for UDP). */
function put(sockets: Record<string, SocketView>, id: string, type: Event['type'], patch: Partial<SocketView> & Pick<SocketView, 'kind'>, t: number): void {
  const prev = sockets[id];
  const open = prev && !isClosedState(prev.state) ? prev : undefined;
  const from: SocketState = open?.state ?? (patch.kind === 'udp' ? 'unbound' : 'CLOSED');
  const base = open ?? { id, owner: ownerOf(id), openedAt: t };
  sockets[id] = { ...base, ...patch, state: nextSocketState(from, type) };
}

/** A known socket's state moved by an event (and other fields it changes). */
function move(sockets: Record<string, SocketView>, id: string, type: Event['type'], patch: Partial<SocketView> = {}): void {
  const prev = sockets[id];
  if (prev) sockets[id] = { ...prev, ...patch, state: nextSocketState(prev.state, type) };
}

/** Whether applySocket would change the table for this event. */
function changesSockets(sockets: Readonly<Record<string, SocketView>>, e: Event): boolean {
  switch (e.type) {
    case 'udp.sent':
    case 'udp.received': {
      const s = sockets[e.sock];
      return s !== undefined && !s.role;
    }
    case 'tcp.finSent':
    case 'tcp.peerClosed':
    case 'tcp.reset':
    case 'socket.closed':
      return sockets[e.sock] !== undefined;
    case 'udp.bound':
    case 'tcp.connecting':
    case 'tcp.connected':
    case 'tcp.listening':
    case 'tcp.accepted':
      return true;
    default:
      return false;
  }
}

/** Applies one event to the socket table (mutating the copy the reducer made). */
function applySocket(sockets: Record<string, SocketView>, e: Event): void {
  switch (e.type) {
    case 'udp.bound':
      return put(sockets, e.sock, e.type, { kind: 'udp', local: e.local }, e.t);
    case 'udp.sent':
    case 'udp.received': {
      const s = sockets[e.sock];
      if (s && !s.role) sockets[e.sock] = { ...s, role: e.type === 'udp.sent' ? 'client' : 'server' };
      return;
    }
    case 'tcp.connecting':
      return put(sockets, e.sock, e.type, { kind: 'tcp', remote: e.remote, role: 'client' }, e.t);
    case 'tcp.connected':
      return put(sockets, e.sock, e.type, { kind: 'tcp', local: e.local, remote: e.remote, role: 'client' }, e.t);
    case 'tcp.listening':
      return put(sockets, e.sock, e.type, { kind: 'welcoming', local: e.local, role: 'server' }, e.t);
    case 'tcp.accepted':
      return put(sockets, e.conn, e.type, { kind: 'tcp', local: e.local, remote: e.remote, parent: e.sock, role: 'server' }, e.t);
    case 'tcp.finSent':
    case 'tcp.peerClosed':
    case 'tcp.reset':
      return move(sockets, e.sock, e.type);
    case 'socket.closed':
      return move(sockets, e.sock, e.type, { closedAt: e.t });
    case 'hello':
    case 'udp.dropped':
    case 'tcp.sent':
    case 'tcp.received':
    case 'socket.error':
    case 'relay.started':
    case 'relay.configured':
    case 'relay.arrived':
    case 'relay.held':
    case 'relay.released':
    case 'relay.dropped':
    case 'relay.overflowed':
    case 'session.slowed':
    case 'session.heldBack':
      return;
  }
}

/** Applies one event to the relays table (mutating the copy the reducer made). */
function applyRelay(relays: Record<string, RelayView>, e: Event): void {
  switch (e.type) {
    case 'relay.started':
      relays[e.sock] = { id: e.sock, proto: e.proto, listen: e.listen, target: e.target, settings: e.settings, held: e.held, waiting: [], closed: false };
      return;
    case 'relay.configured': {
      const r = relays[e.sock];
      if (r) relays[e.sock] = { ...r, settings: e.settings, held: e.held, waiting: e.waiting };
      return;
    }
    case 'relay.held': {
      const r = relays[e.sock];
      if (r && !r.waiting.includes(e.packet)) relays[e.sock] = { ...r, waiting: [...r.waiting, e.packet] };
      return;
    }
    case 'relay.released':
    case 'relay.dropped': {
      const r = relays[e.sock];
      if (r) relays[e.sock] = { ...r, waiting: r.waiting.filter((p) => p !== e.packet) };
      return;
    }
    case 'relay.overflowed': {
      const r = relays[e.sock];
      const dropped = (r?.overflow?.dropped ?? 0) + e.dropped;
      if (r) relays[e.sock] = { ...r, overflow: { dir: e.dir, action: e.action, dropped, maxPackets: e.maxPackets, maxBytes: e.maxBytes } };
      return;
    }
    case 'socket.closed': {
      const r = relays[e.sock];
      if (r) relays[e.sock] = { ...r, closed: true, waiting: [] };
      return;
    }
    default:
      return;
  }
}

export function reduce(state: LabState, action: Action): LabState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'clearTrace':
      return { ...state, trace: [] };
    case 'events': {
      if (action.events.length === 0) return state;
      let { servers, connection, nextSeq, sockets, relays, slowed } = state;
      // the tables are copied only when an event changes them: a flood of datagrams on sockets
      // already known leaves them as they were, so views that read only them do not redraw
      let socketsCopied = false;
      let relaysCopied = false;
      const added: TraceEntry[] = [];
      for (const event of action.events) {
        if (event.type === 'hello') {
          servers = event.servers;
          connection = { status: 'open', session: event.session };
        }
        if (event.type === 'session.slowed') slowed = { perSecond: event.perSecond, t: event.t };
        if (changesSockets(sockets, event)) {
          if (!socketsCopied) sockets = { ...sockets };
          socketsCopied = true;
          applySocket(sockets, event);
        }
        if (event.type.startsWith('relay.') || (event.type === 'socket.closed' && relays[event.sock])) {
          if (!relaysCopied) relays = { ...relays };
          relaysCopied = true;
          applyRelay(relays, event);
        }
        added.push({ seq: nextSeq++, event });
      }
      let trace = state.trace.concat(added);
      if (trace.length > TRACE_LIMIT) trace = trace.slice(trace.length - TRACE_LIMIT);
      return { ...state, servers, connection, sockets, relays, slowed, trace, nextSeq };
    }
  }
}

/** Sockets that are open now, the lab's first, welcoming sockets before their connections. */
export function openSockets(state: LabState): SocketView[] {
  return Object.values(state.sockets).filter((s) => !isClosedState(s.state));
}

export type { EventOf };
