// `npm run bench:weight`: what the page downloads, in Debian's chromium against the real bridge (as
// `npm start` serves it: compressed files, the bridge's headers). Bytes on the wire of every
// response, headers included (bench/page-weight.ts):
//   - the first page: lesson 0 in a fresh profile until its console takes input and the network is
//     idle; then a reload (the cache warm);
//   - each later lesson opened in turn in the same page (what it adds, the course's order);
//   - each later lesson opened straight after a cold lesson 0 (a student jumping ahead).
// Goals (issue 14): the first page at most 250 KB, each later lesson at most 20 KB. Not a timed
// test; docs/performance.md keeps the figures. Run it alone: `flock /tmp/heavy.lock npm run
// bench:weight` (it builds the app; BENCH_DIST=dir serves one built already). The last line printed
// is one JSON object with every figure.
import { appDist, loadavg1, log, startLab } from './page-harness.js';
import { LATER_LESSONS, measureWeight, type Download } from './page-weight.js';

const FIRST_PAGE_GOAL_KB = 250;
const LESSON_GOAL_KB = 20;

const line = (d: Download) => `${d.kib} KiB in ${d.responses} responses (headers ${d.headersKib} KiB)`;
const mark = (kib: number, goalKB: number) => (kib * 1024 <= goalKB * 1000 ? 'met' : 'MISSED');

async function main(): Promise<void> {
  const hardStop = setTimeout(() => {
    console.error('bench:weight: gave up after 5 minutes');
    process.exit(1);
  }, 5 * 60_000);
  hardStop.unref();
  const dist = await appDist();
  log(`bench:weight ${new Date().toISOString()}, ${dist}, loadavg1 ${loadavg1()}`);
  const lab = await startLab(dist);
  try {
    const w = await measureWeight(lab.browser, lab.bridge);
    log(`first page (lesson 0, cold): ${line(w.first)}; goal ${FIRST_PAGE_GOAL_KB} KB: ${mark(w.first.kib, FIRST_PAGE_GOAL_KB)}`);
    log(`  ${w.first.files.map(([path, k]) => `${path} ${k}`).join(', ')}`);
    log(`warm reload: ${line(w.warm)}`);
    log(`| lesson | in order, KiB (responses) | straight after lesson 0, KiB (responses) | goal ${LESSON_GOAL_KB} KB (in order) |`);
    log('|---|---|---|---|');
    for (const id of LATER_LESSONS) {
      const a = w.inOrder[id]!;
      const b = w.straight[id];
      log(`| ${id} | ${a.kib} (${a.responses}) | ${b ? `${b.kib} (${b.responses})` : '-'} | ${mark(a.kib, LESSON_GOAL_KB)} |`);
    }
    log(`loadavg1 ${loadavg1()}`);
    log(JSON.stringify(w));
  } finally {
    await lab.stop();
  }
}

await main();
