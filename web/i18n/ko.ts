// The Korean strings: a chunk of their own, fetched only when the page is shown in Korean
// (web/i18n/index.ts), so the first page of an English reader does not carry them. The chunk imports
// nothing of the page's own: the page waits for it before it draws (main.tsx), so a chunk that
// imported the page's code back would wait for the page forever.
export const korean = import.meta.glob<{ default: Record<string, unknown> }>('./locales/ko/*.json', { eager: true });
// the Korean particles' formats (`{{port, 으로/로}}`): only Korean strings use them, so they and
// es-hangul come with the Korean strings (josa.ts imports nothing of the page's own either)
export { addJosaFormats } from './josa.js';
