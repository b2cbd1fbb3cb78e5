// The course's lessons in order, the neighbours of each, and each lesson's whole text on demand.
import { lessons, loaders } from 'virtual:lessons';
import type { Lesson, LessonEntry } from './types.js';

export const LESSONS: readonly LessonEntry[] = lessons;

export function lessonById(id: string | undefined): LessonEntry | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function neighbours(id: string): { previous?: LessonEntry; next?: LessonEntry } {
  const i = LESSONS.findIndex((l) => l.id === id);
  if (i < 0) return {};
  return { previous: LESSONS[i - 1], next: LESSONS[i + 1] };
}

const loading = new Map<string, Promise<Lesson>>();

/** The whole lesson (text, panels, listings); fetched once, then kept. */
export function loadLesson(id: string): Promise<Lesson> {
  let pending = loading.get(id);
  if (!pending) {
    const load = loaders[id];
    pending = load ? load().then((m) => m.lesson) : Promise.reject(new Error(`no lesson ${id}`));
    // a failed fetch (the bridge stopped mid-load) may be tried again
    pending.catch(() => loading.delete(id));
    loading.set(id, pending);
  }
  return pending;
}
