// What bench/page.ts and bench/page-soak.ts share: the built app, the bridge and chromium, a page
// with its instrumentation, the heap and DOM readings, a typed line's echo and a bounded UDP sender.
/// <reference lib="dom" />
// (the functions handed to page.evaluate run in the browser)
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS } from '../test/e2e/support/browser.js';
import { ROOT, startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../test/support/bridge-process.js';

/** An echo not seen within this long is counted as this long (the table then shows 20000). */
export const ECHO_GIVE_UP_MS = 20_000;
/** An echo whose datagram (or its answer) was lost on the way: the console said "No reply". UDP
 * loss at a flooded server's full socket buffer, not the page being slow; counted apart. */
export const ECHO_LOST = -1;

export const log = (line: string) => console.log(line);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- machine load ------------------------------------------------------------------------------

export function cpuTimes(): { busy: number; total: number } {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = fields.map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}
export const loadavg1 = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

// ---- the page ----------------------------------------------------------------------------------

/** Installed before the page's own scripts: records every animation frame's time, and keeps the
 * counts countThroughClient() feeds. */
export function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const frames = new Float64Array(200_000);
  let n = 0;
  let recording = false;
  let began = 0;
  const bench = {
    messages: 0,
    wsFrames: 0,
    dropped: 0,
    /** Lab events the bridge told the page it held back (session.heldBack). */
    heldBack: 0,
    /** Events counted in each second since start(). */
    perSecond: [] as number[],
    start() {
      n = 0;
      recording = true;
      began = performance.now();
      bench.perSecond = [];
    },
    stop() {
      recording = false;
      return Array.from(frames.subarray(0, n));
    },
    /** One event the page's lab client handed on. */
    event(event: { type: string; count?: number; outside?: number; behind?: number }) {
      bench.messages++;
      if (recording) {
        const second = Math.floor((performance.now() - began) / 1000);
        bench.perSecond[second] = (bench.perSecond[second] ?? 0) + 1;
      }
      if (event.type === 'udp.dropped') bench.dropped += event.count ?? 0;
      if (event.type === 'session.heldBack') bench.heldBack += (event.outside ?? 0) + (event.behind ?? 0);
    },
  };
  w.__bench = bench;
  const tick = (t: number) => {
    if (recording && n < frames.length) frames[n++] = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Counts what the page receives through its own lab client (window.socketLab, web/main.tsx):
 * every event it hands on, one a frame or a batch's each, and every frame of the client's socket.
 * The page's WebSocket lives in the socket worker (web/lab/socket-thread.ts), so a hook on the
 * page's window.WebSocket would see none of it. A string, not a function: tsx's helpers do not
 * exist in the page. A new connection after a drop is not counted (the benchmarks do not drop). */
const COUNT_THROUGH_CLIENT = `window.socketLab.ready().then((client) => {
  const bench = window.__bench;
  client.socket.addEventListener('message', () => { bench.wsFrames++; });
  client.onEvent((event) => bench.event(event));
})`;

export async function countThroughClient(page: Page): Promise<void> {
  await page.waitForFunction('window.socketLab !== undefined', undefined, { timeout: 20_000 });
  await page.evaluate(COUNT_THROUGH_CLIENT);
}

export interface Bench {
  /** Events the page's lab client handed on. */
  messages: number;
  /** WebSocket messages they came in (frames of the client's socket). */
  wsFrames: number;
  dropped: number;
  heldBack: number;
  perSecond: number[];
  start(): void;
  stop(): number[];
}

export async function heapMiB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

export async function domNodes(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'Nodes')?.value ?? 0;
}

/** Types `line` into the client console and returns the ms until its capitals are printed. */
export async function echo(page: Page, line: string): Promise<number> {
  const client = page.getByTestId('panel-client').locator('.console-panel');
  await client.and(page.locator('[data-console-status="idle"]')).waitFor({ timeout: 20_000 });
  await client.locator('.xterm-helper-textarea').focus();
  await page.keyboard.insertText(line);
  const expected = line.toUpperCase();
  const seen = page.evaluate(
    ([text, give]) =>
      new Promise<number>((resolve) => {
        const out = document.querySelector('[data-testid=panel-client] [data-testid=console-output]')!;
        const lines = () => Array.from(out.querySelectorAll('div'), (d) => d.textContent);
        const observer = new MutationObserver(() => {
          const seen = lines();
          if (seen.includes(text)) {
            observer.disconnect();
            resolve(Date.now());
          } else if (seen.some((l) => l.trim().startsWith('No reply in'))) {
            observer.disconnect();
            resolve(Number.NEGATIVE_INFINITY);
          }
        });
        observer.observe(out, { childList: true, subtree: true, characterData: true });
        setTimeout(() => resolve(Number.POSITIVE_INFINITY), give);
      }),
    [expected, ECHO_GIVE_UP_MS] as const,
  );
  const typed = Date.now();
  await page.keyboard.press('Enter');
  const at = await seen;
  return at === Number.NEGATIVE_INFINITY ? ECHO_LOST : Math.min(ECHO_GIVE_UP_MS, at - typed);
}

/** Sends `rate` datagrams a second to the page's server socket for `seconds`; bounded in count and
 * in time. Returns how many it sent. */
export async function flood(port: number, rate: number, seconds: number, during: () => Promise<void>): Promise<number> {
  const socket = createSocket('udp4');
  const payload = Buffer.from('a lowercase sentence from a loop');
  const total = rate * seconds;
  let sent = 0;
  const began = performance.now();
  let stopped!: () => void;
  const done = new Promise<void>((resolve) => (stopped = resolve));
  // every 2 ms at the benchmark's rates, less often at a soak's
  const every = Math.max(2, Math.min(20, 1000 / rate));
  const pump = () => {
    const due = Math.min(total, Math.floor(((performance.now() - began) / 1000) * rate));
    while (sent < due) {
      socket.send(payload, port, '127.0.0.1');
      sent++;
    }
    if (sent >= total || performance.now() - began > (seconds + 2) * 1000) stopped();
    else setTimeout(pump, every);
  };
  pump();
  await during();
  await done;
  await new Promise<void>((r) => socket.close(() => r()));
  return sent;
}

/** Builds the web app for production (React's production bundle, as `npm start` serves) into
 * `outDir`. */
export async function buildApp(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: join(ROOT, 'web'),
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** The app built into test-results/bench-dist, or BENCH_DIST (an app already built there, e.g. an
 * older commit's). */
export async function appDist(): Promise<string> {
  const given = process.env.BENCH_DIST;
  if (given) return given;
  const dist = join(ROOT, 'test-results', 'bench-dist');
  await buildApp(dist);
  return dist;
}

/** The real bridge serving `dist` (every lab server on a free port) and Debian's chromium. */
export async function startLab(dist: string): Promise<{ bridge: RunningBridge; browser: Browser; stop(): Promise<void> }> {
  const bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', dist]);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  return {
    bridge,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await bridge.stop();
    },
  };
}

/** A fresh context with the page instrumented (instrument(), countThroughClient()), `lesson` open. */
export async function openInstrumented(
  browser: Browser,
  bridge: RunningBridge,
  lesson: string,
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
  // tsx names the functions it hands to page.evaluate with a helper the page does not have
  await context.addInitScript('globalThis.__name = (f) => f;');
  await context.addInitScript(instrument);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${bridge.url}#/${lesson}`);
  await countThroughClient(page);
  return { context, page, cdp };
}
