// A failure inside a panel reads as plain words in the page's language with what to do next: every
// code the lab or the OS can report has both, in English and Korean, and no LAB_* code shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { LabError } from '../../../protocol/client.js';
import { ERROR_CODES } from '../../../protocol/errors.js';
import { describeFailure, failureOf } from '../../../web/panels/errors.js';
import { ROOT } from '../../support/bridge-process.js';

const load = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'web/i18n/locales', lang, 'errors.json'), 'utf8')) as Record<string, unknown>;
const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { errors: load('en') }, ko: { errors: load('ko') } }, lng: 'en', ns: ['errors'], interpolation: { escapeValue: false } });
});
const say = (lang: 'en' | 'ko', error: unknown, port?: number) =>
  describeFailure(failureOf(error, port), i18n.getFixedT(lang, 'errors'), (key) => i18n.exists(key, { lng: lang }));

// every code of the catalogue (the bridge's, the page's own and the OS codes the lessons teach)
const CODES = ERROR_CODES;

describe('a failure shown in a panel', () => {
  it.each(['en', 'ko'] as const)('has plain words and what to do for every code, in %s, never the raw LAB_* code', (lang) => {
    for (const code of CODES) {
      const said = say(lang, new LabError(code, 'raw English from the bridge'));
      expect(said.what, code).not.toMatch(/LAB_|codes\.|raw English/);
      expect(said.todo, code).not.toMatch(/LAB_|codes\./);
      expect(said.what.length, code).toBeGreaterThan(5);
      expect(said.todo.length, code).toBeGreaterThan(5);
      expect(said.os === undefined, code).toBe(code.startsWith('LAB_'));
    }
  });

  it('names the busy port and says what to do, in the page language', () => {
    const en = say('en', { code: 'EADDRINUSE', message: 'listen EADDRINUSE' }, 12101);
    expect(en.what).toBe('Port 12101 is already in use.');
    expect(en.todo).toMatch(/another tab/);
    expect(en.os).toMatch(/EADDRINUSE/);
    const ko = say('ko', { code: 'EADDRINUSE' }, 12101);
    expect(ko.what).toBe('12101번 포트를 이미 쓰고 있습니다.');
    expect(ko.todo).toMatch(/다른 탭/);
  });

  it('turns an aborted run into "cancelled" and anything unknown into a general message', () => {
    expect(failureOf(new DOMException('stop', 'AbortError')).code).toBe('LAB_CANCELLED');
    const unknown = say('ko', new Error('x is undefined'));
    expect(unknown.code).toBe('unknown');
    expect(unknown.what).toBe('이 패널에서 문제가 생겼습니다.');
  });

  it('has the same keys in English and Korean', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(load('ko')).sort()).toEqual(keys(load('en')).sort());
  });
});
