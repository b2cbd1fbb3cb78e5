// Listens for the page's shortcuts (./shortcuts.ts) and runs their actions.
import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutAction } from './shortcuts.js';

export function useShortcuts(actions: Record<ShortcutAction, () => void>): void {
  // the latest actions, without re-adding the listener on every render
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      latest.current[action]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
