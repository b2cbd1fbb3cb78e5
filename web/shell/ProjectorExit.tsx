// In projector mode the chrome is hidden; this one small button (and P) brings it back.
import { useTranslation } from 'react-i18next';
import { toggleProjector, usePreferences } from './preferences.js';

export function ProjectorExit() {
  const { t } = useTranslation('shell');
  if (!usePreferences().projector) return null;
  return (
    <button type="button" className="projector-exit" data-testid="projector-exit" aria-keyshortcuts="P" onClick={toggleProjector}>
      {t('toolbar.projectorOff')} <kbd>P</kbd>
    </button>
  );
}
