// docs/lesson-format.md names every panel type and every observe rule, so a teacher writing a
// lesson finds them all there.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PANEL_ENTRIES } from '../../../web/panels/entries/index.js';
import { RULES } from '../../../web/lessons/rules/index.js';

const doc = readFileSync(new URL('../../../docs/lesson-format.md', import.meta.url), 'utf8');
const types = PANEL_ENTRIES.map((entry) => entry.type);

describe('the lesson format document', () => {
  it.each(types)('has a row for panel type %s', (type) => {
    expect(doc).toContain(`| \`${type}\` |`);
  });
  it.each(Object.keys(RULES))('has a row for rule %s', (rule) => {
    expect(doc).toContain(`| \`${rule}\` |`);
  });
});
