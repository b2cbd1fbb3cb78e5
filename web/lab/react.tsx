// React access to the lab core: the Lab instance from context, and selectors over its store.
import { createContext, useContext, useMemo, useRef, useSyncExternalStore, type ReactNode } from 'react';
import { TraceFold, type TraceReducer } from './fold.js';
import type { Lab } from './lab.js';
import type { LabState } from './state.js';

const LabContext = createContext<Lab | undefined>(undefined);

export function LabProvider({ lab, children }: { lab: Lab; children: ReactNode }) {
  return <LabContext.Provider value={lab}>{children}</LabContext.Provider>;
}

export function useLab(): Lab {
  const lab = useContext(LabContext);
  if (!lab) throw new Error('useLab() outside <LabProvider>');
  return lab;
}

/** Reads a slice of the lab state; re-renders when that slice changes (compare by identity). */
export function useLabState<T>(select: (state: LabState) => T): T {
  const lab = useLab();
  return useSyncExternalStore(lab.store.subscribe, () => select(lab.store.getState()));
}

/** A fold of the trace (./fold.ts) for as long as `reducer` stays the same object (memoize it on
 * what it depends on), and `view` of its state, recomputed only when new entries were folded in:
 * a panel reads each event once instead of the whole trace on every change. `view` must depend on
 * the state alone. Without a reducer (the server is not there yet): undefined. */
export function useTraceFold<S, V>(reducer: TraceReducer<S> | undefined, view: (state: S) => V): V | undefined {
  const trace = useLabState((s) => s.trace);
  const fold = useMemo(() => (reducer ? new TraceFold(reducer) : undefined), [reducer]);
  // the fold is a cache of the trace: syncing twice with the same trace changes nothing
  fold?.sync(trace);
  const cache = useRef<{ fold: TraceFold<S>; version: number; value: V } | undefined>(undefined);
  if (!fold) return undefined;
  if (cache.current?.fold !== fold || cache.current.version !== fold.version) cache.current = { fold, version: fold.version, value: view(fold.state) };
  return cache.current.value;
}
