// The wire contract between the page and the bridge, defined once. Every request mirrors a Python
// socket call the lessons teach; every event is something that happened, in the past tense.
// Types are inferred from the schemas; no other file spells a message type as a string literal
// outside a switch over these unions.
import { z } from 'zod';
import { BASE64_PATTERN, base64ByteLength } from './base64.js';
import { MAX_DATA_BYTES, MAX_EVENT_DATA_BYTES, SOCKET_ID_PATTERN } from './limits.js';

// ---- shared pieces ----------------------------------------------------------------------------

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1).max(253);
const bytes = (max: number) =>
  z
    .string()
    .max(Math.ceil(max / 3) * 4)
    .regex(BASE64_PATTERN, 'data must be standard base64')
    .refine((s) => base64ByteLength(s) <= max, `data may hold at most ${max} bytes`);
/** Bytes the page sends, as standard base64. */
export const Data = bytes(MAX_DATA_BYTES);
/** Bytes the bridge reports: one kernel read or one whole datagram. */
const EventData = bytes(MAX_EVENT_DATA_BYTES);
/** A socket id chosen by the page, scoped to its session. */
const ownId = z.string().regex(SOCKET_ID_PATTERN, 'socket ids are 1-40 letters, digits, "_", "." or "-"');
/** Any socket id the bridge may name: the page's own, an accepted connection ("srv#2"), or the
 * lab's own servers ("lab:udp-upper", "lab:tcp-upper#5"). */
const anyId = z.string().min(1).max(80);
/** The page's request number, echoed in the answer and in the error event a request causes. */
export const RequestNumber = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31);
const req = RequestNumber.optional();

export const Address = z.strictObject({
  address: z.string(),
  port,
  family: z.enum(['IPv4', 'IPv6']),
});
export type Address = z.infer<typeof Address>;

// ---- requests: page -> bridge ----------------------------------------------------------------

