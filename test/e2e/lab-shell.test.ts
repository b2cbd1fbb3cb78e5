// The lab's shell in a real browser against the real bridge: the first visit, the language
// switch, projector mode and its shortcuts, and what the page says when the token is wrong or the
// bridge is gone. The bridge is stopped in the last test, so it runs last.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, focusPage, lessonTitle, words } from './support/lab-page.js';

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  page = lab.page;
});

const banner = () => page.getByTestId('connection-banner');
const lessonId = () => page.getByTestId('lesson').getAttribute('data-lesson-id');
const title = () => page.locator('h1#lesson-title').textContent();

/** Waits until the banner reports a connection status. */
async function bannerStatus(status: string, timeoutMs = 10_000): Promise<void> {
  await page.locator(`[data-testid=connection-banner][data-status="${status}"]`).waitFor({ state: 'attached', timeout: timeoutMs });
}

/** The computed font size, in px, of the first element matching `selector`. */
async function fontSize(selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

/** Opens a lesson with the display as a first visit has it: English, projector off. */
async function openFresh(hash = '#/00-welcome'): Promise<void> {
  await page.evaluate(() => {
    localStorage.removeItem('socket-lab.language');
    localStorage.removeItem('socket-lab.projector');
  });
  await page.goto(`${lab.bridge.origin}/${hash}`);
  await page.reload();
  await page.getByTestId('lesson').waitFor({ timeout: 10_000 });
}

describe('the lab shell in the browser', () => {
  it('brings a newcomer who opens the printed address to lesson 0, hides the token and shows no error', async () => {
    await page.goto(lab.bridge.url);
    await page.getByTestId('lesson').waitFor({ timeout: 10_000 });
    expect(await lessonId()).toBe('00-welcome');
    expect(await title()).toBe(lessonTitle('00-welcome', 'en'));
    await page.waitForFunction(() => !location.href.includes('token'), undefined, { timeout: 5000 });
    expect(page.url()).not.toContain(lab.bridge.token);
    await bannerStatus('open');
    expect(await banner().getAttribute('data-severity')).not.toBe('error');
    expect(await banner().isHidden()).toBe(true);
    await waitIdle(consoleIn(page, 'client'));
    await lab.screenshot('lesson-00-welcome');
  });

  it('switches the lesson and the page to Korean and back', async () => {
    await openFresh();
    // the lesson's text in each language is fetched when it is first shown in it; its panels stay
    const client = consoleIn(page, 'client');
    await typeLine(client, 'before the switch');
    await waitForLine(client, /^BEFORE THE SWITCH$/);
    const switcher = page.getByTestId('language-switch');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await switcher.click();
    await page.locator('html[lang=ko]').waitFor({ state: 'attached', timeout: 5000 });
    await expect.poll(title, { timeout: 5000 }).toBe(lessonTitle('00-welcome', 'ko'));
    expect(await page.getByTestId('lesson').getAttribute('lang')).toBe('ko');
    expect(await page.getByTestId('toc').getAttribute('aria-label')).toBe(words('shell', 'ko', 'toc.label'));
    expect((await switcher.textContent())?.trim()).toBe(words('shell', 'ko', 'toolbar.languageName'));
    expect(await page.getByTestId('next-lesson').textContent()).toContain(words('shell', 'ko', 'nav.next'));
    await waitForLine(client, /^BEFORE THE SWITCH$/, 1000);
    await lab.screenshot('lesson-00-welcome-ko');

    await switcher.click();
    await page.locator('html[lang=en]').waitFor({ state: 'attached', timeout: 5000 });
    await expect.poll(title, { timeout: 5000 }).toBe(lessonTitle('00-welcome', 'en'));
    expect(await page.getByTestId('toc').getAttribute('aria-label')).toBe(words('shell', 'en', 'toc.label'));
    expect((await switcher.textContent())?.trim()).toBe(words('shell', 'en', 'toolbar.languageName'));
  });

  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ]) {
    it(`puts the lesson on a projector at ${size.width}x${size.height}: chrome hidden, larger type, ] and [ between lessons`, async () => {
      await page.setViewportSize(size);
      await openFresh();
      await waitIdle(consoleIn(page, 'client'));
      const before = {
        root: await fontSize('html'),
        title: await fontSize('h1#lesson-title'),
        prose: await fontSize('.prose p'),
        console: await fontSize('.xterm-rows'),
      };

      await page.getByTestId('projector-switch').click();
      await page.locator('html[data-projector=on]').waitFor({ state: 'attached', timeout: 5000 });
      expect(await page.locator('.topbar').isHidden()).toBe(true);
      expect(await page.getByTestId('toc').isHidden()).toBe(true);
      expect(await page.getByTestId('projector-exit').isVisible()).toBe(true);
      const after = { root: await fontSize('html'), title: await fontSize('h1#lesson-title'), prose: await fontSize('.prose p') };
      expect(after.root).toBeGreaterThan(before.root);
      expect(after.title).toBeGreaterThan(before.title);
      expect(after.prose).toBeGreaterThan(before.prose);
      // readable from the back of a room: body text at least 18 px
      expect(after.prose).toBeGreaterThanOrEqual(18);
      // the terminal follows (xterm measures its own font, so it may take a frame)
      await expect.poll(() => fontSize('.xterm-rows'), { timeout: 5000 }).toBeGreaterThan(before.console);
      await lab.screenshot(`projector-${size.width}x${size.height}`);

      // ] goes where the lesson's Next link points
      const next = (await page.getByTestId('next-lesson').getAttribute('href'))!.replace(/^#\//, '');
      await focusPage(page);
      await page.keyboard.press(']');
      await expect.poll(lessonId, { timeout: 5000 }).toBe(next);
      expect(await page.locator('html').getAttribute('data-projector')).toBe('on');
      await focusPage(page);
      await page.keyboard.press('[');
      await expect.poll(lessonId, { timeout: 5000 }).toBe('00-welcome');

      await page.getByTestId('projector-exit').click();
      await page.locator('html[data-projector=off]').waitFor({ state: 'attached', timeout: 5000 });
      expect(await page.locator('.topbar').isVisible()).toBe(true);
      expect(await page.getByTestId('projector-exit').count()).toBe(0);
      expect(await fontSize('html')).toBe(before.root);
    });
  }

  it('says the token is from another launch, and how to fix it, when the address carries a wrong one', async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${lab.bridge.origin}/?token=${'x'.repeat(43)}#/00-welcome`);
    await bannerStatus('unauthorized');
    expect(await banner().getAttribute('data-severity')).toBe('error');
    expect((await banner().textContent())?.trim()).toBe(words('shell', 'en', 'connection.unauthorized'));
    await lab.screenshot('wrong-token');

    // a page opened without any token (a fresh browser) says to open the printed address
    const fresh = await lab.browser.newContext();
    try {
      const bare = await fresh.newPage();
      await bare.goto(`${lab.bridge.origin}/`);
      const bareBanner = bare.locator('[data-testid=connection-banner][data-status=unauthorized]');
      await bareBanner.waitFor({ timeout: 10_000 });
      expect((await bareBanner.textContent())?.trim()).toBe(words('shell', 'en', 'connection.noToken'));
    } finally {
      await fresh.close();
    }

    // the printed address puts things right
    await page.goto(lab.bridge.url);
    await bannerStatus('open');
  });

  it('says the lab is not running when the bridge stops, and sees a new launch of it by itself', async () => {
    await page.goto(`${lab.bridge.url}#/00-welcome`);
    await bannerStatus('open');
    await waitIdle(consoleIn(page, 'client'));

    await lab.bridge.stop();
    await bannerStatus('down');
    expect(await banner().getAttribute('data-severity')).toBe('error');
    expect(await banner().textContent()).toContain(words('shell', 'en', 'connection.down'));
    await lab.screenshot('bridge-down');

    // `npm start` again on the same port: a new launch has a new token, and the page, retrying by
    // itself, finds the bridge back but refused; the banner says to open the newly printed address
    const again = await lab.relaunch();
    await bannerStatus('unauthorized', 15_000);
    expect((await banner().textContent())?.trim()).toBe(words('shell', 'en', 'connection.unauthorized'));

    await page.goto(again.url);
    await bannerStatus('open');
    const client = consoleIn(page, 'client');
    await typeLine(client, 'back again');
    await waitForLine(client, /^BACK AGAIN$/);
  });

  it('threw no uncaught error in the page', () => {
    expect(lab.pageErrors()).toEqual([]);
  });
});
