// `npx tsx bench/undo-probe.ts`: what typing into a text field costs in Chrome's DOM node count,
// with no app code involved. soak:page types one line a minute into the console (xterm reads the
// keyboard through a hidden <textarea>), and Chrome's node count (CDP Performance.getMetrics
// "Nodes") grows by two for each line typed even when the page's own tree does not: the browser
// keeps each typed text in the field's undo history, up to its limit. This types 1,400 lines into
// a plain <textarea> added to lesson 0's page, emptying it after each as xterm does, and prints
// the count after a forced GC every 200 lines. Bounded: 1,400 lines.
import { appDist, domNodes, heapMiB, log, openInstrumented, startLab } from './page-harness.js';

const LINES = 1400;
const EVERY = 200;

const lab = await startLab(await appDist());
try {
  const { page, cdp } = await openInstrumented(lab.browser, lab.bridge, '00-welcome');
  await page.evaluate(`document.body.append(Object.assign(document.createElement('textarea'), { id: 'probe' }))`);
  await page.focus('#probe');
  const counts: string[] = [];
  for (let line = 0; line <= LINES; line++) {
    if (line % EVERY === 0) {
      await heapMiB(cdp); // forces a GC first
      counts.push(`${line}: ${await domNodes(cdp)}`);
    }
    await page.keyboard.insertText(`probe ${line}`);
    await page.evaluate(`document.getElementById('probe').value = ''`);
  }
  log(`lines typed: Chrome's DOM node count\n${counts.join('\n')}`);
} finally {
  await lab.stop();
}
