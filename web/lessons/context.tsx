// React access to the lesson being shown and to the progress store.
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Progress, ProgressStore } from './progress.js';
import type { Lesson, LessonLanguage } from './types.js';

const LessonContext = createContext<Lesson | undefined>(undefined);
const ProgressContext = createContext<ProgressStore | undefined>(undefined);

export function LessonProvider({ lesson, children }: { lesson: Lesson; children: ReactNode }) {
  return <LessonContext.Provider value={lesson}>{children}</LessonContext.Provider>;
}

/** The lesson a panel is placed in. */
export function useLesson(): Lesson {
  const lesson = useContext(LessonContext);
  if (!lesson) throw new Error('useLesson() outside a lesson');
  return lesson;
}

/** The language lesson texts are shown in: the UI's. */
export function useLessonLanguage(): LessonLanguage {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage === 'ko' ? 'ko' : 'en';
}

export function ProgressProvider({ store, children }: { store: ProgressStore; children: ReactNode }) {
  return <ProgressContext.Provider value={store}>{children}</ProgressContext.Provider>;
}

export function useProgressStore(): ProgressStore {
  const store = useContext(ProgressContext);
  if (!store) throw new Error('useProgressStore() outside <ProgressProvider>');
  return store;
}

/** Reads a slice of the progress; select must return a stable value (a primitive or a stored object). */
export function useProgress<T>(select: (progress: Progress) => T): T {
  const store = useProgressStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
