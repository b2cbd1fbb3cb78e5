// The classroom's contract: a student's join and progress (HTTP, JSON) and the instructor's room
// (its own WebSocket, loopback only). Defined once here; the bridge validates every message in.
import { z } from './zod.js';

/** Letters and digits nobody confuses when read off a projector: no 0/O, 1/I/L, U/V, 5/S, 8/B. */
export const JOIN_CODE_ALPHABET = '234679ACDEFGHJKMNPQRTWXYZ';
/** "K7M-4QX": two groups of three. */
export const JOIN_CODE_PATTERN = new RegExp(`^[${JOIN_CODE_ALPHABET}]{3}-[${JOIN_CODE_ALPHABET}]{3}$`);

/** What a student types, made comparable: upper case, spaces and dashes ignored, then "XXX-XXX". */
export function normalizeJoinCode(text: string): string {
  const bare = text.toUpperCase().replace(/[\s-]/g, '');
  return bare.length === 6 ? `${bare.slice(0, 3)}-${bare.slice(3)}` : bare;
}

export const DisplayName = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(40),
  z.refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s), 'a name is plain text'),
);

export const JoinRequest = z.strictObject({
  name: DisplayName,
  code: z.string().check(z.maxLength(20)),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** Why a join was refused; the page says each in the student's language. */
export const JoinRefusal = z.enum(['wrongCode', 'tooManyAttempts', 'tooManySeats', 'classFull', 'badRequest']);
export type JoinRefusal = z.infer<typeof JoinRefusal>;

export const JoinAnswer = z.union([
  z.strictObject({ ok: z.literal(true), token: z.string(), student: z.string(), name: z.string() }),
  z.strictObject({ ok: z.literal(false), reason: JoinRefusal }),
]);
export type JoinAnswer = z.infer<typeof JoinAnswer>;

/** The student's page reports where it is and what it has passed (checks passed per lesson). */
export const ProgressReport = z.strictObject({
  lesson: z.string().check(z.maxLength(60)),
  checks: z.record(z.string().check(z.maxLength(60)), z.int().check(z.minimum(0), z.maximum(1000))),
});
export type ProgressReport = z.infer<typeof ProgressReport>;

// ---- the instructor's room ---------------------------------------------------------------------

const ServerOpen = z.strictObject({
  sock: z.string(),
  proto: z.enum(['udp', 'tcp']),
  address: z.string(),
  port: z.int(),
});
export type ServerOpen = z.infer<typeof ServerOpen>;

export const RosterEntry = z.strictObject({
  id: z.string(),
  name: z.string(),
  connected: z.boolean(),
  lesson: z.optional(z.string()),
  checks: z.record(z.string(), z.int()),
  servers: z.array(ServerOpen),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const ServerTraffic = z.strictObject({
  name: z.string(),
  proto: z.enum(['udp', 'tcp']),
  port: z.int(),
  /** Datagrams (UDP) or connections (TCP) the server got from students. */
  count: z.int(),
  students: z.int(),
});
export type ServerTraffic = z.infer<typeof ServerTraffic>;

export const RoomState = z.strictObject({
  type: z.literal('room.state'),
  joinUrl: z.string(),
  code: z.string(),
  students: z.array(RosterEntry),
  traffic: z.array(ServerTraffic),
  /** Students with a relay open (lesson 9), which the class demo drives. */
  relays: z.int(),
});
export type RoomState = z.infer<typeof RoomState>;

/** One event frame of the student the instructor watches, exactly as their page got it. */
export const RoomWatched = z.strictObject({
  type: z.literal('room.watched'),
  student: z.string(),
  frame: z.string(),
});

/** The room fell behind and skipped `count` of the watched student's frames (sent once it caught
 * up, before the next frame). */
export const RoomWatchSkipped = z.strictObject({
  type: z.literal('room.watchSkipped'),
  student: z.string(),
  count: z.int().check(z.positive()),
});

export const RoomEvent = z.discriminatedUnion('type', [RoomState, RoomWatched, RoomWatchSkipped]);
export type RoomEvent = z.infer<typeof RoomEvent>;

export const RoomCommand = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('room.rotate') }),
  z.strictObject({ type: z.literal('room.remove'), student: z.string().check(z.maxLength(40)) }),
  z.strictObject({ type: z.literal('room.watch'), student: z.nullable(z.string().check(z.maxLength(40))) }),
  /** The class demo of lesson 9: hold, step or release every student's relay at once. */
  z.strictObject({ type: z.literal('room.relay'), action: z.enum(['hold', 'step', 'release']) }),
]);
export type RoomCommand = z.infer<typeof RoomCommand>;

/** Close code a removed student's WebSocket gets, so their page can say why. */
export const CLOSE_REMOVED = 4003;
