// A lesson's page: its title and goals, then its text with the panels and checks in place.
import { useTranslation } from 'react-i18next';
import { CheckCard } from './CheckCard.js';
import { LessonProvider, useLessonLanguage } from './context.js';
import { PanelSlot } from './PanelSlot.js';
import type { Lesson } from './types.js';
import { useObserveChecks } from './use-observe-checks.js';

export function LessonView({ lesson }: { lesson: Lesson }) {
  const { t } = useTranslation('lessons');
  const lang = useLessonLanguage();
  const text = lesson.text[lang];
  useObserveChecks(lesson);
  return (
    <LessonProvider lesson={lesson}>
      <article className="lesson" data-testid="lesson" data-lesson-id={lesson.id} lang={lang} aria-labelledby="lesson-title">
        <header className="lesson-header">
          <p className="lesson-number">{t('lessonNumber', { order: lesson.order })}</p>
          <h1 id="lesson-title" tabIndex={-1}>
            {text.title}
          </h1>
          {text.summary && <p className="lesson-summary">{text.summary}</p>}
          {text.goals.length > 0 && (
            <section className="lesson-goals" aria-labelledby="lesson-goals">
              <h2 id="lesson-goals">{t('goals')}</h2>
              <ul>
                {text.goals.map((goal, i) => (
                  <li key={i}>{goal}</li>
                ))}
              </ul>
            </section>
          )}
        </header>
        {text.body.map((segment, i) =>
          segment.kind === 'html' ? (
            // rendered at build time from the repository's Markdown with raw HTML disabled
            <div key={i} className="prose" dangerouslySetInnerHTML={{ __html: segment.html }} />
          ) : segment.kind === 'panel' ? (
            <PanelSlot key={`panel-${segment.id}`} id={segment.id} />
          ) : segment.kind === 'row' ? (
            <div key={`row-${segment.ids.join('-')}`} className="panel-row" data-testid="panel-row">
              {segment.ids.map((id) => (
                <PanelSlot key={`panel-${id}`} id={id} />
              ))}
            </div>
          ) : (
            <CheckCard key={`check-${segment.id}`} id={segment.id} />
          ),
        )}
      </article>
    </LessonProvider>
  );
}
