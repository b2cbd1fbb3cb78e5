// Lesson 5's question, "when was each client served?", answered from the trace: for every page
// connection to one lab server, when connect() returned (the kernel finished the handshake),
// when the server program accept()ed it, when it first sent and first got a reply, and when it
// ended. Against an iterative server the gap between connect and accept is the wait. Pure.
import type { LabServerStatus } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';
import { boundMap, foldAll, type TraceReducer } from '../lab/fold.js';

export interface ClientRow {
  sock: string;
  localPort: number;
  /** µs on the bridge clock */
  connectedAt: number;
  acceptedAt?: number;
  firstSentAt?: number;
  firstReplyAt?: number;
  /** the trace entry of that first reply */
  firstReplySeq?: number;
  /** the page's FIN or close, whichever came first */
  closedAt?: number;
}

export interface TimelineState {
  rows: ClientRow[];
  /** the rows still open, by the page's socket */
  bySock: Map<string, ClientRow>;
  /** when each page socket called connect(), until it connected */
  connectingAt: Map<string, number>;
  /** a server that accepts at once reports it before the client hears its connect() returned:
   * accept times by client port, until the connection shows up */
  earlyAccepts: Map<number, number>;
}

/** Sockets that never connect, and accepts of connections that are not the page's, are forgotten past this. */
const PENDING_LIMIT = 256;

/** The timeline as a fold of the trace (web/lab/fold.ts). `maxRows` keeps only the newest rows
 * (a panel shows a few); without it every connection of the trace is kept. */
export function timelineFold(server: Pick<LabServerStatus, 'port' | 'sock'>, maxRows = Infinity): TraceReducer<TimelineState> {
  return {
    init: () => ({ rows: [], bySock: new Map(), connectingAt: new Map(), earlyAccepts: new Map() }),
    step(state, { seq, event: e }) {
      const { rows, bySock, connectingAt, earlyAccepts } = state;
      if (e.type === 'tcp.connecting' && isPageSocket(e.sock)) {
        connectingAt.set(e.sock, e.t);
        boundMap(connectingAt, PENDING_LIMIT);
      } else if (e.type === 'tcp.connected' && isPageSocket(e.sock) && e.remote.port === server.port) {
        const row: ClientRow = { sock: e.sock, localPort: e.local.port, connectedAt: e.t };
        const early = earlyAccepts.get(row.localPort);
        if (early !== undefined && early >= (connectingAt.get(e.sock) ?? 0)) {
          row.acceptedAt = early;
          earlyAccepts.delete(row.localPort);
        }
        connectingAt.delete(e.sock); // a socket connects once
        rows.push(row);
        bySock.set(e.sock, row);
        if (rows.length > maxRows) for (const gone of rows.splice(0, rows.length - maxRows)) bySock.delete(gone.sock);
      } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
        // the newest not yet accepted row with this client port (ports can come back later)
        const row = findLast(rows, (r) => r.localPort === e.remote.port && r.acceptedAt === undefined && r.closedAt === undefined);
        if (row) row.acceptedAt = e.t;
        else {
          earlyAccepts.set(e.remote.port, e.t);
          boundMap(earlyAccepts, PENDING_LIMIT);
        }
      } else if (e.type === 'tcp.sent' || e.type === 'tcp.received' || e.type === 'tcp.finSent' || e.type === 'socket.closed') {
        const row = bySock.get(e.sock);
        if (!row) return;
        if (e.type === 'tcp.sent' && e.size > 0) row.firstSentAt ??= e.t;
        else if (e.type === 'tcp.received' && row.firstReplyAt === undefined) {
          row.firstReplyAt = e.t;
          row.firstReplySeq = seq;
        } else if (e.type === 'tcp.finSent' || e.type === 'socket.closed') {
          row.closedAt ??= e.t;
          bySock.delete(e.sock); // its id is never reused, but its events end here
        }
      }
    },
  };
}

function findLast<T>(list: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (test(list[i]!)) return list[i];
  return undefined;
}

/** Every page connection of the trace to the server, oldest first. */
export function acceptTimeline(trace: readonly TraceEntry[], server: Pick<LabServerStatus, 'port' | 'sock'>): ClientRow[] {
  return foldAll(timelineFold(server), trace).rows;
}
