// The bridge's capacity shared among the pages that use it at the same time. A page alone may use
// all of it (only its token buckets bound it). When several pages send, each may have
// `perSecond / active` requests handled per window; a page over its share is not refused: its
// WebSocket is no longer read (the kernel's TCP backpressure holds the sender), the frames already
// read wait in its own inbox (bridge/inbox.ts), and they are handled one at a time, one page after
// the other, a turn of the event loop each, within the page's share of each window. So the pages
// that send little are answered between two of the flooding page's requests, not behind a burst.

export interface ShareMember {
  /** The member has used its share of this window: stop reading it (its frames wait). */
  overShare(): void;
  /** Handles the member's oldest waiting frame; false when none is left (it reads again). */
  handleWaiting(): boolean;
}

/** A page counts as active for this long after its latest request. */
const ACTIVE_MS = 1000;

export class FairShare {
  private readonly used = new Map<ShareMember, number>();
  private readonly lastSeen = new Map<ShareMember, number>();
  /** Held members with some of this window's share left: served one frame a turn each. */
  private readonly ready = new Set<ShareMember>();
  /** Held members that have used this window's share: ready again at the next window. */
  private readonly spent = new Set<ShareMember>();
  private active = 0;
  private turn: NodeJS.Immediate | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  /** Windows in which some member was held to its share (for the soak's figures). */
  engaged = 0;

  /** `ticking` false: windows begin only when nextWindow() is called (for tests). */
  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 10,
    ticking = true,
  ) {
    if (!ticking) return;
    this.timer = setInterval(() => this.nextWindow(), windowMs);
    this.timer.unref();
  }

  /** Counts one request of `member`; false when it is over its share of this window: it is told
   * with overShare, and its frames are then asked for with handleWaiting, turn by turn. */
  take(member: ShareMember): boolean {
    if (this.count(member)) return true;
    if (!this.isHeld(member)) {
      this.spent.add(member);
      member.overShare();
    }
    return false;
  }

  /** Requests one member may have handled per window while `active` members send. */
  budget(): number {
    return Math.max(1, Math.floor((this.perSecond * this.windowMs) / 1000 / Math.max(1, this.active)));
  }

  /** A member's share now, in requests a second. */
  perMember(): number {
    return Math.round((this.budget() * 1000) / this.windowMs);
  }

  isHeld(member: ShareMember): boolean {
    return this.ready.has(member) || this.spent.has(member);
  }

  leave(member: ShareMember): void {
    if (this.lastSeen.delete(member)) this.active--;
    this.used.delete(member);
    this.ready.delete(member);
    this.spent.delete(member);
  }

  close(): void {
    clearInterval(this.timer);
    if (this.turn) clearImmediate(this.turn);
  }

  /** Counts a request; true while it is within the member's share of this window. */
  private count(member: ShareMember): boolean {
    if (!this.lastSeen.has(member)) this.active++;
    this.lastSeen.set(member, performance.now());
    this.used.set(member, (this.used.get(member) ?? 0) + 1);
    return this.active <= 1 || this.used.get(member)! <= this.budget();
  }

  private hasShareLeft(member: ShareMember): boolean {
    return this.active <= 1 || (this.used.get(member) ?? 0) < this.budget();
  }

  /** A new window: every member's count starts again, and the held ones are served. */
  nextWindow(): void {
    this.used.clear();
    const now = performance.now();
    for (const [member, seen] of this.lastSeen) {
      if (now - seen > ACTIVE_MS && !this.isHeld(member)) {
        this.lastSeen.delete(member);
        this.active--;
      }
    }
    if (this.spent.size === 0) return;
    this.engaged++;
    for (const member of this.spent) this.ready.add(member);
    this.spent.clear();
    this.schedule();
  }

  private schedule(): void {
    this.turn ??= setImmediate(() => this.serve());
  }

  /** One turn: one waiting frame of each held member that has share left, in turn order. I/O of
   * the other pages is read between two turns. */
  private serve(): void {
    this.turn = undefined;
    for (const member of [...this.ready]) {
      if (!this.ready.has(member)) continue; // left meanwhile
      if (!this.hasShareLeft(member)) {
        this.ready.delete(member);
        this.spent.add(member);
        continue;
      }
      this.count(member);
      if (!member.handleWaiting()) this.ready.delete(member);
    }
    if (this.ready.size > 0) this.schedule();
  }
}
