// Parsing what arrives on the wire into typed messages, with a catalogued error when it does not fit.
import type { z } from './zod.js';
import { Event, Request, RequestNumber, REQUEST_TYPES } from './messages.js';
import type { LabErrorCode } from './errors.js';
import { MAX_DATA_BYTES } from './limits.js';
import { BASE64_PATTERN, base64ByteLength } from './base64.js';
import { EventBatch } from './batch.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: LabErrorCode; message: string; req?: number };

function describe(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'message';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses one WebSocket text frame from the page. Never throws. */
export function parseRequest(text: string): Parsed<Request> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, code: 'LAB_BAD_JSON', message: 'The message is not valid JSON.' };
  }
  const result = Request.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const obj = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  // echoed only if the answer can carry it: an event's req must pass the same schema
  const req = RequestNumber.safeParse(obj?.req).success ? (obj!.req as number) : undefined;
  const type = obj?.type;
  if (typeof type !== 'string' || !(REQUEST_TYPES as string[]).includes(type)) {
    return {
      ok: false,
      code: 'LAB_UNKNOWN_TYPE',
      message: `Unknown request type ${JSON.stringify(type ?? null)}; known: ${REQUEST_TYPES.join(', ')}.`,
      req,
    };
  }
  // well-formed bytes that are simply too many: a size problem, not a shape problem
  const data = obj?.data;
  if (typeof data === 'string' && BASE64_PATTERN.test(data) && base64ByteLength(data) > MAX_DATA_BYTES) {
    return {
      ok: false,
      code: 'LAB_TOO_LARGE',
      message: `${type}: data holds ${base64ByteLength(data)} bytes; one message may carry at most ${MAX_DATA_BYTES}. Send it in several.`,
      req,
    };
  }
  return { ok: false, code: 'LAB_BAD_MESSAGE', message: `${type}: ${describe(result.error)}`, req };
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, code: 'LAB_BAD_JSON', message: 'The event is not valid JSON.' };
  }
}

function eventOf(raw: unknown): Parsed<Event> {
  const result = Event.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, code: 'LAB_BAD_MESSAGE', message: describe(result.error) };
}

/** Parses one event from the bridge (used by the page and by tests to hold the bridge to its word). */
export function parseEvent(text: string): Parsed<Event> {
  const raw = parseJson(text);
  return raw.ok ? eventOf(raw.value) : raw;
}

/** Parses one frame from the bridge: a single event, or a batch of them (protocol/batch.ts), as the
 * events it carries in order. A batch with one event out of contract is refused whole. */
export function parseFrame(text: string): Parsed<Event[]> {
  const raw = parseJson(text);
  if (!raw.ok) return raw;
  const value = raw.value as { type?: unknown } | null;
  if (typeof value !== 'object' || value === null || value.type !== 'batch') {
    const event = eventOf(value);
    return event.ok ? { ok: true, value: [event.value] } : event;
  }
  const result = EventBatch.safeParse(value);
  if (result.success) return { ok: true, value: result.data.events };
  return { ok: false, code: 'LAB_BAD_MESSAGE', message: describe(result.error) };
}
