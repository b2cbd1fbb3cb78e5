// The error catalogue is complete: every code the bridge or the page's client can raise has a hint in
// English (protocol/errors.ts) and in Korean (the console's "hints"), so a student never meets a
// raw code or a hint in the wrong language.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorHint, isErrorCode, LAB_ERRORS, UNKNOWN_ERROR_HINT } from '../../protocol/errors.js';
import en from '../../web/i18n/locales/en/console.json';
import ko from '../../web/i18n/locales/ko/console.json';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const enHints: Record<string, string> = en.hints;
const koHints: Record<string, string> = ko.hints;

/** The LAB_* codes written in the source of protocol/ and bridge/ (raised, sent or compared). */
function codesInSource(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/'(LAB_[A-Z_]+)'/g)) codes.add(m[1]!);
    }
  };
  walk(join(ROOT, 'protocol'));
  walk(join(ROOT, 'bridge'));
  return codes;
}

describe('error catalogue', () => {
  it('has every LAB_* code the bridge and the client use, LAB_CLOSED and LAB_TIMEOUT included', () => {
    expect([...codesInSource()].filter((code) => !isErrorCode(code))).toEqual([]);
    expect(ERROR_CODES).toEqual(expect.arrayContaining(['LAB_CLOSED', 'LAB_TIMEOUT', ...Object.keys(LAB_ERRORS)]));
  });

  it.each(ERROR_CODES)('%s has an English hint of its own', (code) => {
    expect(errorHint(code)).not.toBe(UNKNOWN_ERROR_HINT);
    expect(errorHint(code).length).toBeGreaterThan(10);
  });

  it.each(ERROR_CODES)('%s has a Korean hint', (code) => {
    expect(koHints[code]?.trim() ?? '', `web/i18n/locales/ko/console.json: hints.${code}`).not.toBe('');
    expect(koHints[code]).not.toBe(errorHint(code));
  });

  it('has no hint in the locales for a code outside the catalogue, and no English one left blank', () => {
    expect(Object.keys(koHints).filter((code) => !isErrorCode(code))).toEqual([]);
    expect(Object.keys(enHints).filter((code) => !isErrorCode(code) || !enHints[code]?.trim())).toEqual([]);
  });
});
