// "Check my program" on the program in the page's editor: the lab runs the student's page server
// (or client) itself, checks the port it really uses, and shows what the program printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { ROOT } from '../support/bridge-process.js';
import { startLab, type Lab } from './support/browser.js';
import { keepEdit } from './support/program.js';

let lab: Lab;
let page: Page;
const listing = (path: string) => readFileSync(join(ROOT, 'lessons', path), 'utf8');

async function checkInPage(panelId: string): Promise<{ passed: number; total: number; panel: Locator }> {
  const panel = page.getByTestId(`check-program-${panelId}`);
  await panel.getByTestId('check-in-page').check();
  await panel.getByTestId('check-run').click();
  const summary = panel.getByTestId('check-summary');
  await panel.getByTestId('check-page-output').waitFor({ state: 'attached', timeout: 60_000 });
  return { passed: Number(await summary.getAttribute('data-passed')), total: Number(await summary.getAttribute('data-total')), panel };
}

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab({ bridgeArgs: ['--server', 'udp-upper=12000'] });
  onTeardown(() => lab.close());
  page = await lab.open('03-udp');
});

describe('checking the program in the page (lesson 3)', () => {
  it('passes UDPServer.py from the editor, on the port it binds', async () => {
    await keepEdit(page, '03-udp', 'UDPServer.py', listing('03-udp/UDPServer.py').replace('12000', '12110'));
    const { passed, total, panel } = await checkInPage('check-server');
    expect(total).toBeGreaterThan(0);
    expect(passed).toBe(total);
    expect(await panel.getByTestId('check-page-note').textContent()).toContain('12110');
    expect(await panel.getByTestId('check-page-output').textContent()).toContain('The server is ready to receive');
  });

  it('explains a broken page server (no upper()) with the same findings as a terminal one', async () => {
    await keepEdit(page, '03-udp', 'UDPServer.py', listing('03-udp/UDPServer.py').replace('12000', '12110').replace('.upper()', ''));
    const { passed, total, panel } = await checkInPage('check-server');
    expect(passed).toBeLessThan(total);
    expect(await panel.locator('li[data-ok="false"]').count()).toBeGreaterThan(0);
  });

  it('shows why a page server that cannot bind fails: its traceback', async () => {
    // the lab's udp-upper holds 12000: the listing as it is cannot bind
    await keepEdit(page, '03-udp', 'UDPServer.py', listing('03-udp/UDPServer.py'));
    const panel = page.getByTestId('check-program-check-server');
    await panel.getByTestId('check-run').click();
    await panel.getByTestId('check-page-output').waitFor({ state: 'attached', timeout: 60_000 });
    expect(await panel.getByTestId('check-page-output').textContent()).toContain('[Errno 98] Address already in use');
    expect(await panel.getByTestId('check-page-note').textContent()).toMatch(/did not bind/);
  });

  it('passes UDPClient.py from the editor, its input() fed by the check', async () => {
    await keepEdit(page, '03-udp', 'UDPClient.py', listing('03-udp/UDPClient.py').replace('12000', '12110'));
    const { passed, total, panel } = await checkInPage('check-client');
    expect(total).toBeGreaterThan(0);
    expect(passed).toBe(total);
    expect(await panel.getByTestId('check-page-output').textContent()).toContain('HELLO FROM THE CHECK');
  });
});
