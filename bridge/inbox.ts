// A page's requests on their way in, under the share of the bridge (bridge/share.ts). Every frame,
// malformed ones too, counts against the page's share before it is parsed. Over its share, the
// page's WebSocket is paused (its TCP socket is no longer read, so the kernel's backpressure holds
// the sender) and the frames ws had already read wait here, bounded, to be handled turn by turn
// as the share allows; then reading goes on. The page is told once that it is being slowed.
import type { FairShare, ShareMember } from './share.js';

/** Frames held while over the share: ws stops reading at once, so only the frames of the chunks it
 * had already read can arrive (a 64 KiB chunk holds a few thousand small ones). */
export const MAX_WAITING = 8192;

/** Told again only after this long without being held. */
export const SLOWED_QUIET_MS = 10_000;

export interface InboxOwner {
  /** Stops reading the page's WebSocket until the returned function is called. */
  holdInput(): () => void;
  /** Parses and carries out one frame. */
  handleFrame(data: Buffer, isBinary: boolean): void;
  /** The page is being slowed to `perSecond` requests a second (session.slowed). */
  slowed(perSecond: number): void;
  /** A frame that did not fit in the inbox (refused with LAB_RATE_LIMITED). */
  refused(): void;
}

export class Inbox implements ShareMember {
  private waiting: [Buffer, boolean][] = [];
  private head = 0;
  private release: (() => void) | undefined;
  private lastHeld = -Infinity;
  private closed = false;

  constructor(
    private readonly share: FairShare,
    private readonly owner: InboxOwner,
  ) {}

  /** A frame the page sent: handled now if it is within the share, else it waits. */
  push(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (this.release || !this.share.take(this)) return this.wait(data, isBinary);
    this.owner.handleFrame(data, isBinary);
  }

  /** FairShare: over the share of this window; stop reading the page. */
  overShare(): void {
    const now = performance.now();
    if (now - this.lastHeld > SLOWED_QUIET_MS) this.owner.slowed(this.share.perMember());
    this.lastHeld = now;
    this.release ??= this.owner.holdInput();
  }

  /** FairShare: handle the oldest frame that waited; when none is left, read the page again. */
  handleWaiting(): boolean {
    if (!this.closed && this.head < this.waiting.length) {
      const [data, isBinary] = this.waiting[this.head]!;
      // taken from the head in place: a long wait is not copied again at every turn
      this.waiting[this.head++] = undefined as never;
      this.owner.handleFrame(data, isBinary);
    }
    if (!this.closed && this.head < this.waiting.length) return true;
    this.waiting = [];
    this.head = 0;
    const release = this.release;
    this.release = undefined;
    release?.();
    return false;
  }

  /** The session has ended: nothing more is handled. Safe to call twice. */
  close(): void {
    this.closed = true;
    this.waiting = [];
    this.head = 0;
    this.share.leave(this);
  }

  private wait(data: Buffer, isBinary: boolean): void {
    if (this.waiting.length - this.head < MAX_WAITING) this.waiting.push([data, isBinary]);
    else this.owner.refused();
  }
}
