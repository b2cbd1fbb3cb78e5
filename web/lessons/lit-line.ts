// Which line of a listing to light: the one tagged with the socket call of the latest event that
// concerns this listing. A listing `follows` the page's own sockets or the lab's servers ("lab:"
// ids), and only sockets of its transport: UDPServer.py does not light on a TCP close.
import type { Event } from '../../protocol/messages.js';
import { socketOwner } from '../../protocol/socket-ids.js';
import { callOf } from '../lab/calls.js';
import type { SocketView, TraceEntry } from '../lab/state.js';
import type { ListingCall } from './schema.js';

export interface LitLine {
  call: ListingCall;
  line: number;
  /** The trace entry that lit it. */
  seq: number;
  /** Lines that run right after (print, upper after a recv), shown as coming next. */
  next: { call: ListingCall; line: number }[];
}

type Lines = Partial<Record<ListingCall, number>>;

const UDP_CALLS: ListingCall[] = ['sendto', 'recvfrom'];
const TCP_CALLS: ListingCall[] = ['connect', 'listen', 'accept', 'send', 'recv', 'shutdown'];

/** The transport a listing uses, judged by the calls it tags. */
export function listingProto(lines: Lines): 'udp' | 'tcp' | undefined {
  if (UDP_CALLS.some((c) => lines[c])) return 'udp';
  if (TCP_CALLS.some((c) => lines[c])) return 'tcp';
  return undefined;
}

/** A listing that binds, listens or accepts is a server's; the others are a client's. */
export function listingRole(lines: Lines): 'client' | 'server' {
  return lines.bind || lines.listen || lines.accept ? 'server' : 'client';
}

function protoOf(event: Event, sockets: Readonly<Record<string, SocketView>>): 'udp' | 'tcp' | undefined {
  if (event.type.startsWith('udp.')) return 'udp';
  if (event.type.startsWith('tcp.')) return 'tcp';
  const sock = 'sock' in event ? event.sock : undefined;
  const kind = sock ? sockets[sock]?.kind : undefined;
  return kind === undefined ? undefined : kind === 'udp' ? 'udp' : 'tcp';
}

/** How far back to look: the latest relevant event is nearly always among the last few. */
const LOOK_BACK = 2000;

export function litLine(
  trace: readonly TraceEntry[],
  sockets: Readonly<Record<string, SocketView>>,
  follows: 'page' | 'lab',
  lines: Lines,
  sinceSeq = 0,
): LitLine | undefined {
  const proto = listingProto(lines);
  const role = listingRole(lines);
  const stop = Math.max(0, trace.length - LOOK_BACK);
  for (let i = trace.length - 1; i >= stop; i--) {
    const { seq, event } = trace[i]!;
    if (seq < sinceSeq) break;
    const sock = 'sock' in event ? event.sock : undefined;
    if (!sock || socketOwner(sock) !== follows) continue;
    if (proto && protoOf(event, sockets) !== proto) continue;
    // UDPClient.py does not light up for the page's own server socket, nor UDPServer.py for a client
    const played = sockets[sock]?.role;
    if (played && played !== role) continue;
    const call = callOf(event);
    if (!call) continue;
    // a client never calls bind(): the OS binds it when socket() is made and first used
    const tagged: ListingCall | undefined = lines[call] ? call : call === 'bind' && lines.socket ? 'socket' : undefined;
    if (!tagged) continue;
    const next = call === 'recv' || call === 'recvfrom' ? (['upper', 'print'] as const).filter((c) => lines[c]).map((c) => ({ call: c, line: lines[c]! })) : [];
    return { call: tagged, line: lines[tagged]!, seq, next };
  }
  return undefined;
}
