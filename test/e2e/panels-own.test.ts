// Every panel owns what it starts, and says what went wrong in the page's language: leaving
// lesson 9 frees its relays for another tab; a busy relay port is explained in Korean, with a
// retry that works; the TCP console waits while the relay holds pieces; a running check can be
// cancelled and stops when its panel goes. Quizzes answer only on "Check my answer" (arrow keys
// just move the selection), code panels copy and download, progress can be reset, and the
// shortcuts dialog says Esc leaves a console.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { Page } from 'playwright-core';
import { eventually } from '../bridge/helpers/lab.js';
import { tcpConnectable, udpBindable, udpPeer } from '../bridge/helpers/peers.js';
import { startLab, type Lab } from './support/browser.js';
import { readLesson, words } from './support/lab-page.js';
import { consolePanel, printedLines, typeLine, waitForLine } from '../web/console/playwright-console.js';

// lesson 9's relays listen on these fixed ports (lessons/09-pinger/lesson.yaml)
const UDP_RELAY = 12101;
const TCP_RELAY = 12102;

let lab: Lab;
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  await lab.context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

/** Opens a lesson in a language: the page is loaded again, so the language takes effect. */
async function openIn(lesson: string, language: 'en' | 'ko'): Promise<Page> {
  const page = await lab.open(lesson, { language });
  await page.reload();
  return page;
}

const panel = (page: Page, id: string) => page.getByTestId(`panel-${id}`);
const relaysStarted = async (page: Page) => {
  await panel(page, 'udp-path').locator(`[data-testid="relay-path"][data-port="${UDP_RELAY}"]`).waitFor();
  await panel(page, 'tcp-path').locator(`[data-testid="relay-path"][data-port="${TCP_RELAY}"]`).waitFor();
};

