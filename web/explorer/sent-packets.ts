// The datagrams and segments the page's own sockets sent, with both ends' addresses, read from the
// lab's event trace. A udp.sent event names its addresses; a tcp.sent event does not, so the
// addresses come from the connection's tcp.connected (client) or tcp.accepted (server) event.
import { base64ToBytes } from '../../protocol/base64.js';
import type { Address } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';
import { foldAll, type TraceReducer } from '../lab/fold.js';

export interface SentPacket {
  /** The trace number of the send event: the packet's identity in the page. */
  seq: number;
  proto: 'udp' | 'tcp';
  sock: string;
  src: Address;
  dst: Address;
  /** The payload bytes the lab saw (all of them, unless the event carried only the first). */
  payload: Uint8Array;
  /** The payload's real length in bytes. */
  size: number;
}

export interface SentOptions {
  proto?: 'udp' | 'tcp';
  /** Keep only the newest this many. */
  limit?: number;
}

interface Found {
  seq: number;
  proto: 'udp' | 'tcp';
  sock: string;
  src: Address;
  dst: Address;
  data: string;
  size: number;
}

export interface SentState {
  /** Each open TCP connection's two ends, by socket. */
  ends: Map<string, { local: Address; remote: Address }>;
  /** The newest `limit` sends, oldest first, their payloads still base64. */
  found: Found[];
}

/** The page's sends as a fold of the trace (web/lab/fold.ts), keeping the newest `limit`. */
export function sentFold({ proto, limit = 20 }: SentOptions = {}): TraceReducer<SentState> {
  const keep = (state: SentState, f: Found) => {
    state.found.push(f);
    if (state.found.length > limit) state.found.shift();
    return true;
  };
  return {
    init: () => ({ ends: new Map(), found: [] }),
    step(state, { seq, event: e }) {
      switch (e.type) {
        case 'tcp.connected':
          state.ends.set(e.sock, { local: e.local, remote: e.remote });
          return false; // the sends shown are unchanged
        case 'tcp.accepted':
          state.ends.set(e.conn, { local: e.local, remote: e.remote });
          return false;
        case 'socket.closed':
          state.ends.delete(e.sock); // a page may reuse the id for a new connection
          return false;
        case 'udp.sent':
          return (
            proto !== 'tcp' && isPageSocket(e.sock) && keep(state, { seq, proto: 'udp', sock: e.sock, src: e.from, dst: e.to, data: e.data, size: e.size })
          );
        case 'tcp.sent': {
          const conn = state.ends.get(e.sock);
          return (
            proto !== 'udp' &&
            conn !== undefined &&
            isPageSocket(e.sock) &&
            keep(state, { seq, proto: 'tcp', sock: e.sock, src: conn.local, dst: conn.remote, data: e.data, size: e.size })
          );
        }
        default:
          return false;
      }
    },
  };
}

/** The packets of a fold's state, their payloads decoded (only what is kept: the trace may hold thousands of sends). */
export function packetsOf(state: SentState): SentPacket[] {
  return state.found.map(({ data, ...rest }) => ({ ...rest, payload: decode(data) }));
}

/** The page's sends, oldest first, the newest `limit` of them. */
export function sentPackets(trace: readonly TraceEntry[], options: SentOptions = {}): SentPacket[] {
  return packetsOf(foldAll(sentFold(options), trace));
}

function decode(data: string): Uint8Array {
  try {
    return base64ToBytes(data);
  } catch {
    return new Uint8Array(0);
  }
}

/** The packet picked by its seq, or the newest when none is picked (or the picked one is gone). */
export function pickPacket(packets: readonly SentPacket[], seq: number | undefined): SentPacket | undefined {
  return (seq !== undefined ? packets.find((p) => p.seq === seq) : undefined) ?? packets.at(-1);
}
