// `npm run bench:page`: how the page holds up, in Debian's chromium, against the real bridge.
//   1. Weight: bytes on the wire for the first page (lesson 0, cold), a warm reload, and each later
//      lesson opened in turn (bench/page-weight.ts; `npm run bench:weight` measures only that).
//   2. Flood, in two scenarios. "lab": lesson 0 open (its console and its flow), a program outside
//      the lab sends datagrams to the lab's udp-upper, and the page is sent the lab server's events
//      (two per datagram; the issue's measurement; outside traffic since the bridge sends a page only
//      the exchanges it took part in: every page gets it within the budget all pages share, and is
//      told what was held back, session.heldBack). "page": lesson 3 open (client console, page server
//      console, flow), the program sends to the page's own server socket (port 12100), which
//      prints and answers every datagram. At a fixed rate of events for FLOOD_S seconds. Frames (requestAnimationFrame gaps), the echo of a line typed into
//      the client console while the flood runs, the JS heap before and after (after a forced GC),
//      what the page was sent and what it says it summarised or dropped. Three runs per rate, each
//      in a fresh browser context; the median (min..max) is printed, with the machine's load.
// Run it alone: `flock /tmp/heavy.lock npm run bench:page`. BENCH_DIST=dir serves an app already
// built there (e.g. an older commit's, for a before/after); BENCH_RATES=5000,20000, BENCH_RUNS=3,
// BENCH_SCENARIOS=lab,page; BENCH_PROFILE=1 prints where the page's main thread went.
// The last line printed is one JSON object with every figure.
/// <reference lib="dom" />
// (the functions handed to page.evaluate run in the browser)
import type { Browser } from 'playwright-core';
import type { RunningBridge } from '../test/support/bridge-process.js';
import { appDist, cpuTimes, domNodes, echo, ECHO_LOST, flood, heapMiB, loadavg1, log, openInstrumented, sleep, startLab, type Bench } from './page-harness.js';
import { measureWeight } from './page-weight.js';

const RATES = (process.env.BENCH_RATES ?? '5000,20000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'lab,page').split(',') as Scenario[];
type Scenario = 'lab' | 'page';
const FLOOD_S = 10;
/** Echoes typed during the flood, spread over it. */
const ECHOES = 4;
const PAGE_SERVER_PORT = 12100;

interface FloodRun {
  scenario: Scenario;
  rate: number;
  messagesPerS: number;
  /** WebSocket messages a second during the flood (fewer than events when the bridge batches). */
  wsFramesPerS: number;
  fps: number;
  over50: number;
  longestMs: number;
  echoMs: number[];
  echoesLost: number;
  heapStart: number;
  heapEnd: number;
  nodesStart: number;
  nodesEnd: number;
  droppedByBridge: number;
  /** Lab events the bridge told the page it held back (session.heldBack). */
  heldBackByBridge: number;
  pageSays: { summarised: number; dropped: number; heldBack: number; summaryRows: string[] };
  loadavg1: number;
  machineBusy: number;
}

async function floodRun(browser: Browser, bridge: RunningBridge, scenario: Scenario, rate: number): Promise<FloodRun> {
  const { context, page, cdp } = await openInstrumented(browser, bridge, scenario === 'lab' ? '00-welcome' : '03-udp');
  if (scenario === 'page') {
    const server = page.getByTestId('panel-page-server').locator('.console-panel');
    await server.getByTestId('console-output').locator('div').filter({ hasText: 'ready to receive' }).first().waitFor({ timeout: 20_000 });
  }
  // the flow is on screen with the consoles, as a student has it
  await page.getByTestId('panel-flow').scrollIntoViewIfNeeded();
  await echo(page, 'warm up');
  await sleep(1000);
  const heapStart = await heapMiB(cdp);
  const nodesStart = await domNodes(cdp);
  const cpu0 = cpuTimes();
  const wsFrames0 = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    b.start();
    return b.wsFrames;
  });
  const floodBegan = performance.now();
  const profiling = process.env.BENCH_PROFILE === '1';
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const echoMs: number[] = [];
  const began = performance.now();
  // the lab's udp-upper reports two events a datagram (received, sent back); the page's server one
  // it is sent (received) and one for its answer
  await flood(scenario === 'lab' ? bridge.servers['udp-upper']! : PAGE_SERVER_PORT, rate / 2, FLOOD_S, async () => {
    for (let i = 0; i < ECHOES; i++) {
      await sleep(((i + 1) * FLOOD_S * 1000) / (ECHOES + 1) - (performance.now() - began));
      echoMs.push(await echo(page, `echo ${i} while flooded`));
    }
  });
  if (profiling) printProfile((await cdp.send('Profiler.stop')).profile);
  const frames = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.stop());
  const floodS = (performance.now() - floodBegan) / 1000;
  const { perSecond, dropped, wsFrames } = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Bench }).__bench;
    return { perSecond: Array.from(b.perSecond, (x: number | undefined) => x ?? 0), dropped: b.dropped, wsFrames: b.wsFrames };
  });
  const cpu1 = cpuTimes();
  const load = loadavg1();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  // the bridge's last notice of what it held back comes up to a second after the flood
  await sleep(3000);
  const pageSays = await page.evaluate(() => {
    const flow = document.querySelector('[data-testid=panel-flow]')!;
    const count = (id: string) => Number(flow.querySelector(`[data-testid=${id}]`)?.getAttribute('data-count') ?? 0);
    return {
      summarised: count('flow-summarised'),
      dropped: count('flow-dropped'),
      heldBack: Array.from(flow.querySelectorAll('[data-testid=flow-held-back]')).reduce((n, p) => n + Number(p.getAttribute('data-count')), 0),
      summaryRows: Array.from(flow.querySelectorAll('[data-testid=flow-summary] .flow-label')).map((n) => n.textContent),
    };
  });
  const heldBack = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.heldBack);
  const heapEnd = await heapMiB(cdp);
  const nodesEnd = await domNodes(cdp);
  await context.close();
  return {
    scenario,
    rate,
    // over the flood's own seconds (an echo that waits longer does not dilute it)
    messagesPerS: Math.round(perSecond.slice(0, FLOOD_S).reduce((a, b) => a + b, 0) / FLOOD_S),
    wsFramesPerS: Math.round((wsFrames - wsFrames0) / floodS),
    fps: Math.round((gaps.length / (gaps.reduce((a, b) => a + b, 0) / 1000)) * 10) / 10,
    over50: gaps.filter((g) => g > 50).length,
    longestMs: Math.round(Math.max(0, ...gaps)),
    echoMs: echoMs.filter((ms) => ms !== ECHO_LOST).map(Math.round),
    echoesLost: echoMs.filter((ms) => ms === ECHO_LOST).length,
    heapStart: Math.round(heapStart * 10) / 10,
    heapEnd: Math.round(heapEnd * 10) / 10,
    nodesStart,
    nodesEnd,
    droppedByBridge: dropped,
    heldBackByBridge: heldBack,
    pageSays,
    loadavg1: load,
    machineBusy: Math.round(((cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total)) * 100),
  };
}

