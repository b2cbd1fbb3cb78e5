// Lessons 7 and 8 as students do them, in chromium against the real bridge: two pages log in to the
// game server as two players and each sees the other move; an HTTP request typed by hand in the
// raw console is answered 200 OK; the HTTP form POSTs a question and a GET shows it.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { printedLines } from '../web/console/playwright-console.js';
import { SCREENSHOTS, startLab, type Lab } from './support/browser.js';
import { words } from './support/lab-page.js';

let lab: Lab;
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab({ viewport: { width: 1366, height: 1000 } });
  onTeardown(() => lab.close());
});

const passed = (page: Page, check: string) => page.getByTestId(`check-${check}`).first().getAttribute('data-passed');

/** Where `page`'s map shows `name`, as "x,y" (or undefined while it is not on the map). */
async function positionOf(page: Page, name: string): Promise<string | undefined> {
  const item = page.getByTestId('game-map-players').locator(`li[data-name="${name}"]`);
  if ((await item.count()) === 0) return undefined;
  return `${await item.getAttribute('data-x')},${await item.getAttribute('data-y')}`;
}

async function enter(page: Page, name: string): Promise<void> {
  await page.getByTestId('game-name').fill(name);
  await page.getByTestId('game-new').click();
  await expect.poll(() => page.getByTestId('game-panel').getAttribute('data-player'), { timeout: 10_000 }).toBe(name);
  await page.getByTestId('game-map').scrollIntoViewIfNeeded();
  await expect.poll(() => positionOf(page, name), { timeout: 10_000 }).toBeDefined();
}

/** Moves the page's player one step down with the arrow key, the map having focus. */
async function stepDown(page: Page): Promise<void> {
  await page.getByTestId('game-map').locator('.game-map-box').focus();
  await page.keyboard.press('ArrowDown');
}

describe('lesson 7: a small game server', () => {
  it('refuses a move before login, then two pages log in as two players and each sees the other move', async () => {
    const ann = await lab.open('07-game-protocol');
    await ann.getByTestId('game-panel').scrollIntoViewIfNeeded();
    await ann.getByTestId('game-ver').click();
    await ann.getByTestId('game-right').click();
    const log = ann.getByTestId('game-log');
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('LOGIN_REQUIRED');
    expect(await log.textContent()).toContain('7 ["ver"]');
    await expect.poll(() => passed(ann, 'refused'), { timeout: 5000 }).toBe('true');

    await enter(ann, 'ann');
    const bob = await lab.context.newPage();
    await bob.goto(`${lab.bridge.url}#/07-game-protocol`);
    await enter(bob, 'bob');
    // each sees the other (the maps ask for ["update"] once a second while visible)
    await expect.poll(() => positionOf(ann, 'bob'), { timeout: 10_000 }).toBeDefined();
    await expect.poll(() => positionOf(bob, 'ann'), { timeout: 10_000 }).toBeDefined();

    const annBefore = (await positionOf(bob, 'ann'))!.split(',').map(Number);
    await stepDown(ann);
    await expect.poll(() => positionOf(bob, 'ann'), { timeout: 10_000 }).toBe(`${annBefore[0]},${annBefore[1]! + 1}`);
    await expect.poll(() => passed(ann, 'moved'), { timeout: 5000 }).toBe('true');

    const bobBefore = (await positionOf(ann, 'bob'))!.split(',').map(Number);
    await stepDown(bob);
    await expect.poll(() => positionOf(ann, 'bob'), { timeout: 10_000 }).toBe(`${bobBefore[0]},${bobBefore[1]! + 1}`);

    await ann.getByTestId('game-panel').scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-07-two-players');
    await bob.getByTestId('game-map').scrollIntoViewIfNeeded();
    await bob.screenshot({ path: join(SCREENSHOTS, 'lesson-07-second-player.png') });
    await bob.close();
  });
});

