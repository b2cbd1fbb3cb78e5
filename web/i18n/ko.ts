// The Korean strings: a chunk of their own, fetched only when the page is shown in Korean
// (web/i18n/index.ts), so the first page of an English reader does not carry them.
import { bundles } from './bundles.js';

export const korean = bundles(import.meta.glob<{ default: Record<string, unknown> }>('./locales/ko/*.json', { eager: true }));
