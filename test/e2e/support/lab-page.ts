// What a student sees on the lab's page, read back for end-to-end tests: panels by their id in
// lesson.yaml, the console inside a panel, the flow's arrows, the sockets panel's rows, and the
// words the page should show (from the lessons and the locale files, so an edit to a sentence does
// not break a test).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { loadLesson } from '../../../web/lessons/load.js';
import type { Lesson } from '../../../web/lessons/types.js';
import { ROOT } from '../../support/bridge-process.js';

/** A lesson's panel, by its id in lesson.yaml ("client", "flow", "client-code"…). */
export function panel(page: Page, id: string): Locator {
  return page.getByTestId(`panel-${id}`);
}

/** The console inside a lesson's console panel. */
export function consoleIn(page: Page, panelId: string): Locator {
  return panel(page, panelId).locator('.console-panel');
}

/** The flow diagram's arrows in a flow panel, optionally of one kind ("datagram", "syn", "data"…). */
export function flowArrows(page: Page, panelId: string, arrow?: string): Locator {
  return panel(page, panelId).locator(`[data-testid=flow-arrow]${arrow ? `[data-arrow="${arrow}"]` : ''}`);
}

export interface ArrowSeen {
  arrow: string;
  from: string;
  to: string;
  srcPort: number;
  dstPort: number;
  bytes: number;
  status: string;
}

/** The attributes of every arrow the flow panel draws, top to bottom. */
export async function readArrows(page: Page, panelId: string): Promise<ArrowSeen[]> {
  return flowArrows(page, panelId).evaluateAll((nodes) =>
    nodes.map((n) => ({
      arrow: n.getAttribute('data-arrow') ?? '',
      from: n.getAttribute('data-from') ?? '',
      to: n.getAttribute('data-to') ?? '',
      srcPort: Number(n.getAttribute('data-src-port')),
      dstPort: Number(n.getAttribute('data-dst-port')),
      bytes: Number(n.getAttribute('data-bytes')),
      status: n.getAttribute('data-status') ?? '',
    })),
  );
}

/** The line a code panel lights for the latest socket call. */
export function litLine(page: Page, panelId: string): Locator {
  return panel(page, panelId).locator('[data-testid=code-line][aria-current=step]');
}

/** Moves the keyboard focus out of any console, so the page's shortcuts reach the page. */
export async function focusPage(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** A lesson's title as its en.md or ko.md gives it (read from that folder alone, so another
 * lesson being written at the same time does not matter). */
export function lessonTitle(id: string, lang: 'en' | 'ko'): string {
  return readLesson(id).text[lang].title;
}

/** A lesson as the page receives it, read from its folder alone. */
export function readLesson(id: string): Lesson {
  const dir = join(ROOT, 'lessons', id);
  const files = Object.fromEntries(
    readdirSync(dir)
      .filter((name) => /\.(ya?ml|md|py)$/.test(name))
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
  const { lesson, errors } = loadLesson(`lessons/${id}`, files);
  if (!lesson) throw new Error(errors.join('\n'));
  return lesson;
}

/** A string of the page's locale files: words('shell', 'ko', 'toc.label'). */
export function words(namespace: string, lang: 'en' | 'ko', key: string): string {
  const file = JSON.parse(readFileSync(join(ROOT, 'web', 'i18n', 'locales', lang, `${namespace}.json`), 'utf8')) as Record<string, unknown>;
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], file);
  if (typeof value !== 'string') throw new Error(`no string ${namespace}:${key} in ${lang}`);
  return value;
}

/** The fixed part of a string with {{placeholders}}: the text before the first one. */
export function fixedStart(text: string): string {
  return text.split('{{')[0]!.trim();
}
