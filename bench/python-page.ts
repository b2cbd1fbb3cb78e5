// `npm run bench:python`: Python in the page, measured in Debian's chromium against the real bridge.
//   - the first Run in a fresh tab (Python downloaded from the bridge, compiled, started) until the
//     program's first line of output, then later Runs (the interpreter kept warm);
//   - UDP round trips from a Python program in the page to the lab's udp-upper, next to the same
//     round trips made by the page's own JavaScript through its lab client (the consoles' path):
//     the difference is what the blocking channel between the worker and the page costs.
// Not a timed test: it prints figures and ratios measured in one run; docs/performance.md keeps them.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './page-harness.js';
import { launchChromium } from '../test/e2e/support/browser.js';
import { ROOT, startBridgeProcess, TEST_SERVER_FLAGS } from '../test/support/bridge-process.js';

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 500);
const RUNS = 5;
const DIST = join(ROOT, 'test-results', 'bench-dist');

const PROGRAM = `import sys, time
from socket import *
port = int(sys.argv[1])
s = socket(AF_INET, SOCK_DGRAM)
print('started')
times = []
for i in range(int(sys.argv[2])):
    t = time.perf_counter()
    s.sendto(b'ping %d' % i, ('127.0.0.1', port))
    s.recvfrom(2048)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print('rtt %.4f %.4f' % (times[len(times) // 2], times[int(len(times) * 0.99)]))
`;

/** The page's own round trips, as its consoles make them: through the page's lab client (its one
 * session, its store and flow drawing every event), udp.open, then n sends each waiting for
 * udp-upper's reply. Sent to the page as text. */
const JS_ROUND_TRIPS = `async (port, n) => {
  const lab = window.socketLab;
  const client = await lab.ready();
  const sock = lab.newSocketId('bench');
  await client.udpOpen(sock, { bufsize: 2048 });
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const got = client.next('udp.received', (e) => e.sock === sock);
    await client.udpSend(sock, '127.0.0.1', port, 'ping ' + i);
    await got;
    times.push(performance.now() - t);
  }
  await client.closeSocket(sock);
  return times.sort((a, b) => a - b);
}`;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

async function main(): Promise<void> {
  await buildApp(DIST);
  const bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--dist', DIST]);
  const udpUpper = bridge.servers['udp-upper']!;
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${bridge.url}#/03-udp`);
    await page.evaluate((source) => localStorage.setItem('socket-lab.program.03-udp/UDPClient.py', source), PROGRAM);
    const code = page.getByTestId('panel-client-code');
    await code.locator('.code-edit').click();
    const program = code.locator('.program-panel');
    await program.locator('.cm-content').waitFor();
    await program.locator('.program-args input').fill(`${udpUpper} ${ROUND_TRIPS}`);

    /** One Run: ms from the click to 'started', and the RTT line the program printed. */
    const runOnce = async () => {
      const before = Number(await program.getAttribute('data-program-runs'));
      const started = program.getByTestId('program-output').locator('div', { hasText: /^started$/ });
      const seen = await started.count();
      const clicked = performance.now();
      await program.locator('.program-run').click();
      await started.nth(seen).waitFor({ timeout: 60_000 });
      const startMs = performance.now() - clicked;
      await page.waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-program-runs')) > n, [await program.elementHandle(), before] as const, {
        timeout: 120_000,
      });
      const lines = await program.getByTestId('program-output').locator('div').allTextContents();
      const rtt = lines
        .reverse()
        .find((l) => l.startsWith('rtt '))!
        .split(' ')
        .slice(1)
        .map(Number);
      return { startMs, p50: rtt[0]!, p99: rtt[1]! };
    };

    const first = await runOnce();
    const later: Awaited<ReturnType<typeof runOnce>>[] = [];
    for (let i = 0; i < RUNS; i++) later.push(await runOnce());

    // the page's own JavaScript: the same round trips through its lab client (the WebSocket the
    // socket worker holds for the page)
    // a string, not a function: tsx's helpers (__name) do not exist in the page
    const js = await page.evaluate<number[]>(`(${JS_ROUND_TRIPS})(${udpUpper}, ${ROUND_TRIPS})`);
    const jsP50 = quantile(js, 0.5);
    const jsP99 = quantile(js, 0.99);
    const py50 = later.map((r) => r.p50).sort((a, b) => a - b)[Math.floor(later.length / 2)]!;
    const py99 = later.map((r) => r.p99).sort((a, b) => a - b)[Math.floor(later.length / 2)]!;
    const warm = later.map((r) => r.startMs).sort((a, b) => a - b)[Math.floor(later.length / 2)]!;
    console.log(`machine load (1 min): ${loadavg()[0]!.toFixed(2)}`);
    console.log(`first Run in a fresh tab, to the program's first line: ${first.startMs.toFixed(0)} ms`);
    console.log(`later Runs (median of ${RUNS}), to the first line:        ${warm.toFixed(0)} ms`);
    console.log(`UDP round trip to udp-upper, ${ROUND_TRIPS} per run:`);
    console.log(`  Python in the page (median run): p50 ${py50.toFixed(3)} ms, p99 ${py99.toFixed(3)} ms`);
    console.log(`  the page's JavaScript:           p50 ${jsP50.toFixed(3)} ms, p99 ${jsP99.toFixed(3)} ms`);
    console.log(`  channel cost at p50: ${(py50 - jsP50).toFixed(3)} ms (ratio ${(py50 / jsP50).toFixed(2)})`);
    console.log(
      JSON.stringify({
        firstRunMs: Math.round(first.startMs),
        warmRunMs: Math.round(warm),
        pythonP50: py50,
        pythonP99: py99,
        jsP50,
        jsP99,
        channelMs: py50 - jsP50,
      }),
    );
  } finally {
    await browser.close();
    await bridge.stop();
  }
}

await main();
