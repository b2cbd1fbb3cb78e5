// Turns the files of lessons/ into validated lessons, at build time (the Vite plugin in
// vite.config.ts) and in tests. Every mistake is reported with its file and field; the build
// fails if there is any, so the page never meets a broken lesson.
import { parseDocument } from 'yaml';
import { renderBody } from './markdown.js';
import { RULES, isRuleName } from './rules/index.js';
import { noSuchRule } from './rules/rule.js';
import { LessonYamlSchema, frontMatterSchema, parseWith, splitQuizOptions, type LessonYaml, type QuizOption } from './schema.js';
import { LESSON_LANGUAGES, type Lesson, type LessonLanguage, type LessonText, type Listing } from './types.js';

export interface LoadResult {
  lessons: Lesson[];
  errors: string[];
}

/** Loads every lesson from `files`: path ("lessons/03-udp/en.md") -> text. */
export function loadLessons(files: Readonly<Record<string, string>>): LoadResult {
  const folders = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(files)) {
    const m = /^(.*\/)?([^/]+)\/([^/]+)$/.exec(path);
    if (!m) continue;
    const folder = `${m[1] ?? ''}${m[2]}`;
    const own = folders.get(folder) ?? {};
    own[m[3]!] = text.replace(/\r\n?/g, '\n');
    folders.set(folder, own);
  }
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  for (const [folder, own] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    const result = loadLesson(folder, own);
    errors.push(...result.errors);
    if (result.lesson) lessons.push(result.lesson);
  }
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  for (let i = 1; i < lessons.length; i++) {
    if (lessons[i]!.order === lessons[i - 1]!.order) errors.push(`lessons/${lessons[i]!.id}/lesson.yaml: order: ${lessons[i]!.order} is also the order of ${lessons[i - 1]!.id}`);
  }
  return { lessons, errors };
}

/** Loads one folder: `folder` is its path ("lessons/03-udp"), `files` its file name -> text. */
export function loadLesson(folder: string, files: Readonly<Record<string, string>>): { lesson?: Lesson; errors: string[] } {
  const name = folder.split('/').pop()!;
  const yamlFile = `${folder}/lesson.yaml`;
  const errors: string[] = [];
  if (files['lesson.yaml'] === undefined) return { errors: [`${yamlFile}: missing (every lesson folder has lesson.yaml, en.md and ko.md)`] };
  const raw = parseYaml(files['lesson.yaml'], yamlFile, 0);
  if (!raw.ok) return { errors: raw.errors };
  const parsed = parseWith(LessonYamlSchema, raw.value, yamlFile);
  if (!parsed.ok) return { errors: parsed.errors };
  const meta = parsed.value;

  if (meta.id !== name) errors.push(`${yamlFile}: id: "${meta.id}" must equal the folder name "${name}"`);
  errors.push(...checkDefinitions(meta, yamlFile));
  const listings = collectListings(meta, files, folder, errors);
  for (const [id, panel] of Object.entries(meta.panels)) {
    if (panel.type === 'code' && !listings[panel.listing]) errors.push(`${yamlFile}: panels.${id}.listing: no file ${panel.listing} in ${folder}`);
  }

  const text: Partial<Record<LessonLanguage, LessonText>> = {};
  for (const lang of LESSON_LANGUAGES) {
    const file = `${folder}/${lang}.md`;
    const source = files[`${lang}.md`];
    if (source === undefined) {
      errors.push(`${file}: missing (every lesson has ${LESSON_LANGUAGES.map((l) => `${l}.md`).join(' and ')})`);
      continue;
    }
    const loaded = loadText(source, file, meta);
    errors.push(...loaded.errors);
    if (loaded.text) text[lang] = loaded.text;
  }
  errors.push(...compareLanguages(meta, text, folder));

  if (errors.length > 0 || !text.en || !text.ko) return { errors };
  return {
    errors,
    lesson: {
      id: meta.id,
      order: meta.order,
      topics: meta.topics,
      panels: meta.panels,
      listings,
      checks: meta.checks,
      text: { en: text.en, ko: text.ko },
    },
  };
}

function parseYaml(source: string, file: string, lineOffset: number): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => `${file}: line ${(e.linePos?.[0].line ?? 0) + lineOffset}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`) };
  }
  return { ok: true, value: doc.toJS() };
}

function checkDefinitions(meta: LessonYaml, file: string): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const check of meta.checks) {
    if (seen.has(check.id)) errors.push(`${file}: checks.${check.id}: the id is used twice`);
    seen.add(check.id);
    if (check.kind !== 'observe') continue;
    if (!isRuleName(check.rule)) {
      errors.push(`${file}: checks.${check.id}.rule: ${noSuchRule(check.rule, Object.keys(RULES))}`);
      continue;
    }
    const params = parseWith(RULES[check.rule].params, check.params, file, `checks.${check.id}.params`);
    if (!params.ok) errors.push(...params.errors);
  }
  return errors;
}

