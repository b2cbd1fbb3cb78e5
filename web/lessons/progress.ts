// The student's progress, kept in localStorage so a reload (or tomorrow) keeps it: lessons visited,
// checks passed, and the option last picked in each quiz. A small external store for React.
import { z } from '../../protocol/zod.js';

const KEY = 'socket-lab.progress';

const CheckProgress = z.object({ passed: z.boolean(), answer: z.optional(z.int().check(z.minimum(0))) });
const ProgressSchema = z.object({
  visited: z.array(z.string()),
  checks: z.record(z.string(), z.record(z.string(), CheckProgress)),
});
export type Progress = z.infer<typeof ProgressSchema>;
export type CheckProgress = z.infer<typeof CheckProgress>;

const EMPTY: Progress = { visited: [], checks: {} };

/** The part of Storage this store uses, so tests can pass a fake. */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem'>;

export class ProgressStore {
  private state: Progress;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly storage: ProgressStorage | undefined) {
    this.state = this.read();
  }

  getState = (): Progress => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  visit(lesson: string): void {
    if (this.state.visited.includes(lesson)) return;
    this.set({ ...this.state, visited: [...this.state.visited, lesson] });
  }

  check(lesson: string, check: string): CheckProgress | undefined {
    return this.state.checks[lesson]?.[check];
  }

  /** An observe check was seen done. Passed stays passed. */
  pass(lesson: string, check: string): void {
    if (this.check(lesson, check)?.passed) return;
    this.put(lesson, check, { ...this.check(lesson, check), passed: true });
  }

  /** A quiz option was picked; the check is passed once the right one is picked. */
  answer(lesson: string, check: string, answer: number, correct: boolean): void {
    const prev = this.check(lesson, check);
    this.put(lesson, check, { passed: (prev?.passed ?? false) || correct, answer });
  }

  /** Starts over: forgets every visit and check. */
  reset(): void {
    this.set(EMPTY);
  }

  /** Starts one lesson over: forgets its checks and quiz answers; other lessons keep theirs. */
  resetLesson(lesson: string): void {
    if (!this.state.checks[lesson]) return;
    const { [lesson]: _forgotten, ...others } = this.state.checks;
    this.set({ ...this.state, checks: others });
  }

  /** Takes what another tab wrote (the `storage` event). */
  reload(): void {
    const next = this.read();
    if (JSON.stringify(next) !== JSON.stringify(this.state)) this.set(next, false);
  }

  private put(lesson: string, check: string, value: CheckProgress): void {
    this.set({ ...this.state, checks: { ...this.state.checks, [lesson]: { ...this.state.checks[lesson], [check]: value } } });
  }

  private read(): Progress {
    try {
      const raw = this.storage?.getItem(KEY);
      if (!raw) return EMPTY;
      const parsed = ProgressSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : EMPTY; // a damaged record must not break the page
    } catch {
      return EMPTY;
    }
  }

  private set(next: Progress, save = true): void {
    this.state = next;
    if (save) {
      try {
        this.storage?.setItem(KEY, JSON.stringify(next));
      } catch {
        // storage full or blocked (private mode): progress still works until the page closes
      }
    }
    for (const listener of this.listeners) listener();
  }
}

export const PROGRESS_KEY = KEY;

/** How far a lesson is: checks passed out of all its checks. */
export function lessonProgress(progress: Progress, lesson: { id: string; checks: readonly { id: string }[] }): { passed: number; total: number } {
  const mine = progress.checks[lesson.id] ?? {};
  return { passed: lesson.checks.filter((c) => mine[c.id]?.passed).length, total: lesson.checks.length };
}
