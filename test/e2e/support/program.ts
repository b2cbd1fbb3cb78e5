// For end-to-end tests of "Edit and run": open a listing's program panel, put a program in it (as
// the student's kept edits), run it, type into its console and read what it printed. The panel
// exposes its state as attributes (data-program-status, data-program-running) and repeats the
// console's lines in [data-testid=program-output], so tests assert on text, not on pixels.
import type { Locator, Page } from 'playwright-core';
import { panel } from './lab-page.js';

/** Clicks "Edit and run" under a code panel and returns the program panel. */
export async function openProgram(page: Page, codePanelId: string): Promise<Locator> {
  const code = panel(page, codePanelId);
  await code.locator('.code-edit').click();
  const program = code.locator('.program-panel');
  await program.locator('.cm-content').waitFor();
  return program;
}

/** Stores a program as the student's edit of a listing, before its panel opens. */
export async function keepEdit(page: Page, lesson: string, file: string, source: string): Promise<void> {
  await page.evaluate(([key, text]) => localStorage.setItem(key!, text!), [`socket-lab.program.${lesson}/${file}`, source]);
}

export async function forgetEdits(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('socket-lab.program.')) localStorage.removeItem(key);
  });
}

/** Clicks Run; returns how many runs had ended before, for ended(). */
export async function run(program: Locator): Promise<number> {
  const before = Number(await program.getAttribute('data-program-runs'));
  await program.locator('.program-run').click();
  return before;
}

/** Everything the program's console shows, as one text. */
export async function output(program: Locator): Promise<string> {
  return (await program.getByTestId('program-output').locator('div').allTextContents()).join('\n');
}

export async function waitOutput(program: Locator, text: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await output(program);
    if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`program output never showed ${String(text)}; it shows:\n${shown}`);
    await program.page().waitForTimeout(50);
  }
}

/** Types a line into the program's console (input() reads it). */
export async function typeInto(program: Locator, line: string): Promise<void> {
  await program.locator('.program-screen .xterm-helper-textarea').focus();
  await program.page().keyboard.type(line);
  await program.page().keyboard.press('Enter');
}

/** Waits until the program has ended; returns the panel's status (exited, stopped, failed). */
export async function ended(program: Locator, timeoutMs = 15_000): Promise<string> {
  await program.and(program.page().locator('[data-program-running="false"]')).waitFor({ timeout: timeoutMs });
  return (await program.getAttribute('data-program-status')) ?? '';
}

/** Waits until the run that began after `before` runs has ended; returns the panel's status. */
export async function endedAfter(program: Locator, before: number, timeoutMs = 15_000): Promise<string> {
  await program
    .page()
    .waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-program-runs')) > n, [await program.elementHandle(), before] as const, {
      timeout: timeoutMs,
    });
  return (await program.getAttribute('data-program-status')) ?? '';
}

/** Closes a code panel's editor if it is open. */
export async function closeProgram(page: Page, codePanelId: string): Promise<void> {
  const button = panel(page, codePanelId).locator('.code-edit');
  if ((await button.getAttribute('aria-expanded')) === 'true') await button.click();
  await panel(page, codePanelId).locator('.program-panel').waitFor({ state: 'detached' });
}

/** Puts `source` in a listing's editor (as the student's kept edit) and opens it. */
export async function withProgram(page: Page, lesson: string, codePanelId: string, file: string, source: string): Promise<Locator> {
  await closeProgram(page, codePanelId);
  await keepEdit(page, lesson, file, source);
  return openProgram(page, codePanelId);
}

/** Runs the program in a panel to its end; returns its output. */
export async function runToEnd(program: Locator, timeoutMs = 20_000): Promise<{ status: string; text: string }> {
  const before = await run(program);
  const status = await endedAfter(program, before, timeoutMs);
  return { status, text: await output(program) };
}
