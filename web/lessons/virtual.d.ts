// The lessons, validated and rendered at build time by the plugin in vite.config.ts.
declare module 'virtual:lessons' {
  /** Every lesson's entry in the table of contents, in order. */
  export const lessons: import('./types.js').LessonEntry[];
  /** Each observe rule a lesson's check names -> the lesson whose chunk carries it (the first to
   * name it). */
  export const ruleHomes: Record<string, string>;
  /** The first lesson's observe rules, which come with the page. */
  export const pageRules: Record<string, import('./rules/rule.js').Rule>;
  /** Each lesson's panels and listings (its `text` empty) with the observe rules it carries, and its
   * text in each language, fetched when it is opened. */
  export const loaders: Record<
    string,
    {
      lesson: () => Promise<{ lesson: import('./types.js').Lesson; rules: Record<string, import('./rules/rule.js').Rule> }>;
      text: Record<import('./types.js').LessonLanguage, () => Promise<{ text: import('./types.js').LessonText }>>;
    }
  >;
}