describe('lesson 9 owns its relays', () => {
  it('frees both relay ports when the student leaves the lesson, so a second tab can start them', async () => {
    const page = await lab.open('09-pinger');
    await relaysStarted(page);
    expect(await udpBindable(UDP_RELAY)).toBe(false);
    await page.goto(`${lab.bridge.url}#/00-welcome`);
    await page.getByTestId('lesson').and(page.locator('[data-lesson-id="00-welcome"]')).waitFor();
    await eventually(async () => (await udpBindable(UDP_RELAY)) && !(await tcpConnectable(TCP_RELAY)), 5000, 'relay ports freed');

    const second = await lab.context.newPage();
    await second.goto(`${lab.bridge.url}#/09-pinger`);
    await relaysStarted(second);
    expect(await second.getByTestId('panel-error').count()).toBe(0);
    await second.close();
    await eventually(async () => udpBindable(UDP_RELAY), 5000, 'second tab closed its relay');
  });

  it('explains a busy relay port in Korean with what to do, never a LAB_ code, and Try again starts it once the port is free', async () => {
    const squatter = await udpPeer(UDP_RELAY);
    try {
      const page = await openIn('09-pinger', 'ko');
      const error = panel(page, 'udp-path').getByTestId('panel-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('EADDRINUSE');
      const text = (await error.textContent()) ?? '';
      expect(text).toContain(`${UDP_RELAY}번 포트를 이미 쓰고 있습니다.`);
      expect(text).toContain('다른 탭');
      expect(text).not.toMatch(/LAB_/);
      await squatter.close();
      await error.getByTestId('panel-error-retry').click();
      await panel(page, 'udp-path').locator(`[data-testid="relay-path"][data-port="${UDP_RELAY}"]`).waitFor();
      expect(await panel(page, 'udp-path').getByTestId('panel-error').count()).toBe(0);
    } finally {
      await squatter.close().catch(() => undefined);
      await openIn('00-welcome', 'en');
    }
  });
});

describe('lesson 9: the TCP hold demo', () => {
  it('keeps the console waiting while the relay holds the pieces, so they arrive on an open connection', async () => {
    const page = await lab.open('09-pinger');
    await relaysStarted(page);
    const relay = panel(page, 'tcp-path');
    await relay.getByTestId('relay-hold').click();
    await page.locator('[data-testid="relay-tcp-path"][data-held="true"]').waitFor();
    const client = consolePanel(page, 'client');
    await client.scrollIntoViewIfNeeded();
    await typeLine(client, 'held pieces', { wait: false });
    // printed once the console's 3 s reply timeout has passed while the pieces were held
    await waitForLine(client, /Pieces are held at the relay/, 10_000);
    await relay.getByTestId('relay-step').click();
    expect((await printedLines(client)).some((l) => /nothing for \d+ s|EPIPE/.test(l))).toBe(false);
    await relay.getByTestId('relay-hold').click();
    await waitForLine(client, /^held pieces$/, 20_000);
    expect((await printedLines(client)).some((l) => /EPIPE/.test(l))).toBe(false);
  });
});

describe('a check that is running', () => {
  it('stops on Cancel and closes the socket it was waiting on', async () => {
    const page = await lab.open('03-udp');
    const check = panel(page, 'check-client');
    await check.getByTestId('check-port').fill('12131');
    await check.getByTestId('check-run').click();
    await check.getByTestId('check-listening').waitFor();
    expect(await udpBindable(12131)).toBe(false);
    await check.getByTestId('check-cancel').click();
    await check.getByTestId('check-cancelled').waitFor();
    await eventually(async () => udpBindable(12131), 5000, 'the check closed its socket');
    await check.locator('[data-testid="check-run"]:not([disabled])').waitFor();
  });

  it('says in the panel, not only in the browser console, when its port is taken, and what to do', async () => {
    const squatter = await udpPeer(12133);
    try {
      const page = await lab.open('03-udp');
      const check = panel(page, 'check-client');
      await check.getByTestId('check-port').fill('12133');
      await check.getByTestId('check-run').click();
      // the checker names the held port as a finding; anything else it cannot do shows as a panel error
      const said = check.locator('[data-case="port"][data-ok="false"], [data-testid="panel-error"]').first();
      await said.waitFor();
      expect(await said.textContent()).toContain('12133');
      expect(await said.textContent()).not.toMatch(/LAB_/);
      await check.locator('[data-testid="check-run"]:not([disabled])').waitFor();
    } finally {
      await squatter.close();
    }
  });

  it('stops when the student leaves the lesson', async () => {
    const page = await lab.open('03-udp');
    const check = panel(page, 'check-client');
    await check.getByTestId('check-port').fill('12132');
    await check.getByTestId('check-run').click();
    await check.getByTestId('check-listening').waitFor();
    await page.goto(`${lab.bridge.url}#/00-welcome`);
    await eventually(async () => udpBindable(12132), 5000, 'the check closed its socket with its panel');
  });
});

/** A quiz of a lesson as its files say: the right option, a wrong one with feedback, the texts. */
function quiz(lessonId: string, checkId: string) {
  const lesson = readLesson(lessonId);
  const def = lesson.checks.find((c) => c.id === checkId);
  const text = lesson.text.en.checks[checkId];
  if (def?.kind !== 'quiz' || text?.kind !== 'quiz') throw new Error(`${lessonId}: ${checkId} is not a quiz`);
  const wrong = text.feedback.findIndex((f, i) => i !== def.answer && f !== '');
  if (wrong < 0) throw new Error(`${lessonId}: ${checkId} has no wrong option with feedback`);
  return { right: def.answer, wrong, feedback: text.feedback[wrong]!, explain: text.explain, stage: def.stage ?? 'predict' };
}

describe('quizzes', () => {
  it('move the selection with the arrow keys without answering; "Check my answer" answers; a wrong answer shows its feedback and another try before the explanation', async () => {
    const q = quiz('01-layers', 'which-field');
    const page = await lab.open('01-layers');
    const card = page.getByTestId('check-which-field').first();
    const result = card.getByTestId('check-result');
    await card.locator('input[type=radio]').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await card.locator('input[type=radio]').nth(2).isChecked()).toBe(true);
    expect(await result.getAttribute('data-result')).toBeNull();
    expect(await card.getAttribute('data-passed')).toBe('false');

    await card.locator('.quiz-option').nth(q.wrong).click();
    await card.getByTestId('quiz-submit').click();
    expect(await result.getAttribute('data-result')).toBe('wrong');
    expect(await card.getByTestId('quiz-feedback').textContent()).toBe(q.feedback);
    expect(await result.getAttribute('data-explained')).toBe('false');
    expect(await result.textContent()).not.toContain(q.explain);
    await card.getByTestId('quiz-reveal').click();
    expect(await result.textContent()).toContain(q.explain);

    await card.locator('.quiz-option').nth(q.right).click();
    await card.getByTestId('quiz-submit').click();
    expect(await result.getAttribute('data-result')).toBe('right');
    expect(await result.getAttribute('data-explained')).toBe('true');
    expect(await card.getAttribute('data-passed')).toBe('true');
  });

  it('are labelled "Check" when asked after their experiment and "Predict" before it, in both languages', async () => {
    expect(quiz('01-layers', 'hop').stage).toBe('check');
    expect(quiz('01-layers', 'which-field').stage).toBe('predict');
    for (const lang of ['en', 'ko'] as const) {
      const page = await openIn('01-layers', lang);
      const kind = (id: string) => page.getByTestId(`check-${id}`).first().locator('.check-kind').textContent();
      expect(await kind('hop')).toBe(words('lessons', lang, 'check.quizAfter'));
      expect(await kind('which-field')).toBe(words('lessons', lang, 'check.quiz'));
    }
    await openIn('01-layers', 'en');
  });

  it("a lesson's progress can be reset after a confirmation, and everything from the table of contents", async () => {
    const { right } = quiz('01-layers', 'which-field');
    const page = await lab.open('01-layers');
    const card = page.getByTestId('check-which-field').first();
    await card.locator('.quiz-option').nth(right).click();
    await card.getByTestId('quiz-submit').click();
    await page.locator('[data-testid="check-which-field"][data-passed="true"]').first().waitFor();
    const reset = page.getByTestId('reset-lesson');
    await reset.getByTestId('reset-ask').click();
    await reset.getByTestId('reset-no').click();
    expect(await card.getAttribute('data-passed')).toBe('true');
    await reset.getByTestId('reset-ask').click();
    await reset.getByTestId('reset-yes').click();
    await page.locator('[data-testid="check-which-field"][data-passed="false"]').first().waitFor();
    expect(await card.getByTestId('check-result').getAttribute('data-result')).toBeNull();

    await card.locator('.quiz-option').nth(right).click();
    await card.getByTestId('quiz-submit').click();
    const all = page.getByTestId('reset-all');
    await all.getByTestId('reset-ask').click();
    await all.getByTestId('reset-yes').click();
    await page.locator('[data-testid="check-which-field"][data-passed="false"]').first().waitFor();
    expect(await page.evaluate(() => localStorage.getItem('socket-lab.progress'))).toBe(JSON.stringify({ visited: [], checks: {} }));
  });
});

describe('code panels and the shortcuts dialog', () => {
  it('copy a listing to the clipboard and download it under its file name', async () => {
    const page = await lab.open('03-udp');
    const code = panel(page, 'client-code');
    await code.getByTestId('code-copy').click();
    await code.locator('[data-testid="code-said"][data-said="copied"]').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('clientSocket.sendto(');
    const [download] = await Promise.all([page.waitForEvent('download'), code.getByTestId('code-download').click()]);
    expect(download.suggestedFilename()).toBe('UDPClient.py');
  });

  it('the shortcuts dialog says Esc leaves a console, in both languages', async () => {
    for (const lang of ['en', 'ko'] as const) {
      const page = await openIn('00-welcome', lang);
      await page.getByTestId('lesson').waitFor();
      await page.locator('body').press('?');
      const dialog = page.getByTestId('shortcuts-dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain(words('shell', lang, 'shortcuts.consoleNote'));
      expect(words('shell', lang, 'shortcuts.consoleNote')).toContain('Esc');
      await page.keyboard.press('Escape');
    }
  });
});

it('threw nothing the student could only see in the browser console', () => {
  expect(lab.pageErrors()).toEqual([]);
});
