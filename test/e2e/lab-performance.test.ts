// How heavy and how quick the first page is, on localhost, in a fresh browser: the gzipped size of
// the JavaScript lesson 0 loads, and the time from navigation until its console takes input.
// Printed against the targets; asserted only against bounds a real regression would cross.
import { gzipSync } from 'node:zlib';
import type { Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { startLab, type Lab } from './support/browser.js';

const TARGET_JS_GZIP_KB = 400;
const TARGET_READY_MS = 1500;
/** A real regression crosses these; noise on a loaded two-core machine does not. */
const LIMIT_JS_GZIP_KB = 800;
const LIMIT_READY_MS = 10_000;

let lab: Lab;
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
});

const isScript = (r: Response) =>
  r.request().resourceType() === 'script' || /javascript/.test(r.headers()['content-type'] ?? '') || new URL(r.url()).pathname.endsWith('.js');

describe('the first page', () => {
  it('loads lesson 0 with little JavaScript and has its console ready quickly', async () => {
    const { page } = lab;
    // the moment (ms since navigation start) a console first shows its prompt
    await page.addInitScript(() => {
      const w = window as unknown as { __consoleReadyAt?: number };
      const check = (observer: MutationObserver) => {
        if (w.__consoleReadyAt === undefined && document.querySelector('[data-console-status="idle"]')) {
          w.__consoleReadyAt = performance.now();
          observer.disconnect();
        }
      };
      const observer = new MutationObserver(() => check(observer));
      observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-console-status'] });
    });
    const scripts: Response[] = [];
    page.on('response', (r) => {
      if (isScript(r)) scripts.push(r);
    });

    await page.goto(lab.bridge.url);
    await page.waitForFunction(() => (window as unknown as { __consoleReadyAt?: number }).__consoleReadyAt !== undefined, undefined, {
      timeout: LIMIT_READY_MS,
    });
    const readyMs = await page.evaluate(() => (window as unknown as { __consoleReadyAt: number }).__consoleReadyAt);
    // the lesson's lazily loaded panels are part of the first page too
    await page.waitForLoadState('networkidle', { timeout: 10_000 });
    expect(await page.getByTestId('lesson').getAttribute('data-lesson-id')).toBe('00-welcome');

    const files = await Promise.all(
      scripts.map(async (r) => {
        const body = await r.body();
        return { path: new URL(r.url()).pathname, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
      }),
    );
    expect(files.length).toBeGreaterThan(0);
    const gzipKb = files.reduce((sum, f) => sum + f.gzip, 0) / 1024;
    const rawKb = files.reduce((sum, f) => sum + f.raw, 0) / 1024;
    const lines = files
      .sort((a, b) => b.gzip - a.gzip)
      .map((f) => `    ${f.path.padEnd(48)} ${(f.raw / 1024).toFixed(1).padStart(7)} KB  ${(f.gzip / 1024).toFixed(1).padStart(6)} KB gzip`);
    console.log(
      [
        `first page (lesson 0), ${files.length} JavaScript files:`,
        ...lines,
        `  JavaScript: ${gzipKb.toFixed(1)} KB gzipped (${rawKb.toFixed(1)} KB raw); target <= ${TARGET_JS_GZIP_KB} KB ${gzipKb <= TARGET_JS_GZIP_KB ? 'met' : 'MISSED'}`,
        `  console ready ${Math.round(readyMs)} ms after navigation start; target <= ${TARGET_READY_MS} ms ${readyMs <= TARGET_READY_MS ? 'met' : 'MISSED'}`,
      ].join('\n'),
    );
    expect(gzipKb).toBeLessThan(LIMIT_JS_GZIP_KB);
    expect(readyMs).toBeLessThan(LIMIT_READY_MS);
  });
});
