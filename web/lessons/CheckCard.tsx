// One check of a lesson: an observation ("send a sentence and get its reply", ticked by a rule
// over the event trace) or a quiz, asked before its experiment ("Predict") or after it ("Check"):
// pick an option, check it, see right or wrong and why.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLesson, useLessonLanguage, useProgress, useProgressStore } from './context.js';
import { quizVerdict } from './quiz.js';
import type { CheckDef, CheckText } from './types.js';

export function CheckCard({ id, anchor = true }: { id: string; anchor?: boolean }) {
  const lesson = useLesson();
  const lang = useLessonLanguage();
  const def = lesson.checks.find((c) => c.id === id);
  const text = lesson.text[lang].checks[id];
  if (!def || !text) return null;
  const common = { 'data-testid': `check-${id}`, 'data-check-kind': def.kind, id: anchor ? `check-${id}` : undefined };
  return def.kind === 'quiz' && text.kind === 'quiz' ? <Quiz def={def} text={text} lesson={lesson.id} {...common} /> : <Observe text={text} lesson={lesson.id} check={id} {...common} />;
}

type Common = { 'data-testid': string; 'data-check-kind': string; id: string | undefined };

function Observe({ text, lesson, check, ...common }: { text: CheckText; lesson: string; check: string } & Common) {
  const { t } = useTranslation('lessons');
  const passed = useProgress((p) => p.checks[lesson]?.[check]?.passed ?? false);
  return (
    <section className="check check-observe" data-passed={passed} aria-label={t('check.observe')} {...common}>
      <span className="check-mark" aria-hidden="true">
        {passed ? '✓' : '○'}
      </span>
      <div>
        <p className="check-kind">{t('check.observe')}</p>
        <p className="check-question">{text.question}</p>
        <p className="check-status" role="status" data-testid="check-status">
          {passed ? (text.kind === 'observe' && text.done) || t('check.done') : t('check.waiting')}
        </p>
      </div>
    </section>
  );
}

/** A quiz: picking an option (by click, or with the arrow keys) only selects it; "Check my answer"
 * answers. A wrong answer shows that option's feedback and lets the student try again before the
 * explanation shows (an option without feedback shows the explanation at once). */
function Quiz({ def, text, lesson, ...common }: { def: Extract<CheckDef, { kind: 'quiz' }>; text: Extract<CheckText, { kind: 'quiz' }>; lesson: string } & Common) {
  const { t } = useTranslation('lessons');
  const name = useId();
  const progress = useProgressStore();
  const state = useProgress((p) => p.checks[lesson]?.[def.id]);
  const answer = state?.answer;
  const [picked, setPicked] = useState<number | undefined>(answer);
  const [revealed, setRevealed] = useState(false);
  // progress reset (or another tab) forgot the answer: forget the selection too
  useEffect(() => {
    if (answer === undefined) setPicked(undefined);
  }, [answer]);
  const verdict = quizVerdict(def, text, answer, revealed);
  const submit = () => {
    if (picked === undefined) return;
    setRevealed(false);
    progress.answer(lesson, def.id, picked, picked === def.answer);
  };
  return (
    <fieldset className="check check-quiz" data-passed={state?.passed ?? false} data-stage={def.stage ?? 'predict'} {...common}>
      <legend>
        <span className="check-mark" aria-hidden="true">
          {state?.passed ? '✓' : '?'}
        </span>
        <span className="check-kind">{t(def.stage === 'check' ? 'check.quizAfter' : 'check.quiz')}</span>
        <span className="check-question">{text.question}</span>
      </legend>
      <div className="quiz-options">
        {text.options.map((option, i) => (
          <label key={i} className="quiz-option" data-picked={picked === i} data-right={answer === i ? verdict?.right : undefined}>
            <input type="radio" name={name} value={i} checked={picked === i} onChange={() => setPicked(i)} />
            <span>{option}</span>
          </label>
        ))}
      </div>
      <div className="quiz-actions">
        <button type="button" onClick={submit} disabled={picked === undefined} data-testid="quiz-submit">
          {t('check.submit')}
        </button>
      </div>
      <div role="status" className="quiz-result" data-testid="check-result" data-result={verdict && (verdict.right ? 'right' : 'wrong')} data-explained={verdict?.explain}>
        {verdict && (
          <>
            <p className="quiz-verdict">{verdict.right ? t('check.right') : t('check.wrong')}</p>
            {verdict.feedback && (
              <p className="quiz-feedback" data-testid="quiz-feedback">
                {verdict.feedback}
              </p>
            )}
            {verdict.explain ? (
              <p className="quiz-explain">{text.explain}</p>
            ) : (
              <p className="quiz-again">
                {t('check.tryAgain')}{' '}
                <button type="button" className="link-button" onClick={() => setRevealed(true)} data-testid="quiz-reveal">
                  {t('check.showExplain')}
                </button>
              </p>
            )}
          </>
        )}
      </div>
    </fieldset>
  );
}