export const UdpOpen = z.strictObject({
  type: z.literal('udp.open'),
  req,
  sock: ownId,
  /** bind(('127.0.0.1', port)); port 0 lets the OS choose, as the textbook client does. */
  host: host.optional(),
  port: port.optional(),
  /** recvfrom(bufsize): a longer datagram is cut to this size, as the kernel does. */
  bufsize: z.number().int().min(1).max(65535).optional(),
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
  host: host.optional(),
  port,
  /** listen(backlog) */
  backlog: z.number().int().min(0).max(128).optional(),
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

// ---- the relay between a client and a server (lesson 9, demos of loss and delay) -------------

const probability = z.number().min(0).max(1);
const millis = z.number().int().min(0).max(10_000);
/** A relay's settings. Every one is optional in a request; events carry them all. */
const relaySettingsShape = {
  /** Probability that a datagram is lost (UDP), or that a piece must be retransmitted (TCP). */
  loss: probability,
  delayMs: millis,
  jitterMs: millis,
  duplicate: probability,
  reorder: probability,
  reorderMs: millis,
  /** The seed of the relay's random choices: the same seed repeats the same run. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1),
  /** TCP: the most bytes one piece carries (the stream is cut into pieces this size). */
  segmentBytes: z.number().int().min(1).max(65536),
  /** TCP: how long a lost piece takes to be retransmitted. */
  retransmitMs: millis,
};
export const RelaySettings = z.strictObject(relaySettingsShape);
export type RelaySettings = z.infer<typeof RelaySettings>;
const RelaySettingsPatch = RelaySettings.partial();

/** Start a relay: the client talks to its port, it forwards to `target` and back. */
export const RelayStart = z.strictObject({
  type: z.literal('relay.start'),
  req,
  sock: ownId,
  proto: z.enum(['udp', 'tcp']),
  /** The port the relay listens on (0: the OS chooses). */
  port: port.optional(),
  target: z.strictObject({ host, port }),
  settings: RelaySettingsPatch.optional(),
});
export const RelayConfigure = z.strictObject({
  type: z.literal('relay.configure'),
  req,
  sock: ownId,
  settings: RelaySettingsPatch,
});
/** Hold: due packets wait at the relay until stepped, dropped or let go. */
export const RelayHold = z.strictObject({
  type: z.literal('relay.hold'),
  req,
  sock: ownId,
  on: z.boolean(),
});
export const RelayStep = z.strictObject({
  type: z.literal('relay.step'),
  req,
  sock: ownId,
  count: z.number().int().min(1).max(100).optional(),
});
export const RelayDrop = z.strictObject({
  type: z.literal('relay.drop'),
  req,
  sock: ownId,
  packet: z.number().int().min(1),
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
export const REQUEST_TYPES = Request.options.map((o) => o.shape.type.value) as RequestType[];

// ---- events: bridge -> page ------------------------------------------------------------------

/** Microseconds on the bridge's monotonic clock, counted from the bridge's start. */
const t = z.number().nonnegative();

export const LabServerStatus = z.strictObject({
  name: z.string(),
  proto: z.enum(['udp', 'tcp']),
  port,
  state: z.enum(['running', 'unavailable', 'stopped']),
  /** The socket id its events carry, e.g. "lab:udp-upper". */
  sock: z.string(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type LabServerStatus = z.infer<typeof LabServerStatus>;

export const Hello = z.strictObject({
  type: z.literal('hello'),
  t,
  version: z.number().int(),
  session: z.string(),
  servers: z.array(LabServerStatus),
  limits: z.strictObject({
    maxDataBytes: z.number().int(),
    socketsPerSession: z.number().int(),
  }),
});
export const UdpBound = z.strictObject({
  type: z.literal('udp.bound'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  local: Address,
  bufsize: z.number().int(),
});
export const UdpSent = z.strictObject({
  type: z.literal('udp.sent'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  from: Address,
  to: Address,
  size: z.number().int(),
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
  size: z.number().int(),
  truncated: z.boolean(),
});
export const UdpDropped = z.strictObject({
  type: z.literal('udp.dropped'),
  t,
  sock: anyId,
  count: z.number().int(),
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
  backlog: z.number().int(),
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
  size: z.number().int(),
  data: EventData,
});
/** One chunk, exactly as one read from the kernel returned it. */
export const TcpReceived = z.strictObject({
  type: z.literal('tcp.received'),
  t,
  sock: anyId,
  data: EventData,
  size: z.number().int(),
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
  sock: anyId.optional(),
  req,
  /** A LAB_* code from the catalogue, or the OS code unchanged (ECONNREFUSED, EADDRINUSE...). */
  code: z.string(),
  message: z.string(),
  /** The socket call that failed, in Python's words: connect, bind, sendto... */
  call: z.string().optional(),
});

export const RelayStarted = z.strictObject({
  type: z.literal('relay.started'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  proto: z.enum(['udp', 'tcp']),
  listen: Address,
  target: Address,
  settings: RelaySettings,
  held: z.boolean(),
});
export const RelayConfigured = z.strictObject({
  type: z.literal('relay.configured'),
  t,
  sock: anyId,
  /** The request this event answers (absent when no request of the page caused it). */
  req,
  settings: RelaySettings,
  held: z.boolean(),
  /** Packets waiting in the hold, oldest first. */
  waiting: z.array(z.number().int()),
});
/** A datagram or a piece of the stream reached the relay, and the path decided its fate. */
export const RelayArrived = z.strictObject({
  type: z.literal('relay.arrived'),
  t,
  sock: anyId,
  /** Numbers of the copies that will travel on (two when duplicated, none when lost). */
  copies: z.array(z.number().int()),
  /** toServer: from the client towards the server; toClient: the reply. */
  dir: z.enum(['toServer', 'toClient']),
  size: z.number().int(),
  data: EventData,
  lost: z.boolean(),
  /** Delay of each copy in ms. */
  delays: z.array(z.number().int()),
  reordered: z.boolean(),
  /** TCP: this piece is a retransmission of one the path lost. */
  retransmission: z.boolean(),
});
export const RelayHeld = z.strictObject({
  type: z.literal('relay.held'),
  t,
  sock: anyId,
  packet: z.number().int(),
  dir: z.enum(['toServer', 'toClient']),
  size: z.number().int(),
});
export const RelayReleased = z.strictObject({
  type: z.literal('relay.released'),
  t,
  sock: anyId,
  packet: z.number().int(),
});
export const RelayDropped = z.strictObject({
  type: z.literal('relay.dropped'),
  t,
  sock: anyId,
  packet: z.number().int(),
  /** TCP cannot lose bytes: a dropped piece is sent again after retransmitMs. */
  retransmitted: z.boolean(),
});
/** The relay's queue in one direction (pieces on their delay, and the hold) reached its bound:
 * TCP stops reading from the sending side until the queue drains (flow control, as TCP itself
 * does); UDP drops the datagrams that do not fit. Reported at most once a second per direction. */
export const RelayOverflowed = z.strictObject({
  type: z.literal('relay.overflowed'),
  t,
  sock: anyId,
  dir: z.enum(['toServer', 'toClient']),
  action: z.enum(['paused', 'dropped']),
  /** Datagrams dropped since the last report (0 when the action is paused). */
  dropped: z.number().int().min(0),
  /** What the queue held when it was reported, and its bounds. */
  packets: z.number().int().min(0),
  bytes: z.number().int().min(0),
  maxPackets: z.number().int().min(0),
  maxBytes: z.number().int().min(0),
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
export type EventOf<K extends EventType> = Extract<Event, { type: K }>;
export type RequestOf<K extends RequestType> = Extract<Request, { type: K }>;
/** Distributes Omit over a union, so each member keeps its own fields. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as the bridge builds it, before the clock stamps it. */
export type EventBody = DistributiveOmit<Event, 't'>;
/** A request as the page writes it: the client adds `req` itself. */
export type RequestBody = DistributiveOmit<Request, 'req'>;

/** Used at the end of a switch over a union: a new message type breaks the build where unhandled. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
