// The capture files' words exist in English and Korean with the same placeholders, and every key
// the code asks for is there (Korean has no "_one" plural form: i18next uses "_other" for it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const load = (lang: string) => JSON.parse(readFileSync(new URL(`../../web/i18n/locales/${lang}/pcap.json`, import.meta.url), 'utf8')) as Tree;
const entries = (o: Tree, prefix = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? entries(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, string]]));
const base = (key: string) => key.replace(/_(one|other)$/, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the pcap strings', () => {
  const en = new Map(entries(load('en')).map(([k, v]) => [base(k), v]));
  const ko = new Map(entries(load('ko')).map(([k, v]) => [base(k), v]));

  it('have the same keys and placeholders in English and Korean, none empty', () => {
    expect([...ko.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) {
      expect(ko.get(key), key).not.toBe('');
      expect(placeholders(ko.get(key)!), key).toEqual(placeholders(text));
    }
  });

  it('hold every key the code asks for', () => {
    const code = ['web/pcap/export.ts', 'web/pcap/use-capture.ts', 'web/flow/FlowToolbar.tsx', 'web/flow/Inspector.tsx']
      .map((f) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'))
      .join('\n');
    const used = [...code.matchAll(/'pcap:([\w.]+)'/g)].map((m) => m[1]!);
    const problems = ['empty', 'notCapture', 'truncated', 'badBlock', 'tooBig', 'unreadable', 'nothing'].map((p) => `problem.${p}`);
    for (const key of [...used, ...problems]) expect(en.has(key), key).toBe(true);
  });
});
