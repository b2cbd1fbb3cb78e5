// The incremental trace fold: each entry read once, a fresh start when the trace was cleared or
// lost entries the fold never saw, and nothing refolded when a full trace only drops its oldest.
import { describe, expect, it } from 'vitest';
import { firstAfter, foldAll, TraceFold, type TraceReducer } from '../../../web/lab/fold.js';
import { TRACE_LIMIT, type TraceEntry } from '../../../web/lab/state.js';
import { closed } from '../lessons/events.js';

/** Entries numbered from..to, as the store numbers them. */
const entries = (from: number, to: number): TraceEntry[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ seq: from + i, event: closed(from + i, `s${from + i}`) }));

/** Collects the seqs it folds, and counts every step. */
function recorder(): { reducer: TraceReducer<number[]>; steps: () => number; inits: () => number } {
  let steps = 0;
  let inits = 0;
  return {
    reducer: {
      init: () => (inits++, []),
      step: (seqs, entry) => {
        steps++;
        seqs.push(entry.seq);
      },
    },
    steps: () => steps,
    inits: () => inits,
  };
}

describe('TraceFold', () => {
  it('reads each entry once as the trace grows', () => {
    const r = recorder();
    const fold = new TraceFold(r.reducer);
    const all = entries(1, 10);
    fold.sync(all.slice(0, 3));
    fold.sync(all.slice(0, 7));
    expect(fold.sync(all)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.steps()).toBe(10);
  });

  it('changes nothing when synced twice with the same trace, and says so by its version', () => {
    const fold = new TraceFold(recorder().reducer);
    const all = entries(1, 5);
    fold.sync(all);
    const version = fold.version;
    fold.sync(all);
    expect(fold.version).toBe(version);
    expect(fold.state).toEqual([1, 2, 3, 4, 5]);
  });

  it('folds from the first entry it is given when it starts on a trace that began earlier', () => {
    expect(foldAll(recorder().reducer, entries(40, 43))).toEqual([40, 41, 42, 43]);
  });

  it('starts over when the trace was cleared', () => {
    const r = recorder();
    const fold = new TraceFold(r.reducer);
    fold.sync(entries(1, 5));
    expect(fold.sync([])).toEqual([]);
    expect(fold.sync(entries(6, 7))).toEqual([6, 7]);
    expect(r.inits()).toBe(2);
  });

  it('starts over when the trace was cleared and added to before it looked again', () => {
    const fold = new TraceFold(recorder().reducer);
    fold.sync(entries(1, 5));
    // the store cleared the trace, then the next event came: it starts right after the last seen
    expect(fold.sync(entries(6, 8))).toEqual([6, 7, 8]);
  });

  it('starts over when entries it never saw were pushed off the trace', () => {
    const fold = new TraceFold(recorder().reducer);
    fold.sync(entries(1, 5));
    expect(fold.sync(entries(9, 12))).toEqual([9, 10, 11, 12]);
  });

  it('keeps what fell off the start of a full trace, reading only the new entries', () => {
    const r = recorder();
    const fold = new TraceFold(r.reducer);
    fold.sync(entries(1, TRACE_LIMIT));
    const state = fold.sync(entries(4, TRACE_LIMIT + 3));
    expect(state).toHaveLength(TRACE_LIMIT + 3);
    expect(state.slice(-4)).toEqual([TRACE_LIMIT, TRACE_LIMIT + 1, TRACE_LIMIT + 2, TRACE_LIMIT + 3]);
    expect(r.steps()).toBe(TRACE_LIMIT + 3);
    expect(r.inits()).toBe(1);
  });
});

it('keeps its version when the entries changed nothing a view shows', () => {
  const evens: TraceReducer<number[]> = { init: () => [], step: (seqs, { seq }) => seq % 2 === 0 && seqs.push(seq) > 0 };
  const fold = new TraceFold(evens);
  fold.sync(entries(1, 2));
  const version = fold.version;
  fold.sync(entries(1, 3));
  expect(fold.version).toBe(version);
  fold.sync(entries(1, 4));
  expect(fold.version).toBe(version + 1);
  expect(fold.state).toEqual([2, 4]);
});

describe('firstAfter', () => {
  it('finds the index of the first entry after a seq', () => {
    const all = entries(10, 20);
    expect(firstAfter(all, 0)).toBe(0);
    expect(firstAfter(all, 10)).toBe(1);
    expect(firstAfter(all, 19)).toBe(10);
    expect(firstAfter(all, 20)).toBe(11);
  });
});
