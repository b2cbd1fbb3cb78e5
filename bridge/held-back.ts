// What the bridge held back from a page, told to it (`session.heldBack`) so the page can say
// honestly what it did not show. Two things are shed without the page asking:
//   - outside: a lab server's events about an exchange no page took part in, beyond the budget
//     all pages share (bridge/lab/hub.ts);
//   - behind: a lab server's events while the page had not read what it was sent (bridge/session.ts).
// Counts add up between two notices; a notice leaves at most once every HELD_BACK_EVERY_MS, so a
// flood of held-back events costs the page one small frame a second.

/** Why lab events were held back from a page: the fields of `session.heldBack`. */
export type HeldBackReason = 'outside' | 'behind';

/** Least time between two notices to one page, in ms. */
export const HELD_BACK_EVERY_MS = 1000;

export interface HeldBackClock {
  now(): number;
  /** Runs `run` after `ms`; returns the function that cancels it. */
  schedule(run: () => void, ms: number): () => void;
}

const timers: HeldBackClock = {
  now: () => performance.now(),
  schedule: (run, ms) => {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export class HeldBack {
  private counts: Record<HeldBackReason, number> = { outside: 0, behind: 0 };
  private lastTold = Number.NEGATIVE_INFINITY;
  private cancel: (() => void) | undefined;
  private closed = false;

  /** `tell` sends the counts since the last notice (at least one of them above 0). */
  constructor(
    private readonly tell: (counts: Record<HeldBackReason, number>) => void,
    private readonly clock: HeldBackClock = timers,
  ) {}

  /** `count` events were held back for `reason`: told at the next notice. */
  add(reason: HeldBackReason, count = 1): void {
    if (this.closed) return;
    this.counts[reason] += count;
    if (this.cancel) return;
    const wait = Math.max(0, this.lastTold + HELD_BACK_EVERY_MS - this.clock.now());
    this.cancel = this.clock.schedule(() => this.notify(), wait);
  }

  /** The page has gone: nothing more is told. Safe to call twice. */
  close(): void {
    this.closed = true;
    this.cancel?.();
    this.cancel = undefined;
  }

  private notify(): void {
    this.cancel = undefined;
    if (this.closed) return;
    const counts = this.counts;
    this.counts = { outside: 0, behind: 0 };
    this.lastTold = this.clock.now();
    this.tell(counts);
  }
}
