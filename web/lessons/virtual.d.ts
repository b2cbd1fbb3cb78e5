// The lessons, validated and rendered at build time by the plugin in vite.config.ts.
declare module 'virtual:lessons' {
  import type { Lesson } from './types.js';
  /** Every lesson, in table-of-contents order. */
  export const lessons: Lesson[];
}
