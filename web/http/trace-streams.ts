// The observe rules of lessons 7 and 8 read application messages (game frames, HTTP requests and
// responses) out of the event trace. This gathers, for every page TCP socket that connected to a
// given port, the chunks it sent and received, in order, each with the trace number of its event.
import { base64ToBytes } from '../../protocol/base64.js';
import { isPageSocket } from '../../protocol/socket-ids.js';
import type { TraceEntry } from '../lab/state.js';

export interface Chunk {
  seq: number;
  bytes: Uint8Array;
}

export interface PageStream {
  sock: string;
  sent: Chunk[];
  received: Chunk[];
}

/** The page's connections to `port`, in the order they connected. */
export function pageStreamsTo(trace: readonly TraceEntry[], port: number): PageStream[] {
  const open = new Map<string, PageStream>();
  const all: PageStream[] = [];
  for (const { seq, event: e } of trace) {
    if (e.type === 'tcp.connected') {
      if (!isPageSocket(e.sock) || e.remote.port !== port) continue;
      const stream: PageStream = { sock: e.sock, sent: [], received: [] };
      open.set(e.sock, stream);
      all.push(stream);
    } else if (e.type === 'tcp.sent' || e.type === 'tcp.received') {
      const stream = open.get(e.sock);
      if (stream) (e.type === 'tcp.sent' ? stream.sent : stream.received).push({ seq, bytes: base64ToBytes(e.data) });
    } else if (e.type === 'socket.closed') {
      open.delete(e.sock); // a socket id used again later is a new connection
    }
  }
  return all;
}
