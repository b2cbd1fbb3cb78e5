// Every lesson the course ships loads, in both languages, with the same checks.
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../../vite.config.js';
import { loadLessons } from '../../../web/lessons/load.js';
import { LESSON_LANGUAGES } from '../../../web/lessons/types.js';

const { lessons, errors } = loadLessons(readLessonFiles());

describe('the lessons in lessons/', () => {
  it('load without a single mistake', () => {
    expect(errors).toEqual([]);
  });

  it('start with lesson 0', () => {
    expect(lessons[0]?.id).toMatch(/^00-/);
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s has both languages with the same check ids as lesson.yaml', (_id, lesson) => {
    const ids = lesson.checks.map((c) => c.id);
    for (const lang of LESSON_LANGUAGES) {
      expect(Object.keys(lesson.text[lang].checks).sort()).toEqual([...ids].sort());
      expect(lesson.text[lang].title).not.toBe('');
    }
  });

  it.each(lessons.map((l) => [l.id, l] as const))('%s places the same panels in both languages', (_id, lesson) => {
    const placed = (lang: (typeof LESSON_LANGUAGES)[number]) =>
      lesson.text[lang].body
        .flatMap((s) => (s.kind === 'panel' ? [s.id] : []))
        .sort();
    expect(placed('ko')).toEqual(placed('en'));
  });
});
