// The pieces every message of the contract is built from: ports, hosts, socket ids, payload bytes,
// request numbers, addresses and the bridge's clock. messages.ts and relay-messages.ts use them.
import { z } from './zod.js';
import { BASE64_PATTERN, base64ByteLength } from './base64.js';
import { MAX_DATA_BYTES, MAX_EVENT_DATA_BYTES, SOCKET_ID_PATTERN } from './limits.js';

export const port = z.int().check(z.minimum(0), z.maximum(65535));
export const host = z.string().check(z.minLength(1), z.maxLength(253));
const bytes = (max: number) =>
  z.string().check(
    z.maxLength(Math.ceil(max / 3) * 4),
    z.regex(BASE64_PATTERN, 'data must be standard base64'),
    z.refine((s) => base64ByteLength(s) <= max, `data may hold at most ${max} bytes`),
  );
/** Bytes the page sends, as standard base64. */
export const Data = bytes(MAX_DATA_BYTES);
/** Bytes the bridge reports: one kernel read or one whole datagram. */
export const EventData = bytes(MAX_EVENT_DATA_BYTES);
/** A socket id chosen by the page, scoped to its session. */
export const ownId = z.string().check(z.regex(SOCKET_ID_PATTERN, 'socket ids are 1-40 letters, digits, "_", "." or "-"'));
/** Any socket id the bridge may name: the page's own, an accepted connection ("srv#2"), or the
 * lab's own servers ("lab:udp-upper", "lab:tcp-upper#5"). */
export const anyId = z.string().check(z.minLength(1), z.maxLength(80));
/** The page's request number, echoed in the answer and in the error event a request causes. */
export const RequestNumber = z.int().check(z.minimum(0), z.maximum(2 ** 31));
export const req = z.optional(RequestNumber);

export const Address = z.strictObject({
  address: z.string(),
  port,
  family: z.enum(['IPv4', 'IPv6']),
});
export type Address = z.infer<typeof Address>;

/** Microseconds on the bridge's monotonic clock, counted from the bridge's start. */
export const t = z.number().check(z.nonnegative());
