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

/** Lets the event loop run `n` turns (the share serves one frame of each held page a turn). */
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** The share a test made, closed after it. */
let share: FairShare | undefined;
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

  it('serves what waited at the next windows, within the share of each, until none is left', async () => {
    share = new FairShare(1000, 20, false); // windows by hand: 20 per window, 10 each
    const [a, b] = [member('a'), member('b')];
    share.take(b);
    while (share.take(a));
    a.waiting = 25;
    const served = () => 25 - a.waiting;
    await turns(50);
    expect(served()).toBe(0); // nothing before the next window
    for (const expected of [10, 20, 25]) {
      share.take(b); // b stays active however slow the machine (a page is active for 1 s)
      share.nextWindow();
      await turns(50); // more turns than frames: the share, not the turns, stops it
      expect(served()).toBe(expected);
    }
    expect(share.isHeld(a)).toBe(false);
    expect(a.over).toBe(1);
  });

  it('takes turns among held pages: one frame of each a turn, not one page at a time', async () => {
    share = new FairShare(100_000, 20, false); // a large share: turns, not windows, set the order
    const log: string[] = [];
    const [a, b] = [member('a', log), member('b', log)];
    share.take(a);
    share.take(b);
    while (share.take(a));
    while (share.take(b));
    a.waiting = 5;
    b.waiting = 5;
    share.nextWindow();
    await turns(20);
    expect(log.join('')).toBe('ababababab');
  });
});
