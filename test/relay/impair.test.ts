import { describe, expect, it } from 'vitest';
import { Impairer, NO_IMPAIRMENTS } from '../../bridge/relay/impair.js';
import { randint, seeded } from '../../bridge/relay/prng.js';

describe('seeded generator', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seeded(42);
    const b = seeded(42);
    const c = seeded(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('randint(0, 10) covers 0..10 and is below 4 about 4 times in 11', () => {
    const random = seeded(7);
    const seen = new Set<number>();
    let low = 0;
    for (let i = 0; i < 11_000; i++) {
      const n = randint(random, 0, 10);
      seen.add(n);
      if (n < 4) low++;
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(low / 11_000).toBeGreaterThan(0.34);
    expect(low / 11_000).toBeLessThan(0.39);
  });
});

describe('impairments', () => {
  it('loses 30% of 1,000 packets within 3 points with a fixed seed, the same ones every run', () => {
    const settings = { ...NO_IMPAIRMENTS, loss: 0.3, seed: 2026 };
    const run = () => {
      const impairer = new Impairer(settings);
      return Array.from({ length: 1000 }, () => impairer.next().lost);
    };
    const fates = run();
    const lost = fates.filter(Boolean).length;
    expect(Math.abs(lost / 1000 - 0.3)).toBeLessThanOrEqual(0.03);
    expect(run()).toEqual(fates);
  });

  it('delays within delay ± jitter, duplicates and reorders as configured', () => {
    const impairer = new Impairer({ ...NO_IMPAIRMENTS, delayMs: 100, jitterMs: 20, duplicate: 0.5, reorder: 0.25, reorderMs: 300, seed: 9 });
    let dups = 0;
    let reordered = 0;
    for (let i = 0; i < 1000; i++) {
      const fate = impairer.next();
      if (fate.lost) throw new Error('no loss configured');
      if (fate.delays.length === 2) dups++;
      if (fate.reordered) reordered++;
      for (const d of fate.delays) {
        const base = fate.reordered ? d - 300 : d;
        expect(base).toBeGreaterThanOrEqual(80);
        expect(base).toBeLessThanOrEqual(120);
      }
    }
    expect(dups).toBeGreaterThan(450);
    expect(dups).toBeLessThan(550);
    expect(reordered).toBeGreaterThan(200);
    expect(reordered).toBeLessThan(300);
  });

  it('passes everything through untouched with no impairments', () => {
    const impairer = new Impairer();
    for (let i = 0; i < 100; i++) expect(impairer.next()).toEqual({ lost: false, delays: [0], reordered: false });
  });
});

import { HoldQueue } from '../../bridge/relay/hold.js';

describe('hold queue', () => {
  it('keeps packets while held and releases them in order, one step at a time', () => {
    const delivered: number[] = [];
    const held: number[] = [];
    const queue = new HoldQueue<{ id: number; deliver(): void }>((p) => held.push(p.id));
    const packet = (id: number) => ({ id, deliver: () => delivered.push(id) });
    queue.arrive(packet(1));
    queue.hold(true);
    for (const id of [2, 3, 4, 5]) queue.arrive(packet(id));
    expect(delivered).toEqual([1]);
    expect(held).toEqual([2, 3, 4, 5]);
    expect(queue.step().map((p) => p.id)).toEqual([2]);
    expect(delivered).toEqual([1, 2]);
    expect(queue.take(4)?.packet.id).toBe(4);
    expect(queue.step().map((p) => p.id)).toEqual([3]);
    queue.hold(false);
    expect(delivered).toEqual([1, 2, 3, 5]);
    expect(queue.size).toBe(0);
  });
});
