// The page works under the bridge's Content-Security-Policy: no violation while a lesson with
// consoles, the flow and a relay panel runs, and the inline theme script (allowed by its hash) ran.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startLab, type Lab } from './support/browser.js';

let lab: Lab;
const violations: string[] = [];
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  lab.page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text());
  });
});

describe('the Content-Security-Policy', () => {
  it('lets the lessons run without a single violation', async () => {
    for (const lesson of ['03-udp', '09-pinger']) {
      const page = await lab.open(lesson);
      await page.locator('.xterm').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);
    }
    expect(violations).toEqual([]);
    expect(lab.pageErrors()).toEqual([]);
  });
});
