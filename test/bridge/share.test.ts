// The share of the bridge: a page alone is never held; with several pages sending, each may have
// its share of a window handled, and one over it is told once, then served what waited one frame
// a turn, taking turns with the other held pages, within its share of each later window.
import { afterEach, describe, expect, it } from 'vitest';
import { FairShare, type ShareMember } from '../../bridge/share.js';

/** A member with `waiting` frames queued once it is held; `log` records whose frame was handled. */
function member(name: string, log: string[] = []): ShareMember & { over: number; waiting: number } {
  return {
    over: 0,
    waiting: 0,
    overShare() {
      this.over++;
    },
    handleWaiting() {
      log.push(name);
      return --this.waiting > 0;
    },
  };
}

/** Waits for a condition, looking again every millisecond, for at most 5 s. */
const until = async (check: () => boolean) => {
  const deadline = performance.now() + 5000;
  while (!check() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 1));
};

let share: FairShare;
afterEach(() => share?.close());

describe('FairShare', () => {
  it('never holds a page that sends alone', () => {
    share = new FairShare(1000, 100);
    const alone = member('a');
    for (let i = 0; i < 10_000; i++) expect(share.take(alone)).toBe(true);
    expect(alone.over).toBe(0);
  });

  it('holds each of two active pages to half of the window, telling it once', () => {
    share = new FairShare(1000, 100); // 100 per window, 50 each
    const [a, b] = [member('a'), member('b')];
    share.take(b);
    let taken = 0;
    while (taken < 1000 && share.take(a)) taken++;
    expect(share.budget()).toBe(50);
    expect(share.perMember()).toBe(500);
    expect(taken).toBe(50);
    expect(share.take(a)).toBe(false);
    expect(a.over).toBe(1);
    expect(b.over).toBe(0);
    expect(share.isHeld(a)).toBe(true);
  });

  it('serves what waited at the next windows, within the share, until none is left', async () => {
    share = new FairShare(1000, 20); // 20 per window, 10 each
    const [a, b] = [member('a'), member('b')];
    share.take(b);
    while (share.take(a));
    a.waiting = 25;
    await until(() => a.waiting === 0);
    expect(a.waiting).toBe(0);
    expect(share.isHeld(a)).toBe(false);
    // 25 frames at 10 a window: three windows were needed
    expect(share.engaged).toBeGreaterThanOrEqual(3);
    expect(a.over).toBe(1);
  });

  it('takes turns among held pages: one frame of each a turn, not one page at a time', async () => {
    share = new FairShare(100_000, 20); // a large share: turns, not windows, set the order
    const log: string[] = [];
    const [a, b] = [member('a', log), member('b', log)];
    share.take(a);
    share.take(b);
    while (share.take(a));
    while (share.take(b));
    a.waiting = 5;
    b.waiting = 5;
    await until(() => a.waiting === 0 && b.waiting === 0);
    expect(log.join('')).toBe('ababababab');
  });
});
