// Korean particles come from the word (es-hangul), never from "(를)"-style templates.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { addJosaFormats, withJosa } from '../../../web/i18n/josa.js';

const dir = fileURLToPath(new URL('../../../web/i18n/locales/ko/', import.meta.url));
const strings = (value: unknown, path: string): [string, string][] =>
  typeof value === 'string' ? [[path, value]] : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`)) : [];
const korean = readdirSync(dir).flatMap((f) => strings(JSON.parse(readFileSync(dir + f, 'utf8')), f.replace(/\.json$/, '')));

describe('Korean UI strings', () => {
  it('are read', () => expect(korean.length).toBeGreaterThan(300));
  it.each(['(를)', '(을)', '(으)로', '(가)', '(이)', '(은)', '(는)', '(와)', '(과)'])('never hedge a particle with %s', (template) => {
    expect(korean.filter(([, s]) => s.includes(template)).map(([p]) => p)).toEqual([]);
  });
  it('put no bare particle straight after a placeholder: they use a format such as {{port, 으로/로}}', () => {
    const bare = korean.filter(([, s]) => /\}\}(?:을|를|이|가|은|는|으로|로|와|과)(?![가-힣])/.test(s)).map(([p, s]) => `${p}: ${s}`);
    expect(bare).toEqual([]);
  });
});

describe('withJosa', () => {
  it.each([
    ['12110', '으로/로', '12110으로'],
    ['12000', '으로/로', '12000으로'],
    ['2048', '으로/로', '2048로'],
    ['12001', '을/를', '12001을'],
    ['UDPClient.py', '을/를', 'UDPClient.py를'],
    ['소켓', '이/가', '소켓이'],
    ['서버', '이/가', '서버가'],
    ['tcp-24#1', '은/는', 'tcp-24#1은'],
  ] as const)('%s + %s is %s', (word, pair, expected) => {
    expect(withJosa(word, pair)).toBe(expected);
  });

  it('is a format of i18next: {{port, 으로/로}}', async () => {
    const instance = i18next.createInstance();
    await instance.init({
      lng: 'ko',
      resources: { ko: { translation: { to: '{{port, 으로/로}} 보냄', who: '{{name, 이/가}} 이동' } } },
      interpolation: { escapeValue: false },
    });
    addJosaFormats(instance);
    expect(instance.t('to', { port: 12110 })).toBe('12110으로 보냄');
    expect(instance.t('who', { name: '민수' })).toBe('민수가 이동');
  });
});

describe('Korean words', () => {
  const lessonsDir = fileURLToPath(new URL('../../../lessons/', import.meta.url));
  const lessonTexts = readdirSync(lessonsDir).map((d) => [`${d}/ko.md`, readFileSync(`${lessonsDir}${d}/ko.md`, 'utf8')] as const);
  const everywhere = [...korean, ...lessonTexts];
  // one word per concept, and the standard terms of Korean networking textbooks
  it.each([
    ['랩 (the lab is 실습실)', /(^|[^가-힣])랩(?![가-힣]*핑)/],
    ['검사기 (the inspector is 인스펙터)', /검사기/],
    ['중계기 (the relay is 릴레이)', /중계기/],
    ['흐름도 (the flow is 흐름 그림)', /흐름도/],
    ['플로 레이블 (흐름 레이블)', /플로 레이블/],
    ['조각 위치 / 조각화 (단편 오프셋, 단편화)', /조각 위치|조각화|조각 금지/],
    ['요청 줄 / 상태 줄 / 헤더 줄 (요청 라인 ...)', /요청 줄|상태 줄|헤더 줄/],
    ['배치 for deploy (배포)', /배치하/],
    ['레슨 (a lesson is N강 or 수업)', /레슨/],
    ['시드 for a source document', /시드 00\d/],
  ])('never use %s', (_name, pattern) => {
    expect(everywhere.filter(([, s]) => pattern.test(s.replace('소켓 랩', ''))).map(([p]) => p)).toEqual([]);
  });
});

describe('the page i18n', () => {
  it('formats Korean particles once the Korean strings, which bring them, are here', async () => {
    const { i18next: page } = await import('../../../web/i18n/index.js');
    await page.loadLanguages('ko');
    expect(page.t('console:panel.runClient', { lng: 'ko', file: 'TCPClient.py', port: 12110 })).toContain('serverPort = 12110으로 바꾼');
    expect(page.t('console:panel.runClient', { lng: 'en', file: 'TCPClient.py', port: 12110 })).toContain('12110');
  });
});
