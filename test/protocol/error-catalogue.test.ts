// The error catalogue is complete and is the one table of error words: every code the bridge, the
// page's client or the OS lessons can raise is in protocol/errors.ts, and has plain words and what
// to do in English and in Korean (web/i18n/locales/{en,ko}/errors.json, `codes.<CODE>`), so a
// student never meets a raw code or a hint in the wrong language.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ERROR_CODES, isErrorCode, LAB_ERRORS } from '../../protocol/errors.js';
import en from '../../web/i18n/locales/en/errors.json';
import ko from '../../web/i18n/locales/ko/errors.json';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Words = Record<string, { what?: string; todo?: string }>;
const WORDS: Record<'en' | 'ko', Words> = { en: en.codes, ko: ko.codes };

/** The LAB_* codes written in the source of protocol/, bridge/ and web/ (raised, sent or compared). */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name)) for (const m of readFileSync(path, 'utf8').matchAll(/'(LAB_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
  };
  for (const dir of ['protocol', 'bridge', 'web']) walk(join(ROOT, dir));
  return codes;
}

describe('error catalogue', () => {
  it("has every LAB_* code the bridge, the client and the page use, the page's own included", () => {
    expect([...codesInSource()].filter((code) => !isErrorCode(code))).toEqual([]);
    expect(ERROR_CODES).toEqual(expect.arrayContaining([...CLIENT_ERROR_CODES, ...Object.keys(LAB_ERRORS)]));
  });

  it.each(ERROR_CODES)('%s has plain words and what to do in English and in Korean', (code) => {
    for (const lang of ['en', 'ko'] as const) {
      const words = WORDS[lang][code];
      expect(words?.what?.trim(), `web/i18n/locales/${lang}/errors.json: codes.${code}.what`).toBeTruthy();
      expect(words?.todo?.trim(), `web/i18n/locales/${lang}/errors.json: codes.${code}.todo`).toBeTruthy();
    }
    expect(WORDS.ko[code]?.what).not.toBe(WORDS.en[code]?.what);
  });

  it('has no words in the locales for a code outside the catalogue', () => {
    for (const lang of ['en', 'ko'] as const)
      expect(
        Object.keys(WORDS[lang]).filter((code) => !isErrorCode(code)),
        lang,
      ).toEqual([]);
  });
});
