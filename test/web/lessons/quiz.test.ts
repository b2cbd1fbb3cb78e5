// A quiz leaves room for another try: a wrong answer shows its own feedback, and the explanation
// waits for the right answer or the student's asking; without feedback, the explanation shows.
import { describe, expect, it } from 'vitest';
import { quizVerdict } from '../../../web/lessons/quiz.js';

const def = { id: 'q', kind: 'quiz' as const, answer: 1 };
const text = { kind: 'quiz' as const, question: 'Which?', options: ['a', 'b', 'c'], feedback: ['a is the server port', '', ''], explain: 'Because.' };

describe('a quiz answer', () => {
  it('shows nothing before an answer', () => {
    expect(quizVerdict(def, text, undefined, false)).toBeUndefined();
  });
  it('a wrong option with feedback: the feedback, and the explanation waits', () => {
    expect(quizVerdict(def, text, 0, false)).toEqual({ right: false, feedback: 'a is the server port', explain: false });
  });
  it('... until the student asks for it', () => {
    expect(quizVerdict(def, text, 0, true)).toMatchObject({ right: false, explain: true });
  });
  it('a wrong option without feedback shows the general explanation', () => {
    expect(quizVerdict(def, text, 2, false)).toEqual({ right: false, feedback: undefined, explain: true });
  });
  it('the right option shows the explanation', () => {
    expect(quizVerdict(def, text, 1, false)).toEqual({ right: true, feedback: undefined, explain: true });
  });
});
