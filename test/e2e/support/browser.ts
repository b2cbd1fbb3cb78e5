// Debian's chromium, driven by playwright-core, against the real bridge serving the built app.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT, startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../../support/bridge-process.js';

export const E2E_DIST = join(ROOT, 'test-results', 'e2e-dist');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface Lab {
  bridge: RunningBridge;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Opens a lesson (e.g. "03-udp") in the given language with this launch's token. */
  open(lesson?: string, options?: { language?: 'en' | 'ko' }): Promise<Page>;
  screenshot(name: string): Promise<string>;
  /** Starts a new launch of the bridge on the same port after the test stopped this one (a new
   * token, as a second `npm start` would print); `bridge` then names the new one. */
  relaunch(): Promise<RunningBridge>;
  /** Uncaught errors the page threw so far. */
  pageErrors(): readonly string[];
  close(): Promise<void>;
}

export async function startLab(options: { viewport?: { width: number; height: number }; locale?: string; bridgeArgs?: string[] } = {}): Promise<Lab> {
  const bridgeArgs = [...TEST_SERVER_FLAGS, '--dist', E2E_DIST, ...(options.bridgeArgs ?? [])];
  const bridge = await startBridgeProcess(bridgeArgs);
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: options.locale ?? 'en-US',
    reducedMotion: 'reduce',
  });
  // every wait of a test is bounded, and well under the test's own timeout
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const lab: Lab = {
    bridge,
    browser,
    context,
    page,
    async open(lesson, opts = {}) {
      if (opts.language) await context.addInitScript((lang) => localStorage.setItem('socket-lab.language', lang), opts.language);
      await page.goto(`${lab.bridge.url}${lesson ? `#/${lesson}` : ''}`);
      return page;
    },
    async screenshot(name) {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async relaunch() {
      await lab.bridge.stop();
      // a later --port wins over the --port 0 startBridgeProcess puts first
      lab.bridge = await startBridgeProcess([...bridgeArgs, '--port', String(lab.bridge.port)]);
      return lab.bridge;
    },
    pageErrors: () => errors,
    async close() {
      await browser.close().catch(() => undefined);
      await lab.bridge.stop();
      if (errors.length) console.warn(`page errors:\n${errors.join('\n')}`);
    },
  };
  return lab;
}
