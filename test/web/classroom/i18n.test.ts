// The classroom's strings exist in English and Korean, every refusal a student can get has its
// sentence in both, and the paths route to the right page.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JoinRefusal } from '../../../protocol/classroom.js';
import { pageOf } from '../../../web/shell/route.js';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/${lang}/classroom.json`, import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
// Korean has one plural form: "x_one" in English is "x_other" alone in Korean
const base = (k: string) => k.replace(/_(one|other)$/, '');

describe('the classroom strings', () => {
  it('have the same keys in English and Korean (plural forms aside), none empty', () => {
    const en = keys(load('en'));
    const ko = keys(load('ko'));
    expect([...new Set(ko.map(base))].sort()).toEqual([...new Set(en.map(base))].sort());
  });

  it('say every reason a join can be refused, in both languages', () => {
    for (const lang of ['en', 'ko']) {
      const refused = (load(lang).join as Record<string, Record<string, string>>).refused!;
      for (const reason of [...JoinRefusal.options, 'unreachable']) expect(refused[reason], `${lang} ${reason}`).toBeTruthy();
    }
  });
});

describe('pageOf', () => {
  it('routes /join and /room to their pages, everything else to the lessons', () => {
    expect(pageOf('/join')).toBe('join');
    expect(pageOf('/join/')).toBe('join');
    expect(pageOf('/room')).toBe('room');
    expect(pageOf('/')).toBe('lab');
    expect(pageOf('/joined')).toBe('lab');
  });
});

describe('onLoopback', () => {
  it("tells the instructor's loopback page from a classroom address", async () => {
    const { onLoopback } = await import('../../../web/classroom/student.js');
    expect(['localhost', '127.0.0.1', '[::1]'].map((h) => onLoopback(h))).toEqual([true, true, true]);
    expect(['192.168.0.10', '10.213.1.1', 'example.org'].map((h) => onLoopback(h))).toEqual([false, false, false]);
  });
});
