// UI strings in English and Korean. Each part of the app keeps its strings in its own namespace
// file (locales/en/<namespace>.json and locales/ko/<namespace>.json), so parts never edit each
// other's files. The language defaults to the browser's and is remembered once chosen. The
// English strings come with the page, but for the namespaces only some later lessons' panels and
// consoles use (each a chunk of its own, fetched when a panel first asks for it: react-i18next
// suspends the panel meanwhile, under its slot's Suspense; a console asks for its program's, e.g.
// lesson 8's raw HTTP client's "http", web/console/programs.ts); the Korean ones are a chunk of
// their own (./ko.ts), fetched when the page is first shown in Korean: main.tsx waits for
// `languageReady` before drawing.
import i18next, { type BackendModule, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { bundles } from './bundles.js';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'socket-lab.language';

type StringsFile = { default: Record<string, unknown> };
// the same list twice: import.meta.glob takes literal patterns only
const english = bundles(
  import.meta.glob<StringsFile>(['./locales/en/*.json', '!./locales/en/{checker,explorer,framing,game,http,pinger,relay}.json'], { eager: true }),
);
const laterEnglish = import.meta.glob<StringsFile>('./locales/en/{checker,explorer,framing,game,http,pinger,relay}.json');
/** The namespaces the page starts with. */
export const NAMESPACES = Object.keys(english);

/** Hands i18next a namespace it does not have yet: a later panel's English strings (fetched), or the
 * Korean ones of any namespace (all in ./ko.ts). */
const laterStrings: BackendModule = {
  type: 'backend',
  init: () => undefined,
  read(language, namespace, done) {
    const strings: Promise<ResourceKey> =
      language === 'ko'
        ? loadKorean().then(() => koreanLater?.[namespace] ?? {})
        : (laterEnglish[`./locales/en/${namespace}.json`]?.().then((file) => file.default) ?? Promise.resolve({}));
    strings.then(
      (loaded) => done(null, loaded),
      (error: unknown) => done(error instanceof Error ? error : new Error(String(error)), null),
    );
  },
};

let korean: Promise<void> | undefined;
/** The Korean strings of the later namespaces, kept for laterStrings once fetched. */
let koreanLater: Record<string, ResourceKey> | undefined;
/** Fetches the Korean strings once. Never rejects: without them the page stays in English. The
 * page's own namespaces are added at once; a later one is handed to i18next when a panel first asks
 * for it, as its English is, so i18next loads both languages of it (English is the fallback) and
 * keeps it in every later switch of language: added here, it would look loaded in Korean alone, and
 * a switch to English would suspend the panel (a console) while its English is fetched. */
function loadKorean(): Promise<void> {
  korean ??= import('./ko.js').then(
    ({ korean: files, addJosaFormats }) => {
      addJosaFormats(i18next);
      koreanLater = {};
      for (const [ns, bundle] of Object.entries(bundles(files))) {
        if (NAMESPACES.includes(ns)) i18next.addResourceBundle('ko', ns, bundle, true, true);
        else koreanLater[ns] = bundle;
      }
    },
    (error: unknown) => {
      korean = undefined; // a later switch tries again
      console.error('Socket Lab: the Korean strings did not load', error);
    },
  );
  return korean;
}

export function initialLanguage(): Language {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  if (saved === 'en' || saved === 'ko') return saved;
  const preferred = typeof navigator !== 'undefined' ? navigator.languages : [];
  return preferred.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

const preparations: ((lang: Language) => Promise<void>)[] = [];
/** `prepare` runs before every switch of language, which waits for it (it must not reject): the
 * lessons fetch the new language's text of the lessons already open (web/lessons/catalog.ts). */
export function beforeLanguageChange(prepare: (lang: Language) => Promise<void>): void {
  preparations.push(prepare);
}

export async function setLanguage(lang: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  await Promise.all([lang === 'ko' ? loadKorean() : undefined, ...preparations.map((prepare) => prepare(lang))]);
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}

const first = initialLanguage();
void i18next
  .use(initReactI18next)
  .use(laterStrings)
  .init({
    resources: { en: english },
    // the namespaces missing from `resources` come from laterStrings
    partialBundledLanguages: true,
    // English until the Korean strings are here (languageReady)
    lng: 'en',
    fallbackLng: 'en',
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
/** The page's first language is ready to draw: at once in English, once its strings are here in
 * Korean. */
export const languageReady: Promise<void> = (async () => {
  if (first === 'ko') {
    await loadKorean();
    if (i18next.hasResourceBundle('ko', 'common')) await i18next.changeLanguage('ko');
  }
  if (typeof document !== 'undefined') document.documentElement.lang = i18next.language;
})();

export { i18next };
