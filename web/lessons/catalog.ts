// The course's lessons in order, the neighbours of each, and each lesson's whole text on demand.
import { lessons, loaders } from 'virtual:lessons';
import { beforeLanguageChange } from '../i18n/index.js';
import { LESSON_LANGUAGES, type Lesson, type LessonEntry, type LessonLanguage } from './types.js';

export const LESSONS: readonly LessonEntry[] = lessons;

export function lessonById(id: string | undefined): LessonEntry | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function neighbours(id: string): { previous?: LessonEntry; next?: LessonEntry } {
  const i = LESSONS.findIndex((l) => l.id === id);
  if (i < 0) return {};
  return { previous: LESSONS[i - 1], next: LESSONS[i + 1] };
}

/** Each lesson opened so far: one object for good (its panels keep it), and its text per language
 * fetched, or on its way. */
const opened = new Map<string, { lesson: Promise<Lesson>; texts: Map<LessonLanguage, Promise<Lesson>> }>();

/** The whole lesson (panels, listings) with its text in `lang`: fetched once (the panels and each
 * language's text, a chunk each), then kept. The same object for every language: the text of a
 * language not fetched yet is the first one's, replaced when it comes. */
export function loadLesson(id: string, lang: LessonLanguage): Promise<Lesson> {
  const load = loaders[id];
  if (!load) return Promise.reject(new Error(`no lesson ${id}`));
  let entry = opened.get(id);
  if (!entry) {
    const created = { lesson: load.lesson().then((m) => m.lesson), texts: new Map<LessonLanguage, Promise<Lesson>>() };
    // a failed fetch (the bridge stopped mid-load) may be tried again
    created.lesson.catch(() => opened.get(id) === created && opened.delete(id));
    opened.set(id, (entry = created));
  }
  const { lesson, texts } = entry;
  let pending = texts.get(lang);
  if (!pending) {
    pending = Promise.all([lesson, load.text[lang]()]).then(([l, { text }]) => {
      const first = Object.keys(l.text).length === 0;
      for (const other of LESSON_LANGUAGES) if (first || other === lang) l.text[other] = text;
      return l;
    });
    pending.catch(() => texts.get(lang) === pending && texts.delete(lang));
    texts.set(lang, pending);
  }
  return pending;
}

// a switch of language waits for the new language's text of every lesson opened so far, so the
// lesson on screen changes language with the rest of the page
beforeLanguageChange(async (lang) => {
  await Promise.all([...opened.keys()].map((id) => loadLesson(id, lang).catch(() => undefined)));
});
