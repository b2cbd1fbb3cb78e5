// Lesson 5's question, "when was each client served?", answered from the trace: for every page
// connection to one lab server, when connect() returned (the kernel finished the handshake),
// when the server program accept()ed it, when it first sent and first got a reply, and when it
// ended. Against an iterative server the gap between connect and accept is the wait. Pure.
import type { LabServerStatus } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';

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

export function acceptTimeline(trace: readonly TraceEntry[], server: Pick<LabServerStatus, 'port' | 'sock'>): ClientRow[] {
  const rows: ClientRow[] = [];
  const bySock = new Map<string, ClientRow>();
  const connectingAt = new Map<string, number>();
  // a server that accepts at once reports it before the client hears its connect() returned
  const earlyAccepts = new Map<number, number>();
  for (const { seq, event: e } of trace) {
    if (e.type === 'tcp.connecting' && isPageSocket(e.sock)) connectingAt.set(e.sock, e.t);
    else if (e.type === 'tcp.connected' && isPageSocket(e.sock) && e.remote.port === server.port) {
      const row: ClientRow = { sock: e.sock, localPort: e.local.port, connectedAt: e.t };
      const early = earlyAccepts.get(row.localPort);
      if (early !== undefined && early >= (connectingAt.get(e.sock) ?? 0)) {
        row.acceptedAt = early;
        earlyAccepts.delete(row.localPort);
      }
      rows.push(row);
      bySock.set(e.sock, row);
    } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
      // the newest not yet accepted row with this client port (ports can come back later)
      const row = [...rows].reverse().find((r) => r.localPort === e.remote.port && r.acceptedAt === undefined && r.closedAt === undefined);
      if (row) row.acceptedAt = e.t;
      else earlyAccepts.set(e.remote.port, e.t);
    } else if (e.type === 'tcp.sent' || e.type === 'tcp.received' || e.type === 'tcp.finSent' || e.type === 'socket.closed') {
      const row = bySock.get(e.sock);
      if (!row) continue;
      if (e.type === 'tcp.sent' && e.size > 0) row.firstSentAt ??= e.t;
      else if (e.type === 'tcp.received' && row.firstReplyAt === undefined) {
        row.firstReplyAt = e.t;
        row.firstReplySeq = seq;
      } else if (e.type === 'tcp.finSent' || e.type === 'socket.closed') {
        row.closedAt ??= e.t;
        bySock.delete(e.sock); // its id is never reused, but its events end here
      }
    }
  }
  return rows;
}
