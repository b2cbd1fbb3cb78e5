// UI strings in English and Korean. Each part of the app keeps its strings in its own namespace
// file (locales/en/<namespace>.json and locales/ko/<namespace>.json), so parts never edit each
// other's files. The language defaults to the browser's and is remembered once chosen.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { addJosaFormats } from './josa.js';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'socket-lab.language';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, module] of Object.entries(files)) {
  const [, lang, ns] = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path) ?? [];
  if (!lang || !ns) continue;
  (resources[lang] ??= {})[ns] = module.default;
}
export const NAMESPACES = Object.keys(resources.en ?? {});

export function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'ko') return saved;
  const preferred = typeof navigator !== 'undefined' ? navigator.languages : [];
  return preferred.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
  void i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
});
addJosaFormats(i18next);
if (typeof document !== 'undefined') document.documentElement.lang = i18next.language;

export { i18next };
