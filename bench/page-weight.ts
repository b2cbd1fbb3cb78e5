// How much the page downloads, as the bridge serves it: every response's bytes on the wire (the
// compressed body and the response headers), the page's and its workers'. Used by `npm run
// bench:weight` and `npm run bench:page`.
/// <reference lib="dom" />
// (the functions handed to page.evaluate run in the browser)
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import type { RunningBridge } from '../test/support/bridge-process.js';
import { sleep } from './page-harness.js';

/** The later lessons, in the order of the course. */
export const LATER_LESSONS = [
  '01-layers',
  '02-sockets-ports',
  '03-udp',
  '04-tcp',
  '05-echo-many-clients',
  '06-framing',
  '07-game-protocol',
  '08-http',
  '09-pinger',
];

export const kib = (bytes: number) => Math.round(bytes / 102.4) / 10;

/** What a stretch of loading downloaded. */
export interface Download {
  kib: number;
  responses: number;
  /** Of `kib`, the response headers (status line and header lines). */
  headersKib: number;
  /** Every response, largest first: path and KiB on the wire. */
  files: [string, number][];
}

export interface Weight {
  /** Lesson 0 in a fresh profile, until its console takes input and the network is idle. */
  first: Download;
  /** The same page reloaded (the browser's cache warm). */
  warm: Download;
  /** Each later lesson opened in turn in the same page, after lesson 0: what it adds. */
  inOrder: Record<string, Download>;
  /** Each later lesson opened straight after a cold lesson 0, each in a fresh profile. */
  straight: Record<string, Download>;
}

/** Counts the responses of a context (its pages and their workers) from now until `take()`: the
 * response's headers (from the status line to the blank line) and its body as it came (compressed),
 * which is what Chrome's `encodedDataLength` counts (Playwright's `sizes()` splits it; a response
 * from the cache counts 0). The DevTools protocol's page session does not see a dedicated worker's
 * own script, and Playwright reports that one's body as 0 bytes: its `Content-Length` (the
 * compressed size the bridge sent) is counted instead. */
function meter(context: BrowserContext): { take: () => Promise<Download> } {
  let pending: Promise<[string, number, number]>[] = [];
  const sized = async (request: Request): Promise<[string, number, number]> => {
    const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
    const path = new URL(request.url()).pathname;
    const headers = sizes.responseHeadersSize;
    const body = sizes.responseBodySize;
    if (headers + body <= 0) return [path, 0, 0]; // from the cache
    if (body === 0 && response?.status() === 200) return [path, headers, Number((await response.headerValue('content-length')) ?? 0)];
    return [path, headers, body];
  };
  context.on('requestfinished', (request) => pending.push(sized(request)));
  return {
    take: async () => {
      const taken = await Promise.all(pending);
      pending = [];
      const headerBytes = taken.reduce((n, [, h]) => n + h, 0);
      const bytes = taken.reduce((n, [, h, b]) => n + h + b, 0);
      const files = taken.map(([path, h, b]): [string, number] => [path, kib(h + b)]).sort((a, b) => b[1] - a[1]);
      return { kib: kib(bytes), responses: taken.length, headersKib: kib(headerBytes), files };
    },
  };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 20_000 });
  await sleep(300);
}

/** Lesson 0 opened cold in a fresh context, until its console takes input and the network is idle. */
async function coldLesson0(browser: Browser, bridge: RunningBridge) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  const metered = meter(context);
  const page = await context.newPage();
  await page.goto(bridge.url);
  await page.locator('[data-console-status="idle"]').first().waitFor({ timeout: 20_000 });
  await settle(page);
  return { context, page, first: await metered.take(), take: metered.take };
}

async function openLesson(page: Page, lesson: string): Promise<void> {
  await page.evaluate((id) => (location.hash = `#/${id}`), lesson);
  await page.locator(`[data-lesson-id="${lesson}"]`).waitFor({ timeout: 20_000 });
  await settle(page);
}

export async function measureWeight(browser: Browser, bridge: RunningBridge, { straight = true } = {}): Promise<Weight> {
  const { context, page, first, take } = await coldLesson0(browser, bridge);
  await page.reload();
  await page.locator('[data-console-status="idle"]').first().waitFor({ timeout: 20_000 });
  await settle(page);
  const warm = await take();
  const inOrder: Record<string, Download> = {};
  for (const lesson of LATER_LESSONS) {
    await openLesson(page, lesson);
    inOrder[lesson] = await take();
  }
  await context.close();
  const straightAfter0: Record<string, Download> = {};
  if (straight)
    for (const lesson of LATER_LESSONS) {
      const cold = await coldLesson0(browser, bridge);
      await openLesson(cold.page, lesson);
      straightAfter0[lesson] = await cold.take();
      await cold.context.close();
    }
  return { first, warm, inOrder, straight: straightAfter0 };
}
