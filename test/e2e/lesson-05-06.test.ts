// Lessons 5 and 6 as a student does them, in chromium against the real bridge: the second client
// of the iterative echo server waits until the first closes; the framed echo server's trickled
// reply arrives in pieces that the frame decoder puts back together.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { typeLine as typeAndWait } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn } from './support/lab-page.js';

let lab: Lab;
let page: Page;
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab({ viewport: { width: 1366, height: 1000 } });
  onTeardown(() => lab.close());
});

/** Types a line into a lesson's console, as a student would: click its screen, type, Enter. */
async function typeLine(panel: Locator, line: string): Promise<void> {
  await panel.locator('.console-screen').click();
  if (line) await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
const outLines = (panel: Locator) => panel.locator('[data-testid="console-output"] [data-tone="out"]');

describe('lesson 5: echo, and many clients at once', () => {
  it('the second client of the iterative server is connected at once but served only after the first closes', async () => {
    page = await lab.open('05-echo-many-clients');
    const [a, b] = [page.getByTestId('panel-it-a'), page.getByTestId('panel-it-b')];
    await a
      .locator('[data-console-status="idle"]')
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await a.scrollIntoViewIfNeeded();

    await typeLine(a, 'hello from a');
    await expect.poll(() => outLines(a).allTextContents(), { timeout: 10_000 }).toContain('hello from a');

    await typeLine(b, 'hello from b');
    const timeline = page.getByTestId('panel-it-timeline');
    const rows = timeline.getByTestId('timeline-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    await expect.poll(() => rows.nth(1).getAttribute('data-state')).toBe('queued');
    // B's connect() returned and its line went out, yet no echo comes while A stays connected
    await page.waitForTimeout(1500);
    expect(await outLines(b).allTextContents()).not.toContain('hello from b');
    await timeline.scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-05-second-client-waits');

    await typeLine(a, ''); // an empty line: EchoClient.py leaves its loop and closes
    await expect.poll(() => outLines(b).allTextContents(), { timeout: 10_000 }).toContain('hello from b');
    await expect.poll(() => rows.nth(1).getAttribute('data-state')).toBe('served');
    expect(Number(await rows.nth(1).getAttribute('data-waited-ms'))).toBeGreaterThan(1000);
    await expect.poll(() => page.getByTestId('check-second-waits').first().getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
    await lab.screenshot('lesson-05-second-client-served');
  });

  it('three clients of the concurrent server are served at once', async () => {
    const consoles = ['co-a', 'co-b', 'co-c'].map((id) => page.getByTestId(`panel-${id}`));
    for (const [i, c] of consoles.entries()) {
      await c.scrollIntoViewIfNeeded();
      await typeLine(c, `line ${i}`);
      await expect.poll(() => outLines(c).allTextContents(), { timeout: 10_000 }).toContain(`line ${i}`);
    }
    await expect.poll(() => page.getByTestId('check-three-at-once').first().getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
    await page.getByTestId('panel-co-timeline').scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-05-three-at-once');
  });
});

describe('lesson 6: framing', () => {
  it('a trickled reply comes in several recv() calls and the decoder puts the message back together', async () => {
    page = await lab.open('06-framing');
    const panel = page.getByTestId('frame-decoder');
    await panel.scrollIntoViewIfNeeded();
    await panel.getByTestId('frame-input').fill('hello');
    await panel.getByTestId('send-trickle').click();
    const mine = panel.getByTestId('frame-side-page');
    // while pieces arrive the decoder reads the payload; at the end it has the whole message
    await expect.poll(() => mine.getByTestId('frame-state').getAttribute('data-phase'), { timeout: 5000 }).toBe('payload');
    await lab.screenshot('lesson-06-trickle-in-progress');
    const whole = mine.locator('[data-kind="frame"][data-reads="3"]');
    await whole.waitFor({ timeout: 5000 });
    expect(await whole.textContent()).toContain("'HELLO'");
    expect(await mine.getByTestId('frame-step').count()).toBe(3);
    await expect.poll(() => page.getByTestId('check-reassembled').first().getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
    await lab.screenshot('lesson-06-trickle-reassembled');
  });

  it('two frames sent in one go arrive in one recv() on the server', async () => {
    const panel = page.getByTestId('frame-decoder');
    const server = panel.getByTestId('frame-side-lab');
    // the page writes both frames with one send(), so the server's one recv() holds both
    await panel.getByTestId('send-two').click();
    await server
      .locator('.frame-step')
      .filter({ has: page.locator('[data-kind="frame"] + [data-kind="frame"]') })
      .first()
      .waitFor({ timeout: 5000 });
    await expect.poll(() => page.getByTestId('check-coalesced').first().getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
  });

  it("bad bytes are refused by the server's decoder, which drops its buffer and counts", async () => {
    const panel = page.getByTestId('frame-decoder');
    await panel.getByTestId('frame-input').fill('2 \\xff\\xfe');
    await panel.getByTestId('send-raw').click();
    const server = panel.getByTestId('frame-side-lab');
    await server.locator('[data-kind="error"][data-code="FRAME_BAD_UTF8"]').waitFor({ timeout: 5000 });
    expect(await server.getByTestId('frame-state').getAttribute('data-buffered')).toBe('0');
    await expect.poll(() => page.getByTestId('check-rejected').first().getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
    await lab.screenshot('lesson-06-bad-frame');
  });

  it("keeps following its own Live section's connection after the command console used the server", async () => {
    const panel = page.getByTestId('frame-decoder');
    await panel.getByTestId('frame-input').fill('mine');
    await panel.getByTestId('send-frame').click();
    const own = /framed-client-\d+/.exec((await panel.getByTestId('frame-connection').textContent()) ?? '')?.[0];
    expect(own).toBeDefined();
    const cmd = consoleIn(page, 'cmd');
    for (const line of ['socket tcp', 'connect framed-echo', 'send "5 other"', 'recv', 'close']) await typeAndWait(cmd, line);
    // the console's connection came and went; the decoder still shows (and can close) its own
    expect(await panel.getByTestId('frame-connection').textContent()).toContain(own!);
    await panel.getByTestId('frame-input').fill('again');
    await panel.getByTestId('send-frame').click();
    await panel.getByTestId('frame-side-page').locator('[data-kind="frame"]').filter({ hasText: /again/i }).first().waitFor({ timeout: 5000 });
    expect(await panel.getByTestId('frame-connection').textContent()).toContain(own!);
  });
});
