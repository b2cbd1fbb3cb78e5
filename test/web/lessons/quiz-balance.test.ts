// The quizzes cannot be answered without reading: the right option is not the longest one, the
// right answers sit at every position, every wrong option says why it is wrong, in both languages.
import { describe, expect, it } from 'vitest';
import { readLessonFiles } from '../../../vite.config.js';
import { loadLessons } from '../../../web/lessons/load.js';
import { LESSON_LANGUAGES } from '../../../web/lessons/types.js';

const { lessons } = loadLessons(readLessonFiles());
const quizzes = lessons.flatMap((lesson) =>
  lesson.checks.flatMap((check) => (check.kind === 'quiz' ? [{ lesson: lesson.id, id: check.id, answer: check.answer, stage: check.stage, text: lesson.text }] : [])),
);
const textOf = (q: (typeof quizzes)[number], lang: (typeof LESSON_LANGUAGES)[number]) => {
  const t = q.text[lang].checks[q.id]!;
  if (t.kind !== 'quiz') throw new Error(`${q.lesson} ${q.id} is not a quiz`);
  return t;
};

/** How long an option looks: its characters as a reader counts them (grapheme clusters). */
const segmenter = new Intl.Segmenter();
const graphemes = (text: string) => [...segmenter.segment(text)].length;

describe('the quizzes', () => {
  it('are many', () => expect(quizzes.length).toBeGreaterThan(40));

  it.each(LESSON_LANGUAGES)('in %s: the right option is the longest in at most a third of them', (lang) => {
    const longest = quizzes.filter((q) => {
      const lengths = textOf(q, lang).options.map((o) => graphemes(o));
      return lengths.every((l, i) => i === q.answer || l < lengths[q.answer]!);
    });
    expect(longest.length / quizzes.length, longest.map((q) => `${q.lesson} ${q.id}`).join(', ')).toBeLessThanOrEqual(1 / 3);
  });

  it.each(LESSON_LANGUAGES)('in %s: neither the longest nor the shortest option is a safe bet', (lang) => {
    const extreme = (pick: (l: number, right: number) => boolean) =>
      quizzes.filter((q) => {
        const lengths = textOf(q, lang).options.map((o) => graphemes(o));
        return lengths.every((l, i) => i === q.answer || pick(l, lengths[q.answer]!));
      }).length / quizzes.length;
    // the right one is the shortest no more often than chance would have it, and sometimes the
    // longest, so that "never pick the longest" does not pay either
    expect(extreme((l, right) => l > right)).toBeLessThanOrEqual(1 / 3);
    expect(extreme((l, right) => l < right)).toBeGreaterThanOrEqual(0.1);
  });

  it.each(LESSON_LANGUAGES)('in %s: the right option is never much longer than every wrong one', (lang) => {
    const giveaways = quizzes.filter((q) => {
      const lengths = textOf(q, lang).options.map((o) => graphemes(o));
      const others = Math.max(...lengths.filter((_, i) => i !== q.answer));
      return lengths[q.answer]! > 1.5 * others + 10;
    });
    expect(giveaways.map((q) => `${q.lesson} ${q.id}`)).toEqual([]);
  });

  it('put the right answer at every position, none at more than two fifths of them', () => {
    const at = (i: number) => quizzes.filter((q) => q.answer === i).length;
    const first = at(0);
    const last = quizzes.filter((q) => q.answer === textOf(q, 'en').options.length - 1).length;
    expect(first / quizzes.length).toBeGreaterThanOrEqual(0.2);
    expect(last / quizzes.length).toBeGreaterThanOrEqual(0.2);
    for (const i of [0, 1, 2, 3]) expect(at(i) / quizzes.length, `index ${i}`).toBeLessThanOrEqual(0.4);
  });

  it.each(quizzes.map((q) => [`${q.lesson} ${q.id}`, q] as const))('%s tells a student who picks a wrong option why, in both languages', (_name, q) => {
    for (const lang of LESSON_LANGUAGES) {
      const t = textOf(q, lang);
      const missing = t.options.flatMap((_, i) => (i !== q.answer && !t.feedback[i] ? [`${lang} option ${i}`] : []));
      expect(missing).toEqual([]);
    }
  });

  it('label the questions asked after their experiment or text "Check", the ones before it "Predict"', () => {
    const stage = (name: string) => quizzes.find((q) => `${q.lesson} ${q.id}` === name)?.stage ?? 'predict';
    const after = ['04-tcp spot-bug', '08-http why-python', '05-echo-many-clients where-line', '07-game-protocol why-flag', '09-pinger tcp-no-loss', '00-welcome who-opens'];
    const before = ['04-tcp bug-effect', '03-udp predict-silence', '04-tcp which-socket', '09-pinger predict-path', '06-framing predict-two'];
    expect(after.map(stage)).toEqual(after.map(() => 'check'));
    expect(before.map(stage)).toEqual(before.map(() => 'predict'));
  });
});
