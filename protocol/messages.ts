// The wire contract between the page and the bridge, defined once. Every request mirrors a Python
// socket call the lessons teach; every event is something that happened, in the past tense.
// Types are inferred from the schemas; no other file spells a message type as a string literal
// outside a switch over these unions.
import { z } from './zod.js';
import { Address, anyId, Data, EventData, host, ownId, port, req, t } from './fields.js';
import {
  RelayArrived,
  RelayConfigure,
  RelayConfigured,
  RelayDrop,
  RelayDropped,
  RelayHeld,
  RelayHold,
  RelayOverflowed,
  RelayReleased,
  RelayStart,
  RelayStarted,
  RelayStep,
} from './relay-messages.js';

export { Address, Data, RequestNumber } from './fields.js';
export * from './relay-messages.js';

// ---- requests: page -> bridge ----------------------------------------------------------------

export const UdpOpen = z.strictObject({
  type: z.literal('udp.open'),
  req,
  sock: ownId,
  /** bind(('127.0.0.1', port)); port 0 lets the OS choose, as the textbook client does. */
  host: z.optional(host),
  port: z.optional(port),
  /** recvfrom(bufsize): a longer datagram is cut to this size, as the kernel does. */
  bufsize: z.optional(z.int().check(z.minimum(1), z.maximum(65535))),
});
export const UdpSend = z.strictObject({
  type: z.literal('udp.send'),
  req,
  sock: anyId,
  host,
  port,
  data: Data,
});
export const TcpConnect = z.strictObject({
  type: z.literal('tcp.connect'),
  req,
  sock: ownId,
  host,
  port,
});
export const TcpListen = z.strictObject({
  type: z.literal('tcp.listen'),
  req,
  sock: ownId,
  host: z.optional(host),
  port,
  /** listen(backlog) */
  backlog: z.optional(z.int().check(z.minimum(0), z.maximum(128))),
});
export const TcpSend = z.strictObject({
  type: z.literal('tcp.send'),
  req,
  sock: anyId,
  data: Data,
});
/** shutdown(SHUT_WR): send FIN, keep reading. */
export const TcpShutdown = z.strictObject({
  type: z.literal('tcp.shutdown'),
  req,
  sock: anyId,
});
export const SocketClose = z.strictObject({
  type: z.literal('socket.close'),
  req,
  sock: anyId,
});

