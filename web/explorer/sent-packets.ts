// The datagrams and segments the page's own sockets sent, with both ends' addresses, read from the
// lab's event trace. A udp.sent event names its addresses; a tcp.sent event does not, so the
// addresses come from the connection's tcp.connected (client) or tcp.accepted (server) event.
import { base64ToBytes } from '../../protocol/base64.js';
import type { Address } from '../../protocol/messages.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';

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

/** The page's sends, oldest first, the newest `limit` of them. */
export function sentPackets(trace: readonly TraceEntry[], { proto, limit = 20 }: SentOptions = {}): SentPacket[] {
  const ends = new Map<string, { local: Address; remote: Address }>();
  const found: Found[] = [];
  const keep = (f: Found) => {
    found.push(f);
    if (found.length > limit) found.shift();
  };
  for (const { seq, event: e } of trace) {
    switch (e.type) {
      case 'tcp.connected':
        ends.set(e.sock, { local: e.local, remote: e.remote });
        break;
      case 'tcp.accepted':
        ends.set(e.conn, { local: e.local, remote: e.remote });
        break;
      case 'socket.closed':
        ends.delete(e.sock); // a page may reuse the id for a new connection
        break;
      case 'udp.sent':
        if (proto !== 'tcp' && isPageSocket(e.sock)) keep({ seq, proto: 'udp', sock: e.sock, src: e.from, dst: e.to, data: e.data, size: e.size });
        break;
      case 'tcp.sent': {
        const conn = ends.get(e.sock);
        if (proto !== 'udp' && conn && isPageSocket(e.sock))
          keep({ seq, proto: 'tcp', sock: e.sock, src: conn.local, dst: conn.remote, data: e.data, size: e.size });
        break;
      }
      default:
        break;
    }
  }
  // decode only what is kept: the trace may hold thousands of sends
  return found.map(({ data, ...rest }) => ({ ...rest, payload: decode(data) }));
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
