// Several events in one WebSocket frame. A page that asks for it (`batch=1` in the WebSocket's
// URL, beside the token) may be sent a burst of its events as one frame, in the order they
// happened, each with its own clock stamp: one message for the browser to take in rather than
// hundreds. A single event is still sent on its own, as every page gets it. See docs/protocol.md,
// "Batches".
import { z } from './zod.js';
import { Event } from './messages.js';

/** The URL parameter a page sets to accept batches: `/ws?token=...&batch=1`. */
export const BATCH_PARAM = 'batch';

/** Most events one batch holds; the bridge sends the rest in the next frame. */
export const MAX_BATCH_EVENTS = 512;

/** A batch as it arrives: its count `n` first (a reader can tell how many events it holds without
 * parsing it), then the events, oldest first. */
export const EventBatch = z
  .strictObject({
    type: z.literal('batch'),
    n: z.int().check(z.minimum(2), z.maximum(MAX_BATCH_EVENTS)),
    events: z.array(Event).check(z.minLength(2), z.maxLength(MAX_BATCH_EVENTS)),
  })
  .check(z.refine((batch) => batch.n === batch.events.length, { error: 'n must be the number of events', path: ['n'] }));
export type EventBatch = z.infer<typeof EventBatch>;

/** The frame for events already serialized (each one JSON text): the event itself when there is
 * one, a batch when there are several. Builds the text without parsing the events again. */
export function batchFrame(events: readonly string[]): string {
  if (events.length === 1) return events[0]!;
  return `{"type":"batch","n":${events.length},"events":[${events.join(',')}]}`;
}
