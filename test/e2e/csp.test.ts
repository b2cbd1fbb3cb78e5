// The page works under the bridge's Content-Security-Policy: no violation while a lesson with
// consoles, the flow and a relay panel runs, and the inline theme script (allowed by its hash) ran.
// Violations are caught twice: the browser's console message, and the document's own
// `securitypolicyviolation` events (what a report would carry: the directive and what it blocked),
// recorded from before the page's first script.
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
  await lab.context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
    const seen = (window.__cspViolations ??= []);
    seen.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber);
  });`);
});

describe('the Content-Security-Policy', () => {
  it('lets the lessons run without a single violation', async () => {
    for (const lesson of ['03-udp', '09-pinger']) {
      const page = await lab.open(lesson);
      await page.locator('.xterm').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);
      expect(await page.evaluate('window.__cspViolations ?? []')).toEqual([]);
    }
    expect(violations).toEqual([]);
    expect(lab.pageErrors()).toEqual([]);
  });

  it('would have seen one: an inline script added by hand is refused and recorded', async () => {
    const page = lab.page;
    const seen = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(window.__cspViolations), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.__ranInline = true';
      document.head.append(script);
    })`);
    expect(seen).toEqual([expect.stringMatching(/^script-src(-elem)? blocked inline/)]);
    expect(await page.evaluate('window.__ranInline === true')).toBe(false);
  });
});
