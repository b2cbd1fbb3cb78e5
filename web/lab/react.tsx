// React access to the lab core: the Lab instance from context, and selectors over its store.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
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
