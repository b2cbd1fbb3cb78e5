// The page works under the bridge's Content-Security-Policy: no violation while a lesson with
// consoles, the flow and a relay panel runs, and the inline theme script (allowed by its hash) ran.
// Violations are caught twice: the browser's console message, and the document's own
// `securitypolicyviolation` events (what a report would carry: the directive and what it blocked),
// recorded from before the page's first script.
// A worker's script brings its own policy and isolation (a worker reads neither from the page);
// the scripts the page imports come without them.
import type { Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startLab, type Lab } from './support/browser.js';

let lab: Lab;
const violations: string[] = [];
const responses: Response[] = [];
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  lab.context.on('response', (r) => responses.push(r));
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

  it("holds in the socket worker too, which is cross-origin isolated: its script carries the page's headers, the imported scripts none", async () => {
    const worker = lab.page.workers().find((w) => /\/assets\/workers\/socket-worker-/.test(w.url()));
    expect(worker, 'the socket worker').toBeDefined();
    expect(await worker!.evaluate(() => self.crossOriginIsolated)).toBe(true);
    // the worker's own CSP (no 'unsafe-eval') refuses a string as code (run by a timer: DevTools'
    // own evaluation is exempt from the page's policy)
    const refused = await worker!.evaluate(
      () =>
        new Promise<string>((resolve) => {
          self.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
          (setTimeout as (code: string, ms: number) => void)('self.postMessage("eval ran")', 0);
          setTimeout(() => resolve('no violation within 5 s'), 5000);
        }),
    );
    expect(refused).toBe('script-src');
    const headers = async (pattern: RegExp) => {
      const r = responses.find((x) => pattern.test(new URL(x.url()).pathname) && x.status() === 200);
      expect(r, String(pattern)).toBeDefined();
      return r!.allHeaders();
    };
    const own = await headers(/^\/assets\/workers\/socket-worker-.*\.js$/);
    expect(own['content-security-policy']).toMatch(/script-src 'self'/);
    expect(own['cross-origin-embedder-policy']).toBe('require-corp');
    const imported = await headers(/^\/assets\/[^/]+\.js$/);
    expect(imported['content-security-policy']).toBeUndefined();
    expect(imported['x-content-type-options']).toBe('nosniff');
    expect(imported['cross-origin-resource-policy']).toBe('same-origin');
  });
});
