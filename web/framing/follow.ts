// Which connection the frame decoder view follows: the page's newest TCP connection to the framed
// server (or only the panel's own socket's, so a command console's connection does not take the
// view over), and the lab server's connection socket at the other end of it (matched by the client's
// port, which the server sees as the remote port). Pure, over the lab's trace.
import { base64ToBytes } from '../../protocol/base64.js';
import type { LabServerStatus } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';
import type { Chunk } from './decoder-run.js';

export interface Followed {
  /** The page's socket id */
  page: string;
  /** The lab server's connection socket for it, once accepted */
  lab?: string;
  localPort: number;
  /** seq of the page's tcp.connected */
  since: number;
  pageClosed: boolean;
  /** The server closed its end (the page's recv() would return b''). */
  peerClosed: boolean;
  labClosed: boolean;
}

export function newestConnection(trace: readonly TraceEntry[], server: Pick<LabServerStatus, 'port' | 'sock'>, only?: string): Followed | undefined {
  let found: Followed | undefined;
  const acceptedByPort = new Map<number, string>();
  const closed = new Set<string>();
  for (const { seq, event: e } of trace) {
    if (e.type === 'tcp.connected' && isPageSocket(e.sock) && e.remote.port === server.port && (only === undefined || e.sock === only)) {
      found = { page: e.sock, localPort: e.local.port, since: seq, pageClosed: false, peerClosed: false, labClosed: false };
      closed.delete(e.sock);
    } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
      acceptedByPort.set(e.remote.port, e.conn);
    } else if (e.type === 'socket.closed') {
      closed.add(e.sock);
    } else if (e.type === 'tcp.peerClosed' && e.sock === found?.page) {
      found.peerClosed = true;
    }
  }
  if (!found) return undefined;
  const lab = acceptedByPort.get(found.localPort);
  return { ...found, lab, pageClosed: closed.has(found.page), labClosed: lab !== undefined && closed.has(lab) };
}

/** What each recv() on this socket returned, in order (from `since` on). */
export function chunksOf(trace: readonly TraceEntry[], sock: string, since = 0): Chunk[] {
  const out: Chunk[] = [];
  for (const { seq, event: e } of trace) {
    if (seq >= since && e.type === 'tcp.received' && e.sock === sock) out.push({ seq, t: e.t, bytes: base64ToBytes(e.data) });
  }
  return out;
}
