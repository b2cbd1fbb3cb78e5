// Which connection the frame decoder view follows: the page's newest TCP connection to the framed
// server (or only the panel's own socket's, so a command console's connection does not take the
// view over), and the lab server's connection socket at the other end of it (matched by the client's
// port, which the server sees as the remote port). Pure, over the lab's trace.
import { base64ToBytes } from '../../protocol/base64.js';
import type { LabServerStatus } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';
import type { Chunk } from './decoder-run.js';
import { boundMap, type TraceReducer } from '../lab/fold.js';

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

export interface FollowState {
  /** The followed connection, its ends' closes aside (they are read off `closed`). */
  found?: Omit<Followed, 'lab' | 'labClosed'>;
  /** The server's connection sockets by the client port they serve (the newest per port). */
  acceptedByPort: Map<number, string>;
  /** What each recv() on the followed page socket returned, since it connected. */
  pageChunks: Chunk[];
  /** Each server connection socket's recv() results, and whether it closed. */
  labSockets: Map<string, { chunks: Chunk[]; closed: boolean }>;
}

/** Server connections kept (with their chunks): the followed one is among the newest. */
const LAB_SOCKETS_KEPT = 64;

/** newestConnection and chunksOf as one fold of the trace (web/lab/fold.ts), following only the
 * panel's own socket `only`: what the frame decoder panel shows, each event read once. */
export function followFold(server: Pick<LabServerStatus, 'port' | 'sock'>, only: string): TraceReducer<FollowState> {
  return {
    init: () => ({ acceptedByPort: new Map(), pageChunks: [], labSockets: new Map() }),
    step(state, { seq, event: e }) {
      if (e.type === 'tcp.connected' && e.sock === only && isPageSocket(e.sock) && e.remote.port === server.port) {
        state.found = { page: e.sock, localPort: e.local.port, since: seq, pageClosed: false, peerClosed: false };
        state.pageChunks = [];
      } else if (e.type === 'tcp.accepted' && e.sock === server.sock) {
        state.acceptedByPort.delete(e.remote.port); // re-inserted: the newest last, the oldest forgotten first
        state.acceptedByPort.set(e.remote.port, e.conn);
        state.labSockets.set(e.conn, { chunks: [], closed: false });
        boundMap(state.acceptedByPort, LAB_SOCKETS_KEPT);
        boundMap(state.labSockets, LAB_SOCKETS_KEPT);
      } else if (e.type === 'socket.closed') {
        if (e.sock === state.found?.page) state.found.pageClosed = true;
        const lab = state.labSockets.get(e.sock);
        if (lab) lab.closed = true;
      } else if (e.type === 'tcp.peerClosed' && e.sock === state.found?.page) {
        state.found.peerClosed = true;
      } else if (e.type === 'tcp.received') {
        const chunk = () => ({ seq, t: e.t, bytes: base64ToBytes(e.data) });
        if (e.sock === state.found?.page) state.pageChunks.push(chunk());
        else state.labSockets.get(e.sock)?.chunks.push(chunk());
      }
    },
  };
}

/** What the fold follows: the connection, and each end's recv() results. */
export function followedIn(state: FollowState): { followed?: Followed; pageChunks: Chunk[]; labChunks: Chunk[] } {
  if (!state.found) return { pageChunks: [], labChunks: [] };
  const lab = state.acceptedByPort.get(state.found.localPort);
  const labSocket = lab === undefined ? undefined : state.labSockets.get(lab);
  return {
    followed: { ...state.found, lab, labClosed: labSocket?.closed ?? false },
    pageChunks: state.pageChunks,
    labChunks: labSocket?.chunks ?? [],
  };
}
