// The lesson the address names: shown, marked visited, titled in the tab; on a change of lesson
// the page scrolls up and the keyboard focus moves to the new title.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonById, loadLesson } from '../lessons/catalog.js';
import type { Lesson, LessonLanguage } from '../lessons/types.js';
import { useLessonLanguage, useProgressStore } from '../lessons/context.js';
import { LessonView } from '../lessons/LessonView.js';
import { LessonNav } from './LessonNav.js';

export function LessonPage({ id }: { id: string | undefined }) {
  const { t } = useTranslation(['shell', 'common']);
  const lang = useLessonLanguage();
  const progress = useProgressStore();
  const lesson = lessonById(id);
  const full = useFullLesson(lesson?.id, lang);
  const shown = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!lesson) return;
    progress.visit(lesson.id);
    // not on the first lesson of the visit: the page has just loaded and focus is where it should be
    if (shown.current !== undefined && shown.current !== lesson.id) {
      window.scrollTo({ top: 0 });
      document.getElementById('lesson-title')?.focus({ preventScroll: true });
    }
    shown.current = lesson.id;
  }, [lesson, progress]);

  useEffect(() => {
    const app = t('common:appName');
    document.title = lesson ? `${lesson.text[lang].title} · ${app}` : app;
  }, [lesson, lang, t]);

  if (!lesson) return <p className="no-lessons">{t('shell:notFound.noLessons')}</p>;
  return (
    <>
      {/* a new lesson is a new set of panels: consoles and their sockets start afresh */}
      {full.lesson?.id === lesson.id ? (
        <LessonView key={lesson.id} lesson={full.lesson} />
      ) : full.failed ? (
        <p className="lesson-loading" role="alert">
          {t('shell:lesson.failed')}{' '}
          <button type="button" onClick={full.retry}>
            {t('shell:lesson.retry')}
          </button>
        </p>
      ) : (
        <p className="lesson-loading" aria-busy="true">
          {t('shell:lesson.loading')}
        </p>
      )}
      <LessonNav id={lesson.id} />
    </>
  );
}

/** Fetches the lesson's panels and its text in `lang` (a chunk each) when the lesson or the language
 * changes. The lesson object stays the same across languages: its panels are not started again. */
function useFullLesson(id: string | undefined, lang: LessonLanguage): { lesson?: Lesson; failed: boolean; retry: () => void } {
  const [state, setState] = useState<{ lesson?: Lesson; lang?: LessonLanguage; failed: boolean }>({ failed: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!id) return;
    let live = true;
    loadLesson(id, lang).then(
      (lesson) => live && setState({ lesson, lang, failed: false }),
      () => live && setState({ failed: true }),
    );
    return () => {
      live = false;
    };
  }, [id, lang, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