export const Request = z.discriminatedUnion('type', [
  UdpOpen,
  UdpSend,
  TcpConnect,
  TcpListen,
  TcpSend,
  TcpShutdown,
  SocketClose,
  RelayStart,
  RelayConfigure,
  RelayHold,
  RelayStep,
  RelayDrop,
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];
export const REQUEST_TYPES = typesOf(Request);

// ---- events: bridge -> page ------------------------------------------------------------------

export const LabServerStatus = z.strictObject({
  name: z.string(),
  proto: z.enum(['udp', 'tcp']),
  port,
  state: z.enum(['running', 'unavailable', 'stopped']),
  /** The socket id its events carry, e.g. "lab:udp-upper". */
  sock: z.string(),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
});
export type LabServerStatus = z.infer<typeof LabServerStatus>;

export const Hello = z.strictObject({
  type: z.literal('hello'),
  t,
  version: z.int(),
  session: z.string(),
  servers: z.array(LabServerStatus),
  limits: z.strictObject({
    maxDataBytes: z.int(),
    socketsPerSession: z.int(),
  }),
});
export const UdpBound = z.strictObject({
  type: z.literal('udp.bound'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  local: Address,
  bufsize: z.int(),
});
export const UdpSent = z.strictObject({
  type: z.literal('udp.sent'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  from: Address,
  to: Address,
  size: z.int(),
  /** Up to the first bytes of the payload, for the flow's preview and inspector. */
  data: EventData,
});
export const UdpReceived = z.strictObject({
  type: z.literal('udp.received'),
  t,
  sock: anyId,
  from: Address,
  to: Address,
  /** What recvfrom(bufsize) returned: at most bufsize bytes. */
  data: EventData,
  /** The datagram's real length on the wire. */
  size: z.int(),
  truncated: z.boolean(),
});
export const UdpDropped = z.strictObject({
  type: z.literal('udp.dropped'),
  t,
  sock: anyId,
  count: z.int(),
});
export const TcpConnecting = z.strictObject({
  type: z.literal('tcp.connecting'),
  t,
  sock: anyId,
  remote: Address,
});
export const TcpConnected = z.strictObject({
  type: z.literal('tcp.connected'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  local: Address,
  remote: Address,
});
export const TcpListening = z.strictObject({
  type: z.literal('tcp.listening'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  local: Address,
  backlog: z.int(),
});
/** accept() returned: a new connection socket, while the welcoming socket keeps listening. */
export const TcpAccepted = z.strictObject({
  type: z.literal('tcp.accepted'),
  t,
  sock: anyId,
  conn: anyId,
  local: Address,
  remote: Address,
});
export const TcpSent = z.strictObject({
  type: z.literal('tcp.sent'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  size: z.int(),
  data: EventData,
});
/** One chunk, exactly as one read from the kernel returned it. */
export const TcpReceived = z.strictObject({
  type: z.literal('tcp.received'),
  t,
  sock: anyId,
  data: EventData,
  size: z.int(),
});
/** Our FIN went out (shutdown(SHUT_WR) or close()). */
export const TcpFinSent = z.strictObject({
  type: z.literal('tcp.finSent'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
});
/** The peer's FIN arrived: recv() now returns b''. */
export const TcpPeerClosed = z.strictObject({
  type: z.literal('tcp.peerClosed'),
  t,
  sock: anyId,
});
export const TcpReset = z.strictObject({
  type: z.literal('tcp.reset'),
  t,
  sock: anyId,
  code: z.string(),
});
export const SocketClosed = z.strictObject({
  type: z.literal('socket.closed'),
  t,
  sock: anyId,
  /** Who ended it: this side's close(), the peer, an error, or the end of the session. */
  reason: z.enum(['local', 'peer', 'error', 'session', 'server']),
});
export const SocketError = z.strictObject({
  type: z.literal('socket.error'),
  t,
  sock: z.optional(anyId),
  req,
  /** A LAB_* code from the catalogue, or the OS code unchanged (ECONNREFUSED, EADDRINUSE...). */
  code: z.string(),
  message: z.string(),
  /** The socket call that failed, in Python's words: connect, bind, sendto... */
  call: z.optional(z.string()),
});
/** This page sends more requests than its share of the bridge while other pages send too: the
 * bridge reads its WebSocket more slowly (its requests wait, none is lost) so that the other pages
 * are not slowed. Sent once when that begins; again only after 10 s without being held. */
export const SessionSlowed = z.strictObject({
  type: z.literal('session.slowed'),
  t,
  /** The requests a second this page is handled at now: its share. */
  perSecond: z.int().check(z.minimum(1)),
});
/** The bridge held back lab servers' events this page would have been sent: it can say what it did
 * not show. Counts since the previous notice; sent at most once a second while it goes on. */
export const SessionHeldBack = z.strictObject({
  type: z.literal('session.heldBack'),
  t,
  /** Events about exchanges no page took part in (a program outside the lab talking to a lab
   * server), beyond the budget all pages share together. */
  outside: z.int().check(z.minimum(0)),
  /** Lab servers' events not sent while this page was behind (it had not read what it was sent). */
  behind: z.int().check(z.minimum(0)),
});

export const Event = z.discriminatedUnion('type', [
  Hello,
  UdpBound,
  UdpSent,
  UdpReceived,
  UdpDropped,
  TcpConnecting,
  TcpConnected,
  TcpListening,
  TcpAccepted,
  TcpSent,
  TcpReceived,
  TcpFinSent,
  TcpPeerClosed,
  TcpReset,
  SocketClosed,
  SocketError,
  SessionSlowed,
  SessionHeldBack,
  RelayStarted,
  RelayConfigured,
  RelayArrived,
  RelayHeld,
  RelayReleased,
  RelayDropped,
  RelayOverflowed,
]);
export type Event = z.infer<typeof Event>;
export type EventType = Event['type'];
export const EVENT_TYPES = typesOf(Event);
export type EventOf<K extends EventType> = Extract<Event, { type: K }>;
export type RequestOf<K extends RequestType> = Extract<Request, { type: K }>;
/** Distributes Omit over a union, so each member keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as the bridge builds it, before the clock stamps it. */
export type EventBody = DistributiveOmit<Event, 't'>;
/** A request as the page writes it: the client adds `req` itself. */
export type RequestBody = DistributiveOmit<Request, 'req'>;

/** The `type` of every message of a union, in the union's order. */
function typesOf<T extends string>(union: { def: { options: readonly { shape: { type: z.ZodMiniLiteral<T> } }[] } }): T[] {
  return union.def.options.map((o) => o.shape.type.def.values[0]!);
}

/** Used at the end of a switch over a union: a new message type breaks the build where unhandled. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
