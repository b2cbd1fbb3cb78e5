// Previous and next lesson, below a lesson and reachable by [ and ].
import { useTranslation } from 'react-i18next';
import { neighbours } from '../lessons/catalog.js';
import { useLessonLanguage } from '../lessons/context.js';
import { lessonHash } from './route.js';
import { ShareLink } from './ShareLink.js';

export function LessonNav({ id }: { id: string }) {
  const { t } = useTranslation('shell');
  const lang = useLessonLanguage();
  const { previous, next } = neighbours(id);
  return (
    <nav className="lesson-nav" aria-label={t('nav.label')}>
      {previous ? (
        <a className="lesson-nav-prev" href={lessonHash(previous.id)} rel="prev" data-testid="prev-lesson">
          <span className="lesson-nav-dir">← {t('nav.previous')}</span>
          <span className="lesson-nav-title">{previous.text[lang].title}</span>
        </a>
      ) : (
        <span />
      )}
      <ShareLink id={id} />
      {next ? (
        <a className="lesson-nav-next" href={lessonHash(next.id)} rel="next" data-testid="next-lesson">
          <span className="lesson-nav-dir">{t('nav.next')} →</span>
          <span className="lesson-nav-title">{next.text[lang].title}</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
