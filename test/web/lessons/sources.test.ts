// The course names its sources ("a game-server lecture", "the PYMMORPG design notes"); the project's
// file names for them ("seed 000", "seed 002") never reach a student, in either language.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const lessons = fileURLToPath(new URL('../../../lessons/', import.meta.url));
const locales = fileURLToPath(new URL('../../../web/i18n/locales/', import.meta.url));
const files = [
  ...readdirSync(lessons).flatMap((d) => readdirSync(lessons + d).map((f) => `${lessons}${d}/${f}`)),
  ...['en', 'ko'].flatMap((l) => readdirSync(locales + l).map((f) => `${locales}${l}/${f}`)),
].filter((f) => /\.(md|py|json)$/.test(f));

describe('what the student reads', () => {
  it('never calls a source document a seed', () => {
    const jargon = files.filter((f) => /\bseeds? ?0\d\d|the seed's|시드 ?0\d\d|seed의|seed는|seed가/i.test(readFileSync(f, 'utf8')));
    expect(jargon.map((f) => f.slice(f.indexOf('/lessons/') >= 0 ? f.indexOf('/lessons/') : f.indexOf('/web/')))).toEqual([]);
  });
});