function collectListings(meta: LessonYaml, files: Readonly<Record<string, string>>, folder: string, errors: string[]): Record<string, Listing> {
  const listings: Record<string, Listing> = {};
  for (const [file, source] of Object.entries(files)) {
    if (file.endsWith('.py')) listings[file] = { file, source, lines: {} };
  }
  for (const [file, { lines }] of Object.entries(meta.listings)) {
    const listing = listings[file];
    if (!listing) {
      errors.push(`${folder}/lesson.yaml: listings.${file}: no file ${file} in ${folder}`);
      continue;
    }
    const count = listing.source.replace(/\n$/, '').split('\n').length;
    for (const [call, line] of Object.entries(lines)) {
      if (line > count) errors.push(`${folder}/lesson.yaml: listings.${file}.lines.${call}: line ${line} is past the end of ${file} (${count} lines)`);
    }
    listing.lines = lines;
  }
  return listings;
}

/** One language file: front matter, then the body with its panels and checks in place. */
function loadText(source: string, file: string, meta: LessonYaml): { text?: LessonText; errors: string[] } {
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!m) return { errors: [`${file}: must start with front matter between two "---" lines`] };
  const raw = parseYaml(m[1]!, file, 1);
  if (!raw.ok) return { errors: raw.errors };
  const front = parseWith(frontMatterSchema(meta.checks), raw.value ?? {}, file);
  if (!front.ok) return { errors: front.errors };
  const errors: string[] = [];
  const checks: LessonText['checks'] = {};
  for (const check of meta.checks) {
    const t = front.value.checks?.[check.id] as { question: string; done?: string; options?: QuizOption[]; explain?: string };
    if (check.kind === 'quiz') {
      const { options, feedback } = splitQuizOptions(t.options ?? []);
      if (check.answer >= options.length) errors.push(`${file}: checks.${check.id}.options: lesson.yaml's answer ${check.answer} is not an index into ${options.length} options (0-based)`);
      checks[check.id] = { kind: 'quiz', question: t.question, options, feedback, explain: t.explain ?? '' };
    } else {
      checks[check.id] = { kind: 'observe', question: t.question, ...(t.done ? { done: t.done } : {}) };
    }
  }

  const bodyStart = m[0].split('\n').length - (m[0].endsWith('\n') ? 1 : 0);
  const body = renderBody(source.slice(m[0].length));
  errors.push(...body.errors.map((e) => `${file}: ${e.replace(/^line (\d+)/, (_, n: string) => `line ${Number(n) + bodyStart}`)}`));
  const placed = new Set<string>();
  let checksPanel = false;
  for (const segment of body.segments) {
    if (segment.kind === 'panel' || segment.kind === 'row') {
      const directive = segment.kind === 'panel' ? 'panel' : 'panels';
      for (const id of segment.kind === 'panel' ? [segment.id] : segment.ids) {
        const panel = meta.panels[id];
        if (!panel) errors.push(`${file}: ::: ${directive} ${id}: no panel "${id}" in lesson.yaml (defined: ${Object.keys(meta.panels).join(', ') || 'none'})`);
        else if (placed.has(id)) errors.push(`${file}: ::: ${directive} ${id}: placed twice`);
        if (panel?.type === 'checks') checksPanel = true;
        placed.add(id);
      }
    } else if (segment.kind === 'check') {
      if (!meta.checks.some((c) => c.id === segment.id)) errors.push(`${file}: ::: check ${segment.id}: no check "${segment.id}" in lesson.yaml`);
      placed.add(`check:${segment.id}`);
    }
  }
  for (const id of Object.keys(meta.panels)) {
    if (!placed.has(id)) errors.push(`${file}: panels.${id}: never placed (add a line "::: panel ${id}")`);
  }
  if (!checksPanel) {
    for (const check of meta.checks) {
      if (!placed.has(`check:${check.id}`)) errors.push(`${file}: checks.${check.id}: never shown (add "::: check ${check.id}" or a checks panel)`);
    }
  }
  const { title, summary, goals } = front.value;
  return { errors, text: { title, ...(summary ? { summary } : {}), goals, checks, body: body.segments } };
}

/** Both languages must offer the same quiz options, so one answer index fits both. */
function compareLanguages(meta: LessonYaml, text: Partial<Record<LessonLanguage, LessonText>>, folder: string): string[] {
  const errors: string[] = [];
  const [first, ...others] = LESSON_LANGUAGES;
  for (const check of meta.checks) {
    const a = text[first]?.checks[check.id];
    for (const lang of others) {
      const b = text[lang]?.checks[check.id];
      if (a?.kind === 'quiz' && b?.kind === 'quiz' && a.options.length !== b.options.length) {
        errors.push(`${folder}/${lang}.md: checks.${check.id}.options: ${b.options.length} options, but ${first}.md has ${a.options.length}`);
      }
    }
  }
  return errors;
}
