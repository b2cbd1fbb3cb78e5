// For end-to-end tests: drive a console panel in a real browser and read what it printed. The
// panel exposes its state as attributes (data-console-role, data-console-status = idle | busy,
// data-console-socket) and repeats every printed line in its live region
// ([data-testid=console-output] > div[data-tone]), so a test asserts on text, not on pixels.
import type { Locator, Page } from 'playwright-core';

/** The n-th console panel of a role on the page ("client", "server", "command"). */
export function consolePanel(page: Page, role: 'client' | 'server' | 'command', n = 0): Locator {
  return page.locator(`.console-panel[data-console-role="${role}"]`).nth(n);
}

/** Waits until the console shows its prompt and waits for a line. */
export async function waitIdle(panel: Locator, timeoutMs = 10_000): Promise<void> {
  await panel.and(panel.page().locator('[data-console-status="idle"]')).waitFor({ timeout: timeoutMs });
}

/** Types a line into the console (as a student would, key by key) and presses Enter; waits for
 * the prompt to come back when `wait` is true. */
export async function typeLine(panel: Locator, line: string, { wait = true, timeoutMs = 10_000 } = {}): Promise<void> {
  await waitIdle(panel, timeoutMs);
  await panel.locator('.xterm-helper-textarea').focus();
  await panel.page().keyboard.type(line);
  await panel.page().keyboard.press('Enter');
  if (!wait) return;
  // the run starts (busy) and ends (idle); a quick run may already be over
  await panel.page().waitForTimeout(50);
  await waitIdle(panel, timeoutMs);
}

/** Every line the console printed (the live region keeps the last 60), in order. */
export async function printedLines(panel: Locator): Promise<string[]> {
  return panel.getByTestId('console-output').locator('div').allTextContents();
}

/** Waits until a printed line matches. */
export async function waitForLine(panel: Locator, text: string | RegExp, timeoutMs = 10_000): Promise<void> {
  await panel.getByTestId('console-output').locator('div').filter({ hasText: text }).first().waitFor({ timeout: timeoutMs });
}
