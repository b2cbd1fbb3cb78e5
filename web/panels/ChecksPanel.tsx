// All of a lesson's checks in one list, with how many are done. A check that also stands in the
// text is listed with a button to go there; the others are shown here in full.
import { useTranslation } from 'react-i18next';
import { CheckCard } from '../lessons/CheckCard.js';
import { useLesson, useLessonLanguage, useProgress } from '../lessons/context.js';
import { lessonProgress } from '../lessons/progress.js';
import type { PanelProps } from './registry.js';
import type { SpecOf } from './types.js';
import { ResetProgress } from '../shell/ResetProgress.js';

export function ChecksPanel(_props: PanelProps<SpecOf<'checks'>>) {
  const { t } = useTranslation('lessons');
  const lesson = useLesson();
  const text = useLesson().text[useLessonLanguage()];
  const mine = useProgress((p) => p.checks[lesson.id]);
  const { passed, total } = lessonProgress({ visited: [], checks: mine ? { [lesson.id]: mine } : {} }, lesson);
  const inline = new Set(text.body.flatMap((s) => (s.kind === 'check' ? [s.id] : [])));
  const goTo = (id: string) => {
    const target = document.getElementById(`check-${id}`);
    target?.scrollIntoView({ block: 'center' });
    target?.querySelector<HTMLElement>('input, [tabindex]')?.focus({ preventScroll: true });
  };
  return (
    <div className="checks-panel">
      <h2 className="panel-title">
        {t('panel.checks')}{' '}
        <span className="checks-summary" data-testid="checks-summary" data-passed={passed} data-total={total}>
          {t('check.summary', { passed, total })}
        </span>
      </h2>
      <ul className="checks-list">
        {lesson.checks.map((check) => {
          const done = mine?.[check.id]?.passed ?? false;
          return inline.has(check.id) ? (
            <li key={check.id} className="checks-item" data-testid={`checks-item-${check.id}`} data-passed={done}>
              <span className="check-mark" aria-hidden="true">
                {done ? '✓' : '○'}
              </span>
              {/* the question itself takes the student to the check in the text */}
              <button type="button" className="link-button check-question" title={t('check.goTo')} onClick={() => goTo(check.id)}>
                {text.checks[check.id]?.question}
              </button>
            </li>
          ) : (
            <li key={check.id}>
              <CheckCard id={check.id} />
            </li>
          );
        })}
      </ul>
      <ResetProgress lesson={lesson.id} />
    </div>
  );
}
