// The lessons, validated and rendered at build time by the plugin in vite.config.ts.
declare module 'virtual:lessons' {
  /** Every lesson's entry in the table of contents, in order. */
  export const lessons: import('./types.js').LessonEntry[];
  /** Each lesson's panels and listings (its `text` empty), and its text in each language, fetched
   * when it is opened. */
  export const loaders: Record<
    string,
    {
      lesson: () => Promise<{ lesson: import('./types.js').Lesson }>;
      text: Record<import('./types.js').LessonLanguage, () => Promise<{ text: import('./types.js').LessonText }>>;
    }
  >;
}
