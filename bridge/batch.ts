// A session's way out to its page, for a page that accepts batches (protocol/batch.ts): the events
// of one burst leave as one WebSocket frame. Each event is stamped when it happens and keeps its
// place; only the frame is shared. Every frame the browser receives is a task of its own on the
// page's main thread, which is what the page spent its time on under a flood (docs/performance.md).
//
// When a frame leaves:
//   - the first event after a quiet spell: at the end of the I/O phase it arrived in
//     (setImmediate), with whatever else that phase brought;
//   - while events keep coming: at most one frame every BATCH_GAP_MS, so a flood costs the page
//     at most 1000 / BATCH_GAP_MS frames a second however many events it brings;
//   - an answer to one of the page's requests (an event with `req`) does not wait for the gap: it
//     leaves at the end of the I/O phase, with what came before it;
//   - nor does what follows a request within BATCH_GAP_MS: a program waiting for its reply (a
//     `recvfrom` after its `sendto`, a pinger timing its round trip) must not wait for the gap,
//     or every round trip on loopback would take BATCH_GAP_MS. Only traffic the page did not ask
//     for just before (a flood from outside, a server's events while the page is silent) waits;
//   - a batch of MAX_BATCH_EVENTS events or BATCH_BYTES of text leaves at once.
import { BATCH_PARAM, batchFrame, MAX_BATCH_EVENTS } from '../protocol/batch.js';

/** Least time between two frames while events keep coming, in ms. */
export const BATCH_GAP_MS = 5;
/** A batch this large (characters of JSON) leaves at once. */
export const BATCH_BYTES = 256 * 1024;

export class FrameBatcher {
  private events: string[] = [];
  private bytes = 0;
  private soon: NodeJS.Immediate | undefined;
  private later: NodeJS.Timeout | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;
  private lastRequest = Number.NEGATIVE_INFINITY;
  private closed = false;

  /** `write` sends one frame, already serialized. */
  constructor(
    private readonly write: (frame: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues one serialized event; `answer`: it answers a request, so it does not wait for the gap. */
  push(event: string, answer = false): void {
    if (this.closed) return;
    this.events.push(event);
    this.bytes += event.length;
    if (this.events.length >= MAX_BATCH_EVENTS || this.bytes >= BATCH_BYTES) return this.flush();
    if (this.soon) return;
    const now = this.now();
    const wait = this.lastFlush + BATCH_GAP_MS - now;
    if (answer || wait <= 0 || now - this.lastRequest < BATCH_GAP_MS) {
      this.cancelLater();
      this.soon = setImmediate(() => this.flush());
    } else {
      this.later ??= setTimeout(() => this.flush(), wait);
    }
  }

  /** The page sent a request: what follows it for BATCH_GAP_MS does not wait for the gap. */
  requested(): void {
    this.lastRequest = this.now();
  }

  /** Sends what is queued now, as one frame. */
  flush(): void {
    this.cancelSoon();
    this.cancelLater();
    if (this.events.length === 0) return;
    const frame = batchFrame(this.events);
    this.events = [];
    this.bytes = 0;
    this.lastFlush = this.now();
    this.write(frame);
  }

  /** The WebSocket has gone: drop what is queued and send nothing more. */
  close(): void {
    this.closed = true;
    this.cancelSoon();
    this.cancelLater();
    this.events = [];
    this.bytes = 0;
  }

  private cancelSoon(): void {
    if (this.soon) clearImmediate(this.soon);
    this.soon = undefined;
  }

  private cancelLater(): void {
    if (this.later) clearTimeout(this.later);
    this.later = undefined;
  }
}

/** Whether a WebSocket's URL asks for batches (`batch=1` beside the token). */
export function wantsBatches(url: string | undefined): boolean {
  try {
    return new URL(url ?? '/', 'http://bridge.invalid').searchParams.get(BATCH_PARAM) === '1';
  } catch {
    return false;
  }
}