/** Types a line into a lesson's console, as a student would: click its screen, type, Enter. */
async function typeLine(page: Page, panel: Locator, line: string): Promise<void> {
  await panel.locator('.console-screen').click();
  if (line) await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

describe('lesson 8: HTTP is text over TCP', () => {
  it('a request typed by hand in the raw console, line by line, is answered 200 OK', async () => {
    const page = await lab.open('08-http');
    const raw = page.getByTestId('panel-raw');
    await raw.scrollIntoViewIfNeeded();
    await raw.locator('[data-console-status="idle"]').waitFor({ timeout: 15_000 });
    await typeLine(page, raw, 'GET /questions HTTP/1.1');
    await typeLine(page, raw, `Host: 127.0.0.1:${lab.bridge.servers['http-api']}`);
    await typeLine(page, raw, '');
    const out = raw.locator('[data-testid="console-output"] [data-tone="out"]');
    await expect.poll(() => out.allTextContents(), { timeout: 10_000 }).toContain('HTTP/1.1 200 OK');
    expect(await out.allTextContents()).toContain('Content-Length: 22');
    await expect.poll(() => passed(page, 'raw'), { timeout: 5000 }).toBe('true');
    await lab.screenshot('lesson-08-raw-request');
  });

  it('the form POSTs a question, keeps the cookie, and a GET on a new connection shows the question', async () => {
    const page = lab.page;
    const form = page.getByTestId('http-form');
    await form.scrollIntoViewIfNeeded();
    await page.getByTestId('http-preset-create').click();
    await page.getByTestId('http-body').fill('{"text": "소켓이 뭔가요?"}');
    expect(await page.getByTestId('http-request-raw').textContent()).toContain('Content-Length: 32');
    await page.getByTestId('http-send').click();
    await expect.poll(() => page.getByTestId('http-response').getAttribute('data-status'), { timeout: 10_000 }).toBe('201');
    await expect.poll(() => page.getByTestId('http-cookie').textContent()).toMatch(/sid=/);

    await page.getByTestId('http-preset-list').click();
    expect(await page.getByTestId('http-request-raw').textContent()).toMatch(/Cookie: sid=/);
    await page.getByTestId('http-send').click();
    await expect.poll(() => page.getByTestId('http-response').getAttribute('data-status'), { timeout: 10_000 }).toBe('200');
    expect(await page.getByTestId('http-parsed').textContent()).toContain('소켓이 뭔가요?');
    expect(await page.getByTestId('http-response-raw').textContent()).toMatch(/^HTTP\/1\.1 200 OK\\r\\n/);
    await expect.poll(() => passed(page, 'post-get'), { timeout: 5000 }).toBe('true');
    await expect.poll(() => page.getByTestId('http-history').locator('li').count()).toBe(2);
    await form.scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-08-post-then-get');
  });

  it("the raw console's own notes, fetched with it, are in words in both languages, and a switch keeps its lines", async () => {
    const page = lab.page;
    const raw = page.getByTestId('panel-raw');
    const lines = () => printedLines(raw);
    await raw.scrollIntoViewIfNeeded();
    await raw.locator('[data-console-status="idle"]').waitFor({ timeout: 15_000 });
    expect(await lines()).toContain(words('http', 'en', 'console.intro'));
    await typeLine(page, raw, '');
    await expect.poll(lines, { timeout: 5000 }).toContain(words('http', 'en', 'console.empty'));

    const switcher = page.getByTestId('language-switch');
    await switcher.click();
    await page.locator('html[lang=ko]').waitFor({ state: 'attached', timeout: 5000 });
    await raw.locator('[data-console-status="idle"]').waitFor({ timeout: 5000 });
    expect(await lines()).toContain('HTTP/1.1 200 OK');
    await typeLine(page, raw, '');
    await expect.poll(lines, { timeout: 5000 }).toContain(words('http', 'ko', 'console.empty'));

    await switcher.click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached', timeout: 5000 });
    await typeLine(page, raw, '');
    await expect.poll(async () => (await lines()).filter((l) => l === words('http', 'en', 'console.empty')).length, { timeout: 5000 }).toBe(2);
    expect(await lines()).toContain(words('http', 'ko', 'console.empty'));
  });

  it('opened in Korean, the raw console speaks Korean, and switching to English keeps its lines', async () => {
    // last in this file: the language stays in this context's start-up script
    const page = await lab.open('08-http', { language: 'ko' });
    const raw = page.getByTestId('panel-raw');
    const lines = () => printedLines(raw);
    await raw.scrollIntoViewIfNeeded();
    await raw.locator('[data-console-status="idle"]').waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await lines()).toContain(words('http', 'ko', 'console.intro'));
    await typeLine(page, raw, '');
    await expect.poll(lines, { timeout: 5000 }).toContain(words('http', 'ko', 'console.empty'));
    await page.getByTestId('language-switch').click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached', timeout: 5000 });
    expect(await lines()).toContain(words('http', 'ko', 'console.intro'));
    await typeLine(page, raw, '');
    await expect.poll(lines, { timeout: 5000 }).toContain(words('http', 'en', 'console.empty'));
  });
});
