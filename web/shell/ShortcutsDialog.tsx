// The list of keyboard shortcuts, in a native modal dialog (focus kept inside, Escape closes).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from './shortcuts.js';

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('shell');
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="shortcuts-dialog" data-testid="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl>
        {SHORTCUTS.map(({ action, keys }) => (
          <div key={action} className="shortcut">
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ' / '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(`shortcuts.${action}`)}</dd>
          </div>
        ))}
      </dl>
      <p className="shortcuts-note">{t('shortcuts.consoleNote')}</p>
      <form method="dialog">
        <button type="submit" autoFocus>
          {t('shortcuts.close')}
        </button>
      </form>
    </dialog>
  );
}
