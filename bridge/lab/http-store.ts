// What the HTTP API of lesson 8 remembers: the questions (the seed's Django `Question` model) and
// the sessions its cookie names. In memory, bounded in count: the oldest go first.
import { randomBytes } from 'node:crypto';

export const MAX_QUESTIONS = 100;
const MAX_SESSIONS = 200;

export interface Question {
  id: number;
  text: string;
  /** When it was created, ISO 8601 (the seed's q.date). */
  created: string;
}

export class QuestionStore {
  private readonly questions = new Map<number, Question>();
  /** sid -> ids of the questions that session created. */
  private readonly sessions = new Map<string, number[]>();
  private nextId = 1;

  list(): Question[] {
    return [...this.questions.values()];
  }

  create(text: string, sid: string): Question {
    const question: Question = { id: this.nextId++, text, created: new Date().toISOString() };
    this.questions.set(question.id, question);
    if (this.questions.size > MAX_QUESTIONS) this.questions.delete(this.questions.keys().next().value!);
    const mine = this.sessions.get(sid);
    if (mine) {
      mine.push(question.id);
      if (mine.length > MAX_QUESTIONS) mine.shift();
    }
    return question;
  }

  hasSession(sid: string | undefined): sid is string {
    return sid !== undefined && this.sessions.has(sid);
  }

  /** A new session: the id the cookie will carry (128 random bits, not guessable). */
  newSession(): string {
    const sid = randomBytes(16).toString('base64url');
    this.sessions.set(sid, []);
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return sid;
  }

  /** The questions this session created that are still kept. */
  createdBy(sid: string): Question[] {
    return (this.sessions.get(sid) ?? []).flatMap((id) => this.questions.get(id) ?? []);
  }
}
