// Folding the trace incrementally: a view derived from the trace (a panel's rows, a decoder's
// chunks) reads each entry once, when it arrives, instead of re-reading up to TRACE_LIMIT entries
// on every change. The "trace was cleared" and "entries we never saw" cases live here, once
// (FlowBuilder handles them the same way for the flow).
//
// What fell off the start of a capped trace stays folded in: the fold remembers it where a
// re-read of the whole trace would have forgotten it. A reducer that must stay small bounds its
// own state.
import { TRACE_LIMIT, type TraceEntry } from './state.js';

export interface TraceReducer<S> {
  /** A fresh state: at first, and again after the trace was cleared. */
  init(): S;
  /** Folds one entry in, changing `state` in place. It may answer `false` when the entry changed
   * nothing a view shows, so what derives from the state is not computed again for it. */
  step(state: S, entry: TraceEntry): boolean | undefined;
}

export class TraceFold<S> {
  private current: S;
  /** The newest entry folded in (seqs start at 1). */
  private lastSeq = 0;
  private changes = 0;

  constructor(private readonly reducer: TraceReducer<S>) {
    this.current = reducer.init();
  }

  /** The state, as of the last sync. */
  get state(): S {
    return this.current;
  }

  /** Goes up each time a sync folds in an entry that changed the state, or starts over: a cache key
   * for what derives from the state. */
  get version(): number {
    return this.changes;
  }

  /** Folds in the entries of `trace` not seen yet; starts over when the trace was cleared or lost
   * entries this fold never saw. Syncing twice with the same trace changes nothing. */
  sync(trace: readonly TraceEntry[]): S {
    const first = trace[0];
    if (first === undefined) {
      if (this.lastSeq > 0) this.reset();
      return this.current;
    }
    // entries never seen (cleared, or pushed off a full trace by a burst); or the trace starts
    // right after the last one seen but is not full, so it was cleared, then added to
    const gap = first.seq > this.lastSeq + 1 || (first.seq === this.lastSeq + 1 && trace.length < TRACE_LIMIT);
    if (this.lastSeq > 0 && gap) this.reset();
    for (let i = firstAfter(trace, this.lastSeq); i < trace.length; i++) {
      const entry = trace[i]!;
      if (this.reducer.step(this.current, entry) !== false) this.changes++;
      this.lastSeq = entry.seq;
    }
    return this.current;
  }

  private reset(): void {
    this.current = this.reducer.init();
    this.lastSeq = 0;
    this.changes++;
  }
}

/** The state `reducer` reaches over the whole of `trace` at once (what a panel computed before). */
export function foldAll<S>(reducer: TraceReducer<S>, trace: readonly TraceEntry[]): S {
  return new TraceFold(reducer).sync(trace);
}

/** The index of the first entry after `seq` (the trace is in seq order). */
export function firstAfter(trace: readonly TraceEntry[], seq: number): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keeps a map within `max` entries by forgetting the oldest inserted (what a fold forgets first). */
export function boundMap<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) map.delete(map.keys().next().value as K);
}
