// The page's display controls: language, theme, projector mode, and the list of shortcuts.
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.js';
import { useLessonLanguage } from '../lessons/context.js';
import { toggleProjector, toggleTheme, usePreferences } from './preferences.js';

export function switchLanguage(current: 'en' | 'ko'): void {
  void setLanguage(current === 'en' ? 'ko' : 'en');
}

/** `onHelp` absent: no shortcuts button (the join page and the instructor's room have none). */
export function Toolbar({ onHelp }: { onHelp?: () => void }) {
  const { t } = useTranslation('shell');
  const lang = useLessonLanguage();
  const { theme, projector } = usePreferences();
  return (
    <div className="toolbar" role="group" aria-label={t('toolbar.label')}>
      <button
        type="button"
        data-testid="language-switch"
        title={t('toolbar.language')}
        aria-keyshortcuts="L"
        lang={lang === 'en' ? 'ko' : 'en'}
        onClick={() => switchLanguage(lang)}
      >
        {t('toolbar.languageName')}
      </button>
      <button type="button" data-testid="theme-switch" aria-pressed={theme === 'dark'} aria-keyshortcuts="T" onClick={toggleTheme}>
        <span aria-hidden="true">☾</span> {t('toolbar.darkTheme')}
      </button>
      <button type="button" data-testid="projector-switch" aria-pressed={projector} aria-keyshortcuts="P" onClick={toggleProjector}>
        {t('toolbar.projector')}
      </button>
      {onHelp && (
        <button type="button" data-testid="shortcuts-button" aria-keyshortcuts="?" onClick={onHelp}>
          <span aria-hidden="true">⌨</span> {t('toolbar.shortcuts')}
        </button>
      )}
    </div>
  );
}
