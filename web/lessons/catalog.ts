// The course's lessons in order, and the neighbours of each.
import { lessons } from 'virtual:lessons';
import type { Lesson } from './types.js';

export const LESSONS: readonly Lesson[] = lessons;

export function lessonById(id: string | undefined): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function neighbours(id: string): { previous?: Lesson; next?: Lesson } {
  const i = LESSONS.findIndex((l) => l.id === id);
  if (i < 0) return {};
  return { previous: LESSONS[i - 1], next: LESSONS[i + 1] };
}
