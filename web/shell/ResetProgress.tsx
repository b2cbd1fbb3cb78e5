// "Reset this lesson" / "Reset all progress": a button that asks before it forgets. The question
// shows in place (no browser pop-up), with Cancel focused so Enter never resets by accident.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProgressStore } from '../lessons/context.js';

export function ResetProgress({ lesson }: { /** One lesson; everything when absent. */ lesson?: string }) {
  const { t } = useTranslation('shell');
  const progress = useProgressStore();
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState(false);
  const cancel = useRef<HTMLButtonElement>(null);
  const scope = lesson === undefined ? 'all' : 'lesson';
  useEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  const reset = () => {
    if (lesson === undefined) progress.reset();
    else progress.resetLesson(lesson);
    setAsking(false);
    setDone(true);
  };
  return (
    <div className="reset-progress" data-testid={`reset-${scope}`}>
      {asking ? (
        <div role="group" aria-label={t(`reset.${scope}`)} className="reset-confirm">
          <p>{t(`reset.${scope}Confirm`)}</p>
          <button type="button" className="danger" onClick={reset} data-testid="reset-yes">
            {t('reset.yes')}
          </button>{' '}
          <button type="button" ref={cancel} onClick={() => setAsking(false)} data-testid="reset-no">
            {t('reset.no')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setDone(false);
            setAsking(true);
          }}
          data-testid="reset-ask"
        >
          {t(`reset.${scope}`)}
        </button>
      )}
      <span role="status" className="reset-status">
        {done ? t('reset.done') : ''}
      </span>
    </div>
  );
}
