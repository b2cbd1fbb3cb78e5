// The bridge's capacity shared among the pages that use it at the same time. A page alone may use
// all of it (only its token buckets bound it). When several pages send, each may have
// `perSecond / active` requests handled per window; a page over its share is not refused: its
// WebSocket is no longer read until the next window, so its requests wait in its own connection
// (TCP backpressure) and the pages that send little are answered without waiting behind it.

export interface ShareMember {
  /** The member has used its share of this window: stop reading it. */
  overShare(): void;
  /** A new window: read it again. */
  newWindow(): void;
}

/** A page counts as active for this long after its latest request. */
const ACTIVE_MS = 1000;

export class FairShare {
  private readonly used = new Map<ShareMember, number>();
  private readonly lastSeen = new Map<ShareMember, number>();
  private readonly waiting = new Set<ShareMember>();
  private active = 0;
  private readonly timer: NodeJS.Timeout;
  /** Windows in which some member was held to its share (for the soak's figures). */
  engaged = 0;

  constructor(
    private readonly perSecond: number,
    // short windows: what waited is handled at the start of each, so a long one would answer a
    // whole window of the flooding page in one burst, and the others would wait behind it
    private readonly windowMs = 10,
  ) {
    this.timer = setInterval(() => this.tick(), windowMs);
    this.timer.unref();
  }

  /** Counts one request of `member`; false when it is over its share of this window (the member
   * is told with overShare, then newWindow). */
  take(member: ShareMember): boolean {
    if (!this.lastSeen.has(member)) this.active++;
    this.lastSeen.set(member, performance.now());
    const n = (this.used.get(member) ?? 0) + 1;
    this.used.set(member, n);
    if (this.active <= 1 || n <= this.budget()) return true;
    if (!this.waiting.has(member)) {
      this.waiting.add(member);
      member.overShare();
    }
    return false;
  }

  /** Requests one member may have handled per window while `active` members send. */
  budget(): number {
    return Math.max(1, Math.floor((this.perSecond * this.windowMs) / 1000 / Math.max(1, this.active)));
  }

  leave(member: ShareMember): void {
    if (this.lastSeen.delete(member)) this.active--;
    this.used.delete(member);
    this.waiting.delete(member);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    this.used.clear();
    const now = performance.now();
    for (const [member, seen] of this.lastSeen) {
      if (now - seen > ACTIVE_MS) {
        this.lastSeen.delete(member);
        this.active--;
      }
    }
    if (this.waiting.size === 0) return;
    this.engaged++;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const member of waiting) member.newWindow();
  }
}
