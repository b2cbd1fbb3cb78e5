// The console starts with xterm's built-in Unicode 6 width tables and fetches the Unicode 11 ones
// (which the line editor's widths agree with) only for text the two count differently. That is
// safe only if every character alikeInUnicode6 lets through takes the same columns in both: checked
// here for each one, against xterm's own tables in its headless build.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import xtermHeadless from '@xterm/headless';
import unicode11 from '@xterm/addon-unicode11';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/bridge-process.js';
import { alikeInUnicode6, displayWidth } from '../../../web/console/width.js';

/** A terminal's width of one code point, by its active tables (xterm's unicode service). */
function widthsOf(version: '6' | '11'): (codePoint: number) => number {
  const term = new xtermHeadless.Terminal({ allowProposedApi: true });
  if (version === '11') {
    term.loadAddon(new unicode11.Unicode11Addon());
    term.unicode.activeVersion = '11';
  }
  expect(term.unicode.activeVersion).toBe(version);
  const service = (term as unknown as { _core: { unicodeService: { wcwidth(cp: number): number } } })._core.unicodeService;
  return (cp) => service.wcwidth(cp);
}

describe('text the built-in width tables draw as the Unicode 11 ones do', () => {
  it('is every character that goes through, each as many columns in both tables', () => {
    const [v6, v11] = [widthsOf('6'), widthsOf('11')];
    const differ: string[] = [];
    let through = 0;
    for (let cp = 0; cp < 0x110000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (!alikeInUnicode6(String.fromCodePoint(cp))) continue;
      through++;
      if (v6(cp) !== v11(cp)) differ.push(cp.toString(16));
    }
    expect(differ).toEqual([]);
    expect(through).toBeGreaterThan(13_000);
  });

  it("takes Korean, the console's escape sequences and every string of the page as they are", () => {
    expect(alikeInUnicode6('\x1b[90m안녕하세요, 소켓!\x1b[0m → HELLO…')).toBe(true);
    expect(displayWidth('안녕')).toBe(4);
    const strings: string[] = [];
    const walk = (node: unknown): void => {
      if (typeof node === 'string') strings.push(node);
      else if (node && typeof node === 'object') Object.values(node).forEach(walk);
    };
    for (const lang of ['en', 'ko']) {
      const dir = join(ROOT, 'web', 'i18n', 'locales', lang);
      for (const file of readdirSync(dir)) walk(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    }
    expect(strings.filter((s) => !alikeInUnicode6(s))).toEqual([]);
  });

  it('sends emoji, newer combining marks and the later Hangul jamo to the Unicode 11 tables', () => {
    for (const text of ['hi 😀', '🇰🇷', 'e\u0301\u1ab0', '\ua960', '\u302e', '\u25fd']) expect(alikeInUnicode6(text), text).toBe(false);
  });
});
