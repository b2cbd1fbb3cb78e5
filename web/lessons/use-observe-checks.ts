// Runs a lesson's observe checks while the lesson is open: after new events (at most a few times a
// second, however fast events come) and when a rule asked to look again later ("no reply within
// 2 s"). Only events since the lesson was opened count, so an experiment done for another lesson
// does not tick this one's checks. A passed check is written to the progress store for good.
import { useEffect } from 'react';
import { useLab } from '../lab/react.js';
import type { TraceEntry } from '../lab/state.js';
import { useProgressStore } from './context.js';
import { runRule } from './rules/index.js';
import type { Lesson } from './types.js';

const THROTTLE_MS = 150;

/** The entries numbered `since` or later (seqs are consecutive, the oldest may have fallen off). */
export function traceSince(trace: readonly TraceEntry[], since: number): readonly TraceEntry[] {
  const first = trace[0]?.seq ?? since;
  return since <= first ? trace : trace.slice(since - first);
}

export function useObserveChecks(lesson: Lesson): void {
  const lab = useLab();
  const progress = useProgressStore();
  useEffect(() => {
    const checks = lesson.checks.filter((c) => c.kind === 'observe');
    if (checks.length === 0) return;
    const since = lab.store.getState().nextSeq;
    // the bridge clock, estimated from the latest event's t and when this page saw it
    let clock = { seq: -1, t: 0, wall: 0 };
    let throttle: ReturnType<typeof setTimeout> | undefined;
    let recheck: ReturnType<typeof setTimeout> | undefined;

    const run = () => {
      throttle = undefined;
      clearTimeout(recheck);
      const state = lab.store.getState();
      const now = clock.t + (performance.now() - clock.wall) * 1000;
      const input = { trace: traceSince(state.trace, since), servers: state.servers, now };
      let soonest = Infinity;
      for (const check of checks) {
        if (progress.check(lesson.id, check.id)?.passed) continue;
        const result = runRule(check.rule, check.params, input);
        if (result.passed) progress.pass(lesson.id, check.id);
        else if (result.recheckAt !== undefined) soonest = Math.min(soonest, result.recheckAt);
      }
      if (soonest < Infinity) recheck = setTimeout(run, Math.max(20, (soonest - now) / 1000 + 20));
    };
    const changed = () => {
      const last = lab.store.getState().trace.at(-1);
      if (last && last.seq !== clock.seq) clock = { seq: last.seq, t: last.event.t, wall: performance.now() };
      throttle ??= setTimeout(run, THROTTLE_MS);
    };
    const unsubscribe = lab.store.subscribe(changed);
    return () => {
      unsubscribe();
      clearTimeout(throttle);
      clearTimeout(recheck);
    };
  }, [lab, progress, lesson]);
}
