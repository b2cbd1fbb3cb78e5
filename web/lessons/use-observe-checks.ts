// Runs a lesson's observe checks while the lesson is open: after new events (at most a few times a
// second, however fast events come) and when a rule asked to look again later ("no reply within
// 2 s"). Only events since the lesson was opened count, so an experiment done for another lesson
// does not tick this one's checks. A passed check is written to the progress store for good. The
// rules come with the lesson (rule-loader.ts): until they are here, a run waits for them.
import { useEffect } from 'react';
import { useLab } from '../lab/react.js';
import type { TraceEntry } from '../lab/state.js';
import { useProgressStore } from './context.js';
import type { LabStore } from '../lab/store.js';
import type { ProgressStore } from './progress.js';
import { RULE_NAMES, loadRule as loadPageRule } from './rule-loader.js';
import { noSuchRule, runWith, type Rule } from './rules/rule.js';
import type { Lesson } from './types.js';

const THROTTLE_MS = 150;

/** The entries numbered `since` or later (seqs are consecutive, the oldest may have fallen off). */
export function traceSince(trace: readonly TraceEntry[], since: number): readonly TraceEntry[] {
  const first = trace[0]?.seq ?? since;
  return since <= first ? trace : trace.slice(since - first);
}

const partition = <T>(items: T[], keep: (item: T) => boolean): [T[], T[]] => [items.filter(keep), items.filter((item) => !keep(item))];

export interface ObserveDeps {
  store: Pick<LabStore, 'getState' | 'subscribe'>;
  progress: Pick<ProgressStore, 'check' | 'pass'>;
  /** Where the rules come from (the page's rule loader; a test's own). */
  loadRule?: (name: string) => Promise<Rule>;
  ruleNames?: readonly string[];
}

/** Watches the lab's events for `lesson`'s observe checks until the returned function is called. */
export function watchObserveChecks(lesson: Lesson, { store, progress, loadRule = loadPageRule, ruleNames = RULE_NAMES }: ObserveDeps): () => void {
  const checks = lesson.checks.filter((c) => c.kind === 'observe');
  if (checks.length === 0) return () => undefined;
  const since = store.getState().nextSeq;
  // the bridge clock, estimated from the latest event's t and when this page saw it
  let clock = { seq: -1, t: 0, wall: 0 };
  let throttle: ReturnType<typeof setTimeout> | undefined;
  let recheck: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const rules = new Map<string, Rule>();
  // a name no rule has: the build refuses such a lesson, so only a page and a lab of different
  // builds could meet one; its check never passes, and the console says why once
  const [names, unknown] = partition([...new Set(checks.map((c) => c.rule))], (name) => ruleNames.includes(name));
  for (const name of unknown) console.error(`Socket Lab: ${noSuchRule(name, ruleNames)}`);
  let loading: Promise<void> | undefined;
  /** Fetches the rules not here yet, then runs; one that did not arrive is asked for again at the next run. */
  const fetchRules = () => {
    const missing = names.filter((name) => !rules.has(name));
    if (missing.length === 0) return;
    loading ??= Promise.allSettled(missing.map(async (name) => rules.set(name, await loadRule(name)))).then((results) => {
      loading = undefined;
      for (const r of results) if (r.status === 'rejected') console.error('Socket Lab: an observe rule did not load:', r.reason);
      if (!stopped && results.some((r) => r.status === 'fulfilled')) run();
    });
  };

  const run = () => {
    throttle = undefined;
    clearTimeout(recheck);
    if (loading) return; // it runs again when the rules are here
    fetchRules();
    const state = store.getState();
    const now = clock.t + (performance.now() - clock.wall) * 1000;
    const input = { trace: traceSince(state.trace, since), servers: state.servers, now };
    let soonest = Infinity;
    for (const check of checks) {
      const rule = rules.get(check.rule);
      if (!rule || progress.check(lesson.id, check.id)?.passed) continue;
      const result = runWith(rule, check.params, input);
      if (result.passed) progress.pass(lesson.id, check.id);
      else if (result.recheckAt !== undefined) soonest = Math.min(soonest, result.recheckAt);
    }
    if (soonest < Infinity) recheck = setTimeout(run, Math.max(20, (soonest - now) / 1000 + 20));
  };
  const changed = () => {
    const last = store.getState().trace.at(-1);
    if (last && last.seq !== clock.seq) clock = { seq: last.seq, t: last.event.t, wall: performance.now() };
    throttle ??= setTimeout(run, THROTTLE_MS);
  };
  const unsubscribe = store.subscribe(changed);
  fetchRules();
  return () => {
    stopped = true;
    unsubscribe();
    clearTimeout(throttle);
    clearTimeout(recheck);
  };
}

export function useObserveChecks(lesson: Lesson): void {
  const lab = useLab();
  const progress = useProgressStore();
  useEffect(() => watchObserveChecks(lesson, { store: lab.store, progress }), [lab, progress, lesson]);
}
