// The lessons, validated and rendered at build time by the plugin in vite.config.ts.
declare module 'virtual:lessons' {
  /** Every lesson's entry in the table of contents, in order. */
  export const lessons: import('./types.js').LessonEntry[];
  /** Each lesson's whole text, panels and listings, fetched when it is opened. */
  export const loaders: Record<string, () => Promise<{ lesson: import('./types.js').Lesson }>>;
}