/** BENCH_PROFILE=1: the functions that took the most of the page's main thread during the flood. */
function printProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}): void {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(node.id) ?? 0));
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  for (const [key, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${((us / total) * 100).toFixed(1)} % ${key}`);
}

// ---- report ------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const spread = (xs: number[]) => `${median(xs)} (${Math.min(...xs)}..${Math.max(...xs)})`;

function report(runs: FloodRun[]): void {
  log(
    '| scenario | events/s wanted | events/s the page got | WebSocket messages/s | frames/s | frames > 50 ms | longest frame ms | echo ms (max of each run; lost = UDP loss) | heap MiB start → after | DOM nodes start → after | bridge dropped / held back (told the page) | the flow says | loadavg1 | machine busy % |',
  );
  log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const scenario of SCENARIOS)
    for (const rate of RATES) {
      const rs = runs.filter((r) => r.rate === rate && r.scenario === scenario);
      const says = rs
        .map(
          (r) =>
            `${r.pageSays.summarised} folded${r.pageSays.dropped ? `, ${r.pageSays.dropped} rows dropped` : ''}${r.pageSays.heldBack ? `, ${r.pageSays.heldBack} held back` : ''}`,
        )
        .join('; ');
      log(
        `| ${scenario} | ${rate} | ${spread(rs.map((r) => r.messagesPerS))} | ${spread(rs.map((r) => r.wsFramesPerS))} | ${spread(rs.map((r) => r.fps))} | ${spread(rs.map((r) => r.over50))} | ${spread(rs.map((r) => r.longestMs))} | ${spread(rs.map((r) => Math.max(0, ...r.echoMs)))}${rs.some((r) => r.echoesLost) ? `, ${rs.reduce((n, r) => n + r.echoesLost, 0)} lost` : ''} | ${rs.map((r) => `${r.heapStart}→${r.heapEnd}`).join(', ')} | ${rs.map((r) => `${r.nodesStart}→${r.nodesEnd}`).join(', ')} | ${rs.map((r) => `${r.droppedByBridge} / ${r.heldBackByBridge}`).join(', ')} | ${says} | ${rs.map((r) => r.loadavg1).join(', ')} | ${spread(rs.map((r) => r.machineBusy))} |`,
      );
    }
  for (const r of runs) if (r.pageSays.summaryRows.length) log(`summary rows, ${r.scenario} at ${r.rate}/s: ${r.pageSays.summaryRows.join(' | ')}`);
}

async function main(): Promise<void> {
  const hardStop = setTimeout(() => {
    console.error('bench:page: gave up after 15 minutes');
    process.exit(1);
  }, 15 * 60_000);
  hardStop.unref();
  const dist = await appDist();
  log(`bench:page ${new Date().toISOString()}, ${dist}, loadavg1 ${loadavg1()}`);
  const lab = await startLab(dist);
  const { bridge, browser } = lab;
  try {
    const w = await measureWeight(browser, bridge, { straight: false });
    log(`first page (lesson 0, cold): ${w.first.kib} KiB on the wire in ${w.first.responses} responses; warm reload ${w.warm.kib} KiB`);
    log(`first page's responses, KiB: ${w.first.files.map(([path, k]) => `${path} ${k}`).join(', ')}`);
    log(
      `later lessons, KiB each: ${Object.entries(w.inOrder)
        .map(([id, d]) => `${id} ${d.kib}`)
        .join(', ')}`,
    );
    const runs: FloodRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const scenario of SCENARIOS) {
        for (const rate of RATES) {
          const run = await floodRun(browser, bridge, scenario, rate);
          log(`run ${i + 1}, ${scenario}, ${rate}/s: ${JSON.stringify(run)}`);
          runs.push(run);
        }
      }
    }
    report(runs);
    log(JSON.stringify({ weight: w, runs }));
  } finally {
    await lab.stop();
  }
}

await main();
