// What a quiz shows after an answer, apart from how it looks: right or wrong, the picked option's
// feedback, and whether the explanation shows yet. A wrong answer with feedback leaves room for
// another try; the explanation then waits until the right answer or until the student asks.
import type { CheckDef, CheckText } from './types.js';

export interface QuizVerdict {
  right: boolean;
  /** What the lesson says to a student who picked this option, if anything. */
  feedback?: string;
  /** Whether the general explanation shows now. */
  explain: boolean;
}

export function quizVerdict(
  def: Extract<CheckDef, { kind: 'quiz' }>,
  text: Extract<CheckText, { kind: 'quiz' }>,
  answer: number | undefined,
  revealed: boolean,
): QuizVerdict | undefined {
  if (answer === undefined) return undefined;
  const right = answer === def.answer;
  const feedback = text.feedback[answer] || undefined;
  return { right, feedback, explain: right || revealed || feedback === undefined };
}
