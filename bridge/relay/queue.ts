// How much a relay may keep on its way: the pieces and datagrams waiting out their delay and those
// waiting in the hold, counted in packets and in bytes, per relay and direction and across the
// whole bridge. What does not fit is not read (TCP) or is dropped (UDP), and the page is told.

export interface QueueLimits {
  packets: number;
  bytes: number;
}

export class QueueBudget {
  packets = 0;
  bytes = 0;

  constructor(
    readonly limits: QueueLimits,
    /** The bridge-wide budget every relay's queue also counts against. */
    private readonly whole?: QueueBudget,
  ) {}

  /** One more packet of `size` bytes would stay within this budget and the whole bridge's. */
  fits(size: number): boolean {
    return this.packets < this.limits.packets && this.bytes + size <= this.limits.bytes && (this.whole?.fits(size) ?? true);
  }

  take(size: number): void {
    this.packets++;
    this.bytes += size;
    this.whole?.take(size);
  }

  give(size: number): void {
    this.packets = Math.max(0, this.packets - 1);
    this.bytes = Math.max(0, this.bytes - size);
    this.whole?.give(size);
  }

  /** The relay closed: everything it still counted goes back to the bridge. */
  clear(): void {
    if (this.whole) {
      this.whole.packets = Math.max(0, this.whole.packets - this.packets);
      this.whole.bytes = Math.max(0, this.whole.bytes - this.bytes);
    }
    this.packets = 0;
    this.bytes = 0;
  }
}

/** Reports overflows at most once per `everyMs`: the first at once, then what gathered meanwhile,
 * so a flood into a full relay costs the page one event a second, not one per datagram. */
export class OverflowReporter<D extends string> {
  private readonly state = new Map<D, { last: number; dropped: number; due: boolean }>();

  constructor(
    private readonly report: (dir: D, action: 'paused' | 'dropped', dropped: number) => void,
    private readonly later: (ms: number, run: () => void) => void,
    private readonly everyMs = 1000,
  ) {}

  note(dir: D, action: 'paused' | 'dropped'): void {
    const s = this.state.get(dir) ?? { last: -Infinity, dropped: 0, due: false };
    this.state.set(dir, s);
    if (action === 'dropped') s.dropped++;
    const now = performance.now();
    if (now - s.last >= this.everyMs) {
      s.last = now;
      this.report(dir, action, s.dropped);
      s.dropped = 0;
      return;
    }
    if (s.due || s.dropped === 0) return;
    s.due = true;
    this.later(Math.ceil(s.last + this.everyMs - now), () => {
      s.due = false;
      if (s.dropped === 0) return;
      s.last = performance.now();
      this.report(dir, 'dropped', s.dropped);
      s.dropped = 0;
    });
  }
}
