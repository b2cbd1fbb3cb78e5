// The share of the bridge: a page alone is never held; with several pages sending, each may have
// its share of a window handled, and one over it is told once and let go at the next window.
import { afterEach, describe, expect, it } from 'vitest';
import { FairShare, type ShareMember } from '../../bridge/share.js';

function member(): ShareMember & { over: number; windows: number } {
  return {
    over: 0,
    windows: 0,
    overShare() {
      this.over++;
    },
    newWindow() {
      this.windows++;
    },
  };
}

/** The share a test made, closed after it. */
let share: FairShare | undefined;
afterEach(() => share?.close());

describe('FairShare', () => {
  it('never holds a page that sends alone', () => {
    share = new FairShare(1000, 100);
    const alone = member();
    for (let i = 0; i < 10_000; i++) expect(share.take(alone)).toBe(true);
    expect(alone.over).toBe(0);
  });

  it('holds each of two active pages to half of the window, telling it once', () => {
    share = new FairShare(1000, 100); // 100 per window, 50 each
    const [a, b] = [member(), member()];
    share.take(b);
    let taken = 0;
    while (taken < 1000 && share.take(a)) taken++;
    expect(share.budget()).toBe(50);
    expect(taken).toBe(50);
    expect(share.take(a)).toBe(false);
    expect(a.over).toBe(1);
    expect(b.over).toBe(0);
  });

  it('lets a held page go at the next window', async () => {
    share = new FairShare(1000, 20);
    const [a, b] = [member(), member()];
    share.take(b);
    while (share.take(a));
    await new Promise((r) => setTimeout(r, 60));
    expect(a.windows).toBe(1);
    expect(share.take(a)).toBe(true);
  });
});
