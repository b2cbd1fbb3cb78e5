// The table of contents: every lesson in order, the current one marked, with a tick when all of
// a lesson's checks are done (and how many otherwise).
import { useTranslation } from 'react-i18next';
import { LESSONS } from '../lessons/catalog.js';
import { useLessonLanguage, useProgress } from '../lessons/context.js';
import { lessonProgress } from '../lessons/progress.js';
import { lessonHash } from './route.js';
import { ResetProgress } from './ResetProgress.js';

export function Toc({ current }: { current: string | undefined }) {
  const { t } = useTranslation('shell');
  const lang = useLessonLanguage();
  const progress = useProgress((p) => p);
  return (
    <nav className="toc" aria-label={t('toc.label')} data-testid="toc">
      <h2 className="toc-title">{t('toc.label')}</h2>
      <ol>
        {LESSONS.map((lesson) => {
          const { passed, total } = lessonProgress(progress, lesson);
          const complete = total > 0 && passed === total;
          const visited = progress.visited.includes(lesson.id);
          return (
            <li key={lesson.id}>
              <a
                href={lessonHash(lesson.id)}
                data-testid={`toc-${lesson.id}`}
                data-complete={complete}
                data-visited={visited}
                aria-current={lesson.id === current ? 'page' : undefined}
              >
                <span className="toc-order">{lesson.order}</span>
                <span className="toc-name">{lesson.text[lang].title}</span>
                <TocMark complete={complete} passed={passed} total={total} visited={visited} />
              </a>
            </li>
          );
        })}
      </ol>
      <ResetProgress />
    </nav>
  );
}

function TocMark({ complete, passed, total, visited }: ReturnType<typeof lessonProgress> & { complete: boolean; visited: boolean }) {
  const { t } = useTranslation('shell');
  if (complete) {
    return (
      <span className="toc-mark toc-complete" title={t('toc.complete')}>
        <span aria-hidden="true">✓</span>
        <span className="visually-hidden">{t('toc.complete')}</span>
      </span>
    );
  }
  if (total > 0 && (passed > 0 || visited)) {
    return (
      <span className="toc-mark" title={t('toc.progress', { passed, total })}>
        <span aria-hidden="true">
          {passed}/{total}
        </span>
        <span className="visually-hidden">{t('toc.progress', { passed, total })}</span>
      </span>
    );
  }
  return null;
}
