// The strings of lessons 5 and 6's panels and echo console exist in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/${lang}/framing.json`, import.meta.url), 'utf8')) as object;
const leaves = (o: object, prefix = ''): [string, unknown][] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? leaves(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));

describe('the framing strings', () => {
  it('have the same keys in English and Korean, none empty', () => {
    const en = leaves(load('en'));
    const ko = leaves(load('ko'));
    // plural forms: English has _one and _other, Korean needs only _other
    const keys = (l: [string, unknown][]) => [...new Set(l.map(([k]) => k.replace(/_(one|other)$/, '')))].sort();
    expect(keys(ko)).toEqual(keys(en));
    for (const [, v] of [...en, ...ko]) expect(typeof v === 'string' && v.length > 0).toBe(true);
  });
  it('use the same {{placeholders}} in both languages', () => {
    const ko = new Map(leaves(load('ko')));
    for (const [k, v] of leaves(load('en'))) {
      const names = (s: unknown) => [...String(s).matchAll(/\{\{(\w+)(?:,[^}]*)?\}\}/g)].map((m) => m[1]).sort();
      expect([k, names(ko.get(k) ?? ko.get(k.replace(/_one$/, '_other')))]).toEqual([k, names(v)]);
    }
  });
});
