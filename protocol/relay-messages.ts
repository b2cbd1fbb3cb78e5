// The relay between a client and a server (lesson 9, demos of loss and delay): its requests and
// the events that report what the path did to each datagram or piece of the stream. Part of the
// contract in messages.ts, which puts them in its Request and Event unions.
import { z } from './zod.js';
import { anyId, EventData, host, ownId, port, req, t, Address } from './fields.js';

const probability = z.number().check(z.minimum(0), z.maximum(1));
const millis = z.int().check(z.minimum(0), z.maximum(10_000));
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
  seed: z.int().check(z.minimum(0), z.maximum(2 ** 32 - 1)),
  /** TCP: the most bytes one piece carries (the stream is cut into pieces this size). */
  segmentBytes: z.int().check(z.minimum(1), z.maximum(65536)),
  /** TCP: how long a lost piece takes to be retransmitted. */
  retransmitMs: millis,
};
export const RelaySettings = z.strictObject(relaySettingsShape);
export type RelaySettings = z.infer<typeof RelaySettings>;
const RelaySettingsPatch = z.partial(RelaySettings);

/** Start a relay: the client talks to its port, it forwards to `target` and back. */
export const RelayStart = z.strictObject({
  type: z.literal('relay.start'),
  req,
  sock: ownId,
  proto: z.enum(['udp', 'tcp']),
  /** The port the relay listens on (0: the OS chooses). */
  port: z.optional(port),
  target: z.strictObject({ host, port }),
  settings: z.optional(RelaySettingsPatch),
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
  count: z.optional(z.int().check(z.minimum(1), z.maximum(100))),
});
export const RelayDrop = z.strictObject({
  type: z.literal('relay.drop'),
  req,
  sock: ownId,
  packet: z.int().check(z.minimum(1)),
});

// ---- events -----------------------------------------------------------------------------------

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
  waiting: z.array(z.int()),
});
/** A datagram or a piece of the stream reached the relay, and the path decided its fate. */
export const RelayArrived = z.strictObject({
  type: z.literal('relay.arrived'),
  t,
  sock: anyId,
  /** Numbers of the copies that will travel on (two when duplicated, none when lost). */
  copies: z.array(z.int()),
  /** toServer: from the client towards the server; toClient: the reply. */
  dir: z.enum(['toServer', 'toClient']),
  size: z.int(),
  data: EventData,
  lost: z.boolean(),
  /** Delay of each copy in ms. */
  delays: z.array(z.int()),
  reordered: z.boolean(),
  /** TCP: this piece is a retransmission of one the path lost. */
  retransmission: z.boolean(),
});
export const RelayHeld = z.strictObject({
  type: z.literal('relay.held'),
  t,
  sock: anyId,
  packet: z.int(),
  dir: z.enum(['toServer', 'toClient']),
  size: z.int(),
});
export const RelayReleased = z.strictObject({
  type: z.literal('relay.released'),
  t,
  sock: anyId,
  packet: z.int(),
});
export const RelayDropped = z.strictObject({
  type: z.literal('relay.dropped'),
  t,
  sock: anyId,
  packet: z.int(),
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
  dropped: z.int().check(z.minimum(0)),
  /** What the queue held when it was reported, and its bounds. */
  packets: z.int().check(z.minimum(0)),
  bytes: z.int().check(z.minimum(0)),
  maxPackets: z.int().check(z.minimum(0)),
  maxBytes: z.int().check(z.minimum(0)),
});
