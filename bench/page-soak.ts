// `npm run soak:page -- --minutes 120 --rate 200`: does the page stay flat over a long session?
// bench:page's setting (Debian's chromium, the real bridge, lesson 0 open with its console and its
// flow on screen, a program outside the lab sending datagrams to the lab's udp-upper, two events a
// datagram) at a low, steady rate, for many minutes. Every minute (--every seconds): the page's JS
// heap after a forced GC (CDP HeapProfiler.collectGarbage), its DOM node count and event listeners
// (CDP Performance.getMetrics, after that GC), the nodes in the page's own document tree (what the
// page holds; Chrome's count also includes nodes the browser keeps for itself, such as the undo
// history of a text field typed into: see bench/undo-probe.ts), the flow's rows, the messages the page was sent, the
// echo of a line typed into the console, the bridge's resident memory and the machine's load, as
// one JSON line appended to --out (default test-results/soak-page.jsonl). At the end a table: start,
// min, max, end and the least-squares slope per hour of each figure.
// Light (one page, a few hundred datagrams a second): it does not take /tmp/heavy.lock, but its
// build does (BENCH_DIST=dir serves an app already built there). Bounded: the sender stops after
// minutes·rate/2 datagrams or minutes + 1 in time, and the whole run gives up after minutes + 10.
/// <reference lib="dom" />
// (the functions handed to page.evaluate run in the browser)
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../test/support/bridge-process.js';
import { appDist, domNodes, echo, flood, heapMiB, loadavg1, log, openInstrumented, sleep, startLab, type Bench } from './page-harness.js';
import { rssKb } from './stats.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '120' },
    rate: { type: 'string', default: '200' },
    every: { type: 'string', default: '60' },
    out: { type: 'string', default: join(ROOT, 'test-results', 'soak-page.jsonl') },
  },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const EVERY_S = Number(values.every);
const OUT = values.out;

interface Sample {
  at: string;
  minute: number;
  heapMiB: number;
  domNodes: number;
  /** Nodes in the page's document tree (elements, text, comments), walked in the page. */
  treeNodes: number;
  listeners: number;
  /** Arrows and summary rows the flow draws. */
  flowRows: number;
  pageMessages: number;
  echoMs: number;
  bridgeRssMiB: number;
  loadavg1: number;
}
const FIGURES = ['heapMiB', 'domNodes', 'treeNodes', 'listeners', 'flowRows', 'echoMs', 'bridgeRssMiB', 'loadavg1'] as const;

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

function summary(samples: Sample[]): void {
  log('| figure | start | min | max | end | slope per hour |');
  log('|---|---|---|---|---|---|');
  const hours = samples.map((s) => s.minute / 60);
  for (const figure of FIGURES) {
    const ys = samples.map((s) => s[figure]);
    log(`| ${figure} | ${ys[0]} | ${Math.min(...ys)} | ${Math.max(...ys)} | ${ys.at(-1)} | ${round(slope(hours, ys), 2)} |`);
  }
  const last = samples.at(-1)!;
  log(`page messages: ${last.pageMessages} in ${round(last.minute)} minutes (${round(last.pageMessages / (last.minute * 60), 0)}/s)`);
}

async function main(): Promise<void> {
  const hardStop = setTimeout(
    () => {
      console.error(`soak:page: gave up after ${MINUTES + 10} minutes`);
      process.exit(1);
    },
    (MINUTES + 10) * 60_000,
  );
  hardStop.unref();
  const dist = await appDist();
  log(`soak:page ${new Date().toISOString()}, ${MINUTES} min at ${RATE} events/s, ${dist}, loadavg1 ${loadavg1()}, samples to ${OUT}`);
  writeFileSync(OUT, '');
  const lab = await startLab(dist);
  const { bridge, browser } = lab;
  const samples: Sample[] = [];
  try {
    const { context, page, cdp } = await openInstrumented(browser, bridge, '00-welcome');
    await page.getByTestId('panel-flow').scrollIntoViewIfNeeded();
    await echo(page, 'warm up');
    const began = performance.now();
    const take = async () => {
      const heap = await heapMiB(cdp);
      const { metrics } = await cdp.send('Performance.getMetrics');
      const { rows, messages, treeNodes } = await page.evaluate(() => ({
        treeNodes: (() => {
          const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
          let n = 0;
          while (walker.nextNode()) n++;
          return n;
        })(),
        rows: document.querySelectorAll('[data-testid=panel-flow] [data-testid=flow-arrow], [data-testid=panel-flow] [data-testid=flow-summary]').length,
        messages: (window as unknown as { __bench: Bench }).__bench.messages,
      }));
      const sample: Sample = {
        at: new Date().toISOString(),
        minute: round((performance.now() - began) / 60_000, 2),
        heapMiB: round(heap, 2),
        domNodes: await domNodes(cdp),
        treeNodes,
        listeners: metrics.find((m) => m.name === 'JSEventListeners')?.value ?? 0,
        flowRows: rows,
        pageMessages: messages,
        echoMs: Math.round(await echo(page, `soak ${samples.length}`)),
        bridgeRssMiB: round(rssKb(bridge.process.pid!) / 1024),
        loadavg1: loadavg1(),
      };
      samples.push(sample);
      appendFileSync(OUT, `${JSON.stringify(sample)}\n`);
      log(JSON.stringify(sample));
    };
    await take();
    const sampling = (async () => {
      for (let i = 1; i <= Math.floor((MINUTES * 60) / EVERY_S); i++) {
        await sleep(Math.max(0, began + i * EVERY_S * 1000 - performance.now()));
        await take();
      }
    })();
    // udp-upper reports two events a datagram (received, sent back)
    const sent = await flood(bridge.servers['udp-upper']!, RATE / 2, MINUTES * 60, () => sampling);
    log(`sent ${sent} datagrams to udp-upper`);
    await context.close();
  } finally {
    await lab.stop();
  }
  summary(samples);
}

await main();
