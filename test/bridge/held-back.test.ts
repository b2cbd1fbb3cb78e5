// What the bridge held back from a page: the hub counts the outside traffic over its budget for
// every page it would have gone to, and each page's notice adds the counts up and leaves at most
// once a second, so a flood costs the page one small frame a second and nothing is left untold.
import { describe, expect, it } from 'vitest';
import { HELD_BACK_EVERY_MS, HeldBack, type HeldBackClock, type HeldBackReason } from '../../bridge/held-back.js';
import { LabHub, udpRoute, type LabListener } from '../../bridge/lab/hub.js';
import type { EventBody } from '../../protocol/messages.js';

/** A clock the test moves by hand: timers run when `advance` passes their time. */
function manualClock(): HeldBackClock & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    schedule(run, ms) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = until;
    },
    pending: () => timers.length,
  };
}

type Counts = Record<HeldBackReason, number>;

describe('the held-back notice of one page', () => {
  it('tells the first held-back event at once, then adds up what follows into one notice a second', () => {
    const clock = manualClock();
    const told: { at: number; counts: Counts }[] = [];
    const held = new HeldBack((counts) => told.push({ at: clock.now(), counts }), clock);
    held.add('outside', 1);
    clock.advance(0);
    expect(told).toEqual([{ at: 0, counts: { outside: 1, behind: 0 } }]);
    // a flood: 5,000 outside events and 30 while behind, spread over 2.5 s
    for (let ms = 1; ms <= 2500; ms++) {
      held.add('outside', 2);
      if (ms % 100 === 0) held.add('behind', 1);
      clock.advance(1);
    }
    clock.advance(HELD_BACK_EVERY_MS);
    expect(told.map((n) => n.at)).toEqual([0, 1000, 2000, 3000]);
    const sum = told.reduce((a, n) => ({ outside: a.outside + n.counts.outside, behind: a.behind + n.counts.behind }), { outside: 0, behind: 0 });
    expect(sum).toEqual({ outside: 1 + 5000, behind: 25 });
    // every notice says something, and each counts only what came since the one before
    expect(told.every((n) => n.counts.outside + n.counts.behind > 0)).toBe(true);
    expect(told[1]!.counts.outside).toBe(2000);
  });

  it('says nothing when nothing was held back, and waits a second after its last notice', () => {
    const clock = manualClock();
    const told: Counts[] = [];
    const held = new HeldBack((counts) => told.push(counts), clock);
    clock.advance(10_000);
    expect(told).toEqual([]);
    held.add('behind', 3);
    clock.advance(0);
    clock.advance(400);
    held.add('behind', 1);
    clock.advance(599);
    expect(told).toEqual([{ outside: 0, behind: 3 }]);
    clock.advance(1);
    expect(told).toEqual([
      { outside: 0, behind: 3 },
      { outside: 0, behind: 1 },
    ]);
  });

  it('tells nothing more once closed, and can be closed twice', () => {
    const clock = manualClock();
    const told: Counts[] = [];
    const held = new HeldBack((counts) => told.push(counts), clock);
    held.add('outside', 5);
    held.close();
    held.close();
    held.add('outside', 5);
    clock.advance(5000);
    expect(told).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});

/** A page as the hub sees it: the frames it was sent and what it was told was held back. */
function listener(): LabListener & { frames: string[]; held: Counts } {
  return {
    frames: [],
    held: { outside: 0, behind: 0 },
    sendRaw(text) {
      this.frames.push(text);
    },
    heldBack(reason, count) {
      this.held[reason] += count;
    },
  };
}

const outsider = (port: number): EventBody => ({
  type: 'udp.received',
  sock: 'lab:udp-upper',
  from: { address: '127.0.0.1', port, family: 'IPv4' },
  to: { address: '127.0.0.1', port: 12000, family: 'IPv4' },
  data: '',
  size: 0,
  truncated: false,
});

describe('the hub sharing out outside traffic', () => {
  it('counts, for every page, each outside event over the budget, and none it sent', () => {
    let now = 0;
    const hub = new LabHub(100, () => now);
    const pages = [listener(), listener(), listener()];
    for (const page of pages) hub.add(page);
    // 100 frames a second for all pages together: 33 events reach all three, the rest are held back
    for (let i = 0; i < 1000; i++) hub.emit(outsider(40000));
    for (const page of pages) {
      expect(page.frames).toHaveLength(33);
      expect(page.held).toEqual({ outside: 1000 - 33, behind: 0 });
    }
    expect(hub.outsiderFramesDropped).toBe(3 * (1000 - 33));
    // a second later the budget is back
    now += 1000;
    hub.emit(outsider(40000));
    expect(pages[0]!.frames).toHaveLength(34);
    expect(pages[0]!.held.outside).toBe(967);
  });

  it("never holds back a page's own exchange, however busy the outside traffic", () => {
    const hub = new LabHub(10, () => 0);
    const mine = listener();
    const other = listener();
    hub.add(mine);
    hub.add(other);
    hub.claim(udpRoute({ address: '127.0.0.1', port: 50000 }), mine);
    for (let i = 0; i < 100; i++) hub.emit(outsider(40000));
    for (let i = 0; i < 100; i++) hub.emit(outsider(50000));
    expect(mine.frames).toHaveLength(5 + 100);
    expect(other.frames).toHaveLength(5);
    expect(mine.held.outside).toBe(95);
    expect(other.held.outside).toBe(95);
  });
});
