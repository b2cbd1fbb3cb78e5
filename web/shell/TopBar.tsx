// The strip at the top: the app's name and the display controls.
import { useTranslation } from 'react-i18next';
import { Toolbar } from './Toolbar.js';

export function TopBar({ onHelp }: { onHelp: () => void }) {
  const { t } = useTranslation('common');
  return (
    <header className="topbar">
      <a className="app-name" href="#/">
        {t('appName')}
      </a>
      <Toolbar onHelp={onHelp} />
    </header>
  );
}
