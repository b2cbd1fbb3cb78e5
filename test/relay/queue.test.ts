// A relay's queue budget, per relay and across the bridge, and the overflow reports: the first at
// once, then at most one per interval with what was dropped meanwhile.
import { describe, expect, it } from 'vitest';
import { OverflowReporter, QueueBudget } from '../../bridge/relay/queue.js';

describe('QueueBudget', () => {
  it("fits a packet only within its own bounds and the whole bridge's", () => {
    const whole = new QueueBudget({ packets: 3, bytes: 1000 });
    const a = new QueueBudget({ packets: 2, bytes: 600 }, whole);
    const b = new QueueBudget({ packets: 2, bytes: 600 }, whole);
    a.take(500);
    expect(a.fits(200)).toBe(false); // bytes of a
    a.take(50);
    expect(a.fits(1)).toBe(false); // packets of a
    b.take(400);
    expect(b.fits(100)).toBe(false); // the whole bridge's packets
    a.give(500);
    expect(b.fits(100)).toBe(true);
  });

  it('gives everything back to the bridge when its relay closes', () => {
    const whole = new QueueBudget({ packets: 10, bytes: 1000 });
    const a = new QueueBudget({ packets: 10, bytes: 1000 }, whole);
    a.take(300);
    a.take(300);
    a.clear();
    expect([whole.packets, whole.bytes, a.packets, a.bytes]).toEqual([0, 0, 0, 0]);
  });
});

describe('OverflowReporter', () => {
  it('reports the first drop at once and the rest together, later', () => {
    const reports: [string, string, number][] = [];
    const later: (() => void)[] = [];
    const reporter = new OverflowReporter<string>(
      (dir, action, dropped) => reports.push([dir, action, dropped]),
      (_ms, run) => later.push(run),
    );
    for (let i = 0; i < 100; i++) reporter.note('toServer', 'dropped');
    reporter.note('toClient', 'paused');
    expect(reports).toEqual([
      ['toServer', 'dropped', 1],
      ['toClient', 'paused', 0],
    ]);
    expect(later).toHaveLength(1);
    later[0]!();
    expect(reports[2]).toEqual(['toServer', 'dropped', 99]);
  });
});
