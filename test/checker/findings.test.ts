// Every finding the checks can report has words in English and Korean.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from '../../web/i18n/locales/en/checker.json';
import ko from '../../web/i18n/locales/ko/checker.json';

const dir = fileURLToPath(new URL('../../web/checker/', import.meta.url));
const source = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(dir + f, 'utf8'))
  .join('\n');
const codes = new Set([...source.matchAll(/\b(?:pass|fail)\(\s*['\w-]+,\s*'([\w-]+)'/g)].map((m) => m[1]!));
const cases = new Set([...source.matchAll(/\b(?:pass|fail)\(\s*'([\w-]+)'/g), ...source.matchAll(/\bid: '([\w-]+)'/g)].map((m) => m[1]!));

describe('check findings', () => {
  it('finds the codes the checks use', () => {
    expect(codes.size).toBeGreaterThan(20);
  });
  it.each([...codes])('has English and Korean words for finding %s', (code) => {
    expect((en.findings as Record<string, string>)[code]).toBeTruthy();
    expect((ko.findings as Record<string, string>)[code]).toBeTruthy();
  });
  it('names every case in both languages', () => {
    expect(cases.size).toBeGreaterThan(10);
    for (const c of cases) {
      expect((en.cases as Record<string, string>)[c], c).toBeTruthy();
      expect((ko.cases as Record<string, string>)[c], c).toBeTruthy();
    }
  });
  it('uses the same placeholders in both languages', () => {
    const holes = (s: string) => [...s.matchAll(/\{\{(\w+)(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
    for (const [code, text] of Object.entries(en.findings)) expect(holes((ko.findings as Record<string, string>)[code]!), code).toEqual(holes(text));
  });
});
