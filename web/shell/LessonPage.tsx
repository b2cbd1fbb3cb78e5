// The lesson the address names: shown, marked visited, titled in the tab; on a change of lesson
// the page scrolls up and the keyboard focus moves to the new title.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { lessonById } from '../lessons/catalog.js';
import { useLessonLanguage, useProgressStore } from '../lessons/context.js';
import { LessonView } from '../lessons/LessonView.js';
import { LessonNav } from './LessonNav.js';

export function LessonPage({ id }: { id: string | undefined }) {
  const { t } = useTranslation(['shell', 'common']);
  const lang = useLessonLanguage();
  const progress = useProgressStore();
  const lesson = lessonById(id);
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
      <LessonView key={lesson.id} lesson={lesson} />
      <LessonNav id={lesson.id} />
    </>
  );
}
