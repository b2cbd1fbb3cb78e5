// The game and HTTP panels' strings exist in both languages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (lang: string, ns: string) => JSON.parse(readFileSync(new URL(`../../../web/i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as object;
const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe.each(['game', 'http'])('the %s strings', (ns) => {
  it('have the same keys in English and Korean, none empty', () => {
    const en = load('en', ns);
    const ko = load('ko', ns);
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    for (const k of keys(ko)) expect(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], ko)).not.toBe('');
  });
});
