// Display preferences: theme (light/dark, from the system until the student picks one) and
// projector mode. They live on <html> as data-theme and data-projector, which the CSS reads, and
// in localStorage so a reload keeps them.
import { useSyncExternalStore } from 'react';
import { darkSchemeQuery } from './browser.js';

export type Theme = 'light' | 'dark';
export interface Preferences {
  theme: Theme;
  /** The student picked the theme; otherwise it follows the system's. */
  themeChosen: boolean;
  projector: boolean;
}

const THEME_KEY = 'socket-lab.theme';
const PROJECTOR_KEY = 'socket-lab.projector';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readPreferences(storage: KeyValueStorage | undefined, systemDark: boolean): Preferences {
  const saved = storage?.getItem(THEME_KEY);
  const chosen = saved === 'light' || saved === 'dark';
  return {
    theme: chosen ? saved : systemDark ? 'dark' : 'light',
    themeChosen: chosen,
    projector: storage?.getItem(PROJECTOR_KEY) === 'on',
  };
}

const safeStorage = (): KeyValueStorage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

let current: Preferences | undefined;
const listeners = new Set<() => void>();

function apply(next: Preferences): void {
  current = next;
  const html = document.documentElement;
  html.dataset.theme = next.theme;
  html.dataset.projector = next.projector ? 'on' : 'off';
  html.style.colorScheme = next.theme;
  for (const l of listeners) l();
}

/** Applies the saved preferences to <html>; called once before the first render. */
export function initPreferences(): void {
  apply(readPreferences(safeStorage(), darkSchemeQuery()?.matches ?? false));
  darkSchemeQuery()?.addEventListener('change', (e) => {
    if (!current?.themeChosen) apply({ ...current!, theme: e.matches ? 'dark' : 'light' });
  });
}

export function getPreferences(): Preferences {
  if (!current) initPreferences();
  return current!;
}

export function toggleTheme(): void {
  const theme: Theme = getPreferences().theme === 'dark' ? 'light' : 'dark';
  safeStorage()?.setItem(THEME_KEY, theme);
  apply({ ...getPreferences(), theme, themeChosen: true });
}

export function toggleProjector(): void {
  const projector = !getPreferences().projector;
  safeStorage()?.setItem(PROJECTOR_KEY, projector ? 'on' : 'off');
  apply({ ...getPreferences(), projector });
}

export function usePreferences(): Preferences {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, getPreferences);
}
