// Debian's Firefox (firefox-esr), driven by puppeteer-core over WebDriver BiDi, against the real
// bridge serving the built app. playwright-core drives only Playwright's own patched Firefox, which
// cannot be downloaded here; stock Firefox speaks BiDi natively. Enough of a driver for the program
// panel of "Edit and run" and the lab's consoles, read back from the same attributes and live
// regions the chromium helpers read (support/program.ts, test/web/console/playwright-console.ts).
// Functions given to evaluate() hold no named inner functions: tsx would wrap those in a __name
// helper the page does not have.
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../../support/bridge-process.js';
import { E2E_DIST } from './browser.js';

export const FIREFOX = '/usr/bin/firefox-esr';

/** Every wait of a test is bounded, and well under the test's own timeout. */
const WAIT_MS = 15_000;

export interface FirefoxLab {
  bridge: RunningBridge;
  browser: Browser;
  page: Page;
  /** Opens a lesson (e.g. "03-udp") with this launch's token. */
  open(lesson: string): Promise<Page>;
  /** Uncaught errors the page threw so far. */
  pageErrors(): readonly string[];
  close(): Promise<void>;
}

/** Serves the page's document without COOP and COEP, as a page reached over the classroom's plain
 * HTTP address gets it (not a secure context, so never cross-origin isolated): no SharedArrayBuffer.
 * WebDriver BiDi cannot edit a response's headers, so the document is fetched here and given whole. */
async function withoutIsolation(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname !== '/' && !pathname.endsWith('.html')) return void request.continue();
    void fetch(request.url())
      .then(async (response) => {
        const headers: Record<string, string> = {};
        const dropped = new Set(['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'content-encoding', 'content-length']);
        response.headers.forEach((value, name) => {
          if (!dropped.has(name)) headers[name] = value;
        });
        await request.respond({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
      })
      .catch(() => request.abort());
  });
}

export async function startFirefoxLab(options: { bridgeArgs?: string[]; isolated?: boolean } = {}): Promise<FirefoxLab> {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is missing: apt-get install firefox-esr (.ci/run installs it)`);
  const bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', E2E_DIST, ...(options.bridgeArgs ?? [])]);
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      defaultViewport: { width: 1366, height: 900 },
      extraPrefsFirefox: { 'intl.accept_languages': 'en-US', 'ui.prefersReducedMotion': 1 },
    });
  } catch (e) {
    await bridge.stop();
    throw e;
  }
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT_MS);
  if (options.isolated === false) await withoutIsolation(page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e instanceof Error ? (e.stack ?? e.message) : String(e)));
  return {
    bridge,
    browser,
    page,
    async open(lesson) {
      await page.goto(`${bridge.url}#/${lesson}`);
      await page.waitForSelector(`[data-testid="panel-client-code"]`);
      return page;
    },
    pageErrors: () => errors,
    async close() {
      await browser.close().catch(() => undefined);
      await bridge.stop();
      if (errors.length) console.warn(`page errors:\n${errors.join('\n')}`);
    },
  };
}

/** A CSS selector of a lesson's panel, by its id in lesson.yaml. */
const panelSelector = (id: string) => `[data-testid="panel-${id}"]`;

/** The "Edit and run" panel under a code panel, driven as a student would. */
export class FirefoxProgram {
  readonly selector: string;

  constructor(
    readonly page: Page,
    readonly codePanelId: string,
  ) {
    this.selector = `${panelSelector(codePanelId)} .program-panel`;
  }

  /** Clicks "Edit and run" and waits for the editor. */
  async open(): Promise<this> {
    await this.page.click(`${panelSelector(this.codePanelId)} .code-edit`);
    await this.page.waitForSelector(`${this.selector} .cm-content`);
    return this;
  }

  /** Closes the editor if it is open. */
  async close(): Promise<void> {
    const button = `${panelSelector(this.codePanelId)} .code-edit`;
    if ((await this.page.$eval(button, (el) => el.getAttribute('aria-expanded'))) === 'true') await this.page.click(button);
    await this.page.waitForSelector(this.selector, { hidden: true });
  }

