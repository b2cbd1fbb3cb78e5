// "One place": a panel, an observe rule, a check battery and a console command are each one entry
// file in their folder, and the registries are built from the lists. This holds the rest of the
// bargain: every entry file is listed (under its own name), names a component that exists, and
// has what a student or a teacher reads of it in English and Korean (docs/lesson-format.md
// "Adding a panel, a rule, a battery or a command").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BATTERY_ENTRIES, type ServerCases } from '../../web/checker/batteries/index.js';
import { COMMAND_ENTRIES } from '../../web/console/commands/entries/index.js';
import { RULE_ENTRIES } from '../../web/lessons/rules/index.js';
import { PANEL_ENTRIES } from '../../web/panels/entries/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The entry files of a folder: every .ts but the list and the entries' shape. */
function entryFiles(folder: string, ...notEntries: string[]): { name: string; path: string }[] {
  return readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !notEntries.includes(f))
    .map((f) => ({ name: basename(f, '.ts'), path: join(ROOT, folder, f) }));
}

const locale = (lang: 'en' | 'ko', ns: string) =>
  JSON.parse(readFileSync(join(ROOT, 'web/i18n/locales', lang, `${ns}.json`), 'utf8')) as Record<string, unknown>;
const at = (tree: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), tree);
const doc = readFileSync(join(ROOT, 'docs/lesson-format.md'), 'utf8');

/** Checks that a folder's files and a list are the same entries, each under its file's name. */
function listedOnce(files: { name: string }[], listed: readonly string[]): void {
  expect([...listed].sort()).toEqual(files.map((f) => f.name).sort());
  expect(new Set(listed).size).toBe(listed.length);
}

describe('panels: one entry each in web/panels/entries/', () => {
  const files = entryFiles('web/panels/entries');
  it('lists every entry file, under its type', () =>
    listedOnce(
      files,
      PANEL_ENTRIES.map((e) => e.type),
    ));

  it.each(PANEL_ENTRIES.map((e) => [e.type, e] as const))('%s names one component file that exports it', (type, entry) => {
    const source = readFileSync(join(ROOT, 'web/panels/entries', `${type}.ts`), 'utf8');
    const glob = /import\.meta\.glob\('([^']+)', \{ import: '(\w+)'/.exec(source);
    expect(glob, 'Component: () => import.meta.glob(<file>, { import: <export> })').not.toBeNull();
    const [, file, exported] = glob!;
    const path = join(ROOT, 'web/panels/entries', file!);
    expect(existsSync(path), path).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`export function ${exported!}\\b`));
    // what Vite made of the glob: exactly that one file
    const found = entry.Component();
    expect(Object.keys(found)).toEqual([file]);
    // an eager glob gives the component itself (named as its export), a lazy one a loader: `eager` must say which
    expect((found[file!] as { name: string }).name === exported).toBe(entry.eager === true);
  });

  it.each(PANEL_ENTRIES.map((e) => e.type))('%s has its row in docs/lesson-format.md, and a label in both languages if in one', (type) => {
    expect(doc).toContain(`| \`${type}\` |`);
    expect(at(locale('ko', 'lessons'), `panel.${type}`) === undefined).toBe(at(locale('en', 'lessons'), `panel.${type}`) === undefined);
  });
});

describe('observe rules: one entry each in web/lessons/rules/', () => {
  const files = entryFiles('web/lessons/rules', 'rule.ts');
  it('lists every entry file, under its name', () =>
    listedOnce(
      files,
      RULE_ENTRIES.map((e) => e.name),
    ));
  it.each(RULE_ENTRIES.map((e) => e.name))('%s has its row in docs/lesson-format.md', (name) => {
    expect(doc).toContain(`| \`${name}\` |`);
  });
});

describe('check batteries: one entry each in web/checker/batteries/', () => {
  const files = entryFiles('web/checker/batteries', 'battery.ts');
  it('lists every entry file, under its name', () =>
    listedOnce(
      files,
      BATTERY_ENTRIES.map((e) => e.name),
    ));

  const listings = readdirSync(join(ROOT, 'lessons')).flatMap((folder) =>
    existsSync(join(ROOT, 'lessons', folder)) ? readdirSync(join(ROOT, 'lessons', folder)) : [],
  );
  it.each(BATTERY_ENTRIES.map((e) => [e.name, e] as const))(
    '%s checks a textbook program of the course, loads what it runs and is named in English and Korean',
    async (name, battery) => {
      expect(listings).toContain(battery.program);
      const loaded = await battery.load();
      if (battery.kind === 'server') expect((loaded as ServerCases).cases.length).toBeGreaterThan(0);
      else expect(loaded).toBeTypeOf('function');
      for (const lang of ['en', 'ko'] as const)
        expect(at(locale(lang, 'checker'), `batteries.${name}`), `${lang} checker.json batteries.${name}`).toEqual(expect.any(String));
    },
  );
});

describe('console commands: one entry each in web/console/commands/entries/', () => {
  const files = entryFiles('web/console/commands/entries');
  it('lists every entry file, under its name', () =>
    listedOnce(
      files,
      COMMAND_ENTRIES.map((e) => e.name),
    ));
  it.each(COMMAND_ENTRIES.map((e) => e.name))('%s has its help, with an example, in English and Korean, and a usage starting with its name', (name) => {
    for (const lang of ['en', 'ko'] as const) {
      const console = locale(lang, 'console');
      expect(at(console, `help.${name}.summary`), `${lang} console.json help.${name}.summary`).toEqual(expect.any(String));
      expect(at(console, `help.${name}.example`), `${lang} console.json help.${name}.example`).toEqual(expect.any(String));
    }
    expect(COMMAND_ENTRIES.find((e) => e.name === name)!.usage.split(' ')[0]).toBe(name);
  });
});

// the folders are where the docs say: a moved folder must take this test with it
it('finds each registry where docs/lesson-format.md says it is', () => {
  for (const folder of ['web/panels/entries', 'web/lessons/rules', 'web/checker/batteries', 'web/console/commands/entries']) {
    expect(doc).toContain(folder);
    expect(existsSync(join(ROOT, folder, 'index.ts')), dirname(folder)).toBe(true);
  }
});
