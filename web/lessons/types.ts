// A lesson as the page receives it: validated at build time (./load.ts) and shipped as JSON.
import type { PanelSpec } from '../panels/types.js';
import type { ListingCall } from './schema.js';

export const LESSON_LANGUAGES = ['en', 'ko'] as const;
export type LessonLanguage = (typeof LESSON_LANGUAGES)[number];

/** A piece of a lesson's body: rendered Markdown, or the place of a panel or of one check. */
export type Segment =
  | { kind: 'html'; html: string }
  | { kind: 'panel'; id: string }
  /** Several panels side by side (`::: panels a b`), one column on a narrow screen. */
  | { kind: 'row'; ids: string[] }
  | { kind: 'check'; id: string };

export type CheckDef =
  | { id: string; kind: 'observe'; rule: string; params: Record<string, unknown> }
  /** stage: 'predict' (also when absent) before the experiment, 'check' after it. */
  | { id: string; kind: 'quiz'; answer: number; stage?: 'predict' | 'check' };

export type CheckText =
  | { kind: 'observe'; question: string; done?: string }
  /** feedback[i]: what to tell a student who picks option i ('' where the lesson gives none). */
  | { kind: 'quiz'; question: string; options: string[]; feedback: string[]; explain: string };

export interface LessonText {
  title: string;
  summary?: string;
  goals: string[];
  checks: Record<string, CheckText>;
  body: Segment[];
}

export interface Listing {
  file: string;
  source: string;
  /** Socket call -> 1-based line it lights. */
  lines: Partial<Record<ListingCall, number>>;
}

export interface Lesson {
  id: string;
  order: number;
  topics: string[];
  panels: Record<string, PanelSpec>;
  listings: Record<string, Listing>;
  checks: CheckDef[];
  /** In the page, each language's text is fetched when the lesson is first shown in it; until then
   * the language it was opened in stands in for it (web/lessons/catalog.ts). */
  text: Record<LessonLanguage, LessonText>;
}

/** What the table of contents, progress and navigation need of a lesson, loaded with the page;
 * the rest comes when the lesson is opened. */
export interface LessonEntry {
  id: string;
  order: number;
  topics: string[];
  checks: CheckDef[];
  text: Record<LessonLanguage, Pick<LessonText, 'title' | 'summary'>>;
}