  /** Puts `source` in the editor (as the student's kept edit of `lesson/file`) and opens it. */
  async openWith(lesson: string, file: string, source: string): Promise<this> {
    await this.close();
    await this.page.evaluate((key, text) => localStorage.setItem(key, text), `socket-lab.program.${lesson}/${file}`, source);
    return this.open();
  }

  private attribute(name: string): Promise<string> {
    return this.page.$eval(this.selector, (el, n) => el.getAttribute(n) ?? '', name);
  }

  /** Clicks Run; returns how many runs had ended before, for endedAfter(). */
  async run(): Promise<number> {
    const before = Number(await this.attribute('data-program-runs'));
    await this.page.click(`${this.selector} .program-run`);
    return before;
  }

  /** Clicks Stop and waits for the run to end; returns the panel's status. */
  async stop(): Promise<string> {
    const before = Number(await this.attribute('data-program-runs'));
    await this.page.click(`${this.selector} .program-stop`);
    return this.endedAfter(before);
  }

  /** Waits until the run that began after `before` runs has ended; returns the panel's status. */
  async endedAfter(before: number, timeoutMs = WAIT_MS): Promise<string> {
    await this.page.waitForFunction(
      (sel, n) => Number(document.querySelector(sel)?.getAttribute('data-program-runs')) > n,
      { timeout: timeoutMs },
      this.selector,
      before,
    );
    return this.attribute('data-program-status');
  }

  /** Everything the program's console shows, as one text. */
  output(): Promise<string> {
    return this.page.$$eval(`${this.selector} [data-testid="program-output"] div`, (lines) => lines.map((l) => l.textContent).join('\n'));
  }

  /** Waits until the console shows `text`; returns what it shows. */
  async waitOutput(text: string | RegExp, timeoutMs = WAIT_MS): Promise<string> {
    const pattern = typeof text === 'string' ? text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : text.source;
    try {
      await this.page.waitForFunction(
        (sel, source, flags) =>
          new RegExp(source, flags).test(
            Array.from(document.querySelectorAll(`${sel} [data-testid="program-output"] div`))
              .map((l) => l.textContent)
              .join('\n'),
          ),
        { timeout: timeoutMs, polling: 'mutation' },
        this.selector,
        pattern,
        typeof text === 'string' ? '' : text.flags,
      );
    } catch (e) {
      throw new Error(`program output never showed ${String(text)}; it shows:\n${await this.output()}`, { cause: e });
    }
    return this.output();
  }

  /** Types a line into the program's console (input() reads it). */
  async typeLine(line: string): Promise<void> {
    await typeInto(this.page, `${this.selector} .program-screen .xterm-helper-textarea`, line);
  }

  /** The program in the editor (its lines run together, as the editor's text content). */
  source(): Promise<string> {
    return this.page.$eval(`${this.selector} .cm-content`, (el) => el.textContent);
  }

  /** Waits until the lit line contains `text`. */
  async waitLit(text: string): Promise<void> {
    await this.page.waitForFunction(
      (sel, want) => (document.querySelector(`${sel} .cm-lit-line`)?.textContent ?? '').includes(want),
      { polling: 'mutation' },
      this.selector,
      text,
    );
  }
}

/** Focuses a console's input and types a line, key by key, then Enter. */
async function typeInto(page: Page, textarea: string, line: string): Promise<void> {
  await page.focus(textarea);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** Types a line into one of the lesson's console panels once it shows its prompt. */
export async function consoleTypeLine(page: Page, panelId: string, line: string): Promise<void> {
  const consoleSel = `${panelSelector(panelId)} .console-panel`;
  await page.waitForSelector(`${consoleSel}[data-console-status="idle"]`);
  await typeInto(page, `${consoleSel} .xterm-helper-textarea`, line);
}

/** Waits until a console panel printed a line equal to `line`. */
export async function consoleWaitLine(page: Page, panelId: string, line: string): Promise<void> {
  await page.waitForFunction(
    (sel, want) => Array.from(document.querySelectorAll(`${sel} [data-testid="console-output"] div`)).some((l) => l.textContent === want),
    { polling: 'mutation' },
    `${panelSelector(panelId)} .console-panel`,
    line,
  );
}
