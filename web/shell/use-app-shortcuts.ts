// The shortcuts of the app: lesson to lesson, display switches, the help list.
import { neighbours } from '../lessons/catalog.js';
import { useLessonLanguage } from '../lessons/context.js';
import { toggleProjector, toggleTheme } from './preferences.js';
import { goToLesson } from './route.js';
import { switchLanguage } from './Toolbar.js';
import { useShortcuts } from './use-shortcuts.js';

export function useAppShortcuts(current: string | undefined, openHelp: () => void): void {
  const lang = useLessonLanguage();
  const go = (which: 'previous' | 'next') => {
    const target = current ? neighbours(current)[which] : undefined;
    if (target) goToLesson(target.id);
  };
  useShortcuts({
    next: () => go('next'),
    previous: () => go('previous'),
    projector: toggleProjector,
    theme: toggleTheme,
    language: () => switchLanguage(lang),
    help: openHelp,
  });
}
