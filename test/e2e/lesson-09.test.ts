// Lesson 9 in a real browser against the real bridge: a seeded lossy path gives exactly the
// timeouts its seed predicts, and an instructor's hold, step and drop work on the projector.
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { Locator, Page } from 'playwright-core';
import { decodeText } from '../../protocol/client.js';
import { parseFrame } from '../../protocol/codec.js';
import { Impairer } from '../../bridge/relay/impair.js';
import { DEFAULT_RELAY_SETTINGS } from '../../bridge/relay/settings.js';
import { SCREENSHOTS, startLab, type Lab } from './support/browser.js';
import { consolePanel, printedLines, typeLine, waitForLine } from '../web/console/playwright-console.js';

let lab: Lab;
let page: Page;
/** What really reached udp-upper ("Ping 1"...), read from the page's own WebSocket: the lab
 * servers' events go only to the page that took part in the exchange (docs/protocol.md). */
const reachedServer: string[] = [];
const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  lab.page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      // one event, or a batch of them (protocol/batch.ts)
      const parsed = typeof payload === 'string' ? parseFrame(payload) : undefined;
      for (const e of parsed?.ok ? parsed.value : [])
        if (e.type === 'udp.received' && e.sock === 'lab:udp-upper') reachedServer.push(decodeText(e.data).split(' ').slice(0, 2).join(' '));
    }),
  );
  page = await lab.open('09-pinger');
  await path(page).getByTestId('relay-path').waitFor();
});

const path = (p: Page) => p.getByTestId('panel-udp-path');
const pinger = (p: Page) => p.getByTestId('panel-through');

/** Which of `count` pings time out on a path with this loss and seed, as the bridge's relay
 * decides: each ping is judged on the way to the server (seed), and if it gets there, its reply on
 * the way back (seed + 1, the other direction's own generator). */
function expectedResults(loss: number, seed: number, count: number): ('reply' | 'timeout')[] {
  const settings = { ...DEFAULT_RELAY_SETTINGS, loss, seed };
  const toServer = new Impairer(settings);
  const toClient = new Impairer({ ...settings, seed: (seed + 1) >>> 0 });
  return Array.from({ length: count }, () => (toServer.next().lost || toClient.next().lost ? 'timeout' : 'reply'));
}

async function applySettings(relay: Locator, settings: Record<string, number>): Promise<void> {
  for (const [key, value] of Object.entries(settings)) await relay.locator(`[data-setting="${key}"]`).fill(String(value));
  await relay.getByTestId('relay-apply').click();
}

async function runPinger(panel: Locator): Promise<string[]> {
  await panel.getByTestId('pinger-start').click();
  await panel.getByTestId('pinger-summary').waitFor({ timeout: 20_000 });
  return panel.locator('[data-testid="pinger-output"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-result') ?? ''));
}

describe('lesson 9: the pinger through a seeded lossy path', () => {
  it('times out exactly the pings the seed loses, and again after Apply with the same seed', async () => {
    const [loss, seed] = [0.3, 2024];
    const expected = expectedResults(loss, seed, 10);
    // the seed was chosen so the run shows both outcomes
    expect(expected).toContain('timeout');
    expect(expected).toContain('reply');

    await applySettings(path(page), { loss: loss * 100, seed });
    await page.locator(`[data-testid="relay-udp-path"][data-seed="${seed}"][data-loss="${loss}"]`).waitFor();
    expect(await runPinger(pinger(page))).toEqual(expected);

    // the tally since Apply agrees: every timeout is a ping or a reply the path lost
    const tally = path(page).getByTestId('relay-tally');
    const lost = Number(await tally.getAttribute('data-lost-to-server')) + Number(await tally.getAttribute('data-lost-to-client'));
    expect(lost).toBe(expected.filter((r) => r === 'timeout').length);

    await path(page).getByTestId('relay-apply').click();
    expect(await runPinger(pinger(page))).toEqual(expected);

    await expect.poll(() => page.getByTestId('check-saw-timeout').getAttribute('data-passed'), { timeout: 5000 }).toBe('true');
    await pinger(page).scrollIntoViewIfNeeded();
    await pinger(page).screenshot({ path: `${SCREENSHOTS}/lesson-09-seeded-pinger.png` });
    await path(page).screenshot({ path: `${SCREENSHOTS}/lesson-09-relay-panel.png` });
    await page.getByTestId('panel-flow').screenshot({ path: `${SCREENSHOTS}/lesson-09-flow.png` });
    await lab.screenshot('lesson-09');
  });
});

describe('lesson 9: hold, step and drop on the projector', () => {
  beforeAll(() => {
    reachedServer.length = 0; // the pings of the seeded runs above
  });

  it('keeps pings waiting at the relay, lets a stepped one through, and a dropped one never arrives', async () => {
    await page.getByTestId('projector-switch').click();
    await page.locator('html[data-projector="on"]').waitFor();
    const relay = path(page);
    await applySettings(relay, { loss: 0 });
    await page.locator('[data-testid="relay-udp-path"][data-loss="0"]').waitFor();
    await relay.getByTestId('relay-hold').click();
    await page.locator('[data-testid="relay-udp-path"][data-held="true"]').waitFor();

    // three pings wait at the relay; the pinger gives up on each after its second
    await pinger(page).getByTestId('pinger-start').click();
    await relay.locator('[data-testid="relay-waiting"][data-count="3"]').waitFor({ timeout: 10_000 });
    await pinger(page).getByTestId('pinger-stop').click();
    await pinger(page).getByTestId('pinger-summary').waitFor({ timeout: 5000 });
    const queue = relay.locator('.relay-queue li');
    const waiting = await queue.evaluateAll((items) =>
      items.map((li) => ({ packet: Number(li.getAttribute('data-packet')), dir: li.getAttribute('data-dir') })),
    );
    expect(waiting.map((w) => w.dir)).toEqual(['toServer', 'toServer', 'toServer']);
    expect(reachedServer).toEqual([]);

    // Step: ping 1 goes on, and its reply now waits at the relay
    await relay.getByTestId('relay-step').click();
    await expect.poll(() => reachedServer, { timeout: 5000 }).toEqual(['Ping 1']);
    await relay.locator('.relay-queue li[data-dir="toClient"]').waitFor({ timeout: 5000 });

    // Drop ping 2: it leaves the queue
    await relay.getByTestId(`relay-drop-${waiting[1]!.packet}`).click();
    await relay.locator(`.relay-queue li[data-packet="${waiting[1]!.packet}"]`).waitFor({ state: 'detached' });
    await relay.scrollIntoViewIfNeeded();
    await lab.screenshot('lesson-09-projector-hold');
    await relay.screenshot({ path: `${SCREENSHOTS}/lesson-09-projector-relay.png` });

    // Let them all go: ping 3 reaches the server, ping 2 never does
    await relay.getByTestId('relay-hold').click();
    await relay.locator('[data-testid="relay-waiting"][data-count="0"]').waitFor();
    await expect.poll(() => reachedServer, { timeout: 5000 }).toEqual(['Ping 1', 'Ping 3']);
    await page.waitForTimeout(500);
    expect(reachedServer).toEqual(['Ping 1', 'Ping 3']);
    await page.getByTestId('panel-flow').screenshot({ path: `${SCREENSHOTS}/lesson-09-projector-flow.png` });
  });
});

describe('lesson 9: TCP over the same lossy path', () => {
  it('brings the sentence back whole and in order, though the path lost pieces of it', async () => {
    const sentence = 'the quick brown fox jumps over the lazy dog';
    const relay = page.getByTestId('panel-tcp-path');
    await relay.getByTestId('relay-path').waitFor();
    const client = consolePanel(page, 'client');
    await client.scrollIntoViewIfNeeded();
    await typeLine(client, sentence, { wait: false });
    // the console reads until the echo server has been silent for a while
    await waitForLine(client, /nothing for \d+ s/, 20_000);
    const lines = await printedLines(client);
    expect(lines).toContain(sentence);
    // 43 bytes in 4-byte pieces each way; with seed 9 the path loses some and TCP sends them again
    const tally = relay.getByTestId('relay-tally');
    const lost = Number(await tally.getAttribute('data-lost-to-server')) + Number(await tally.getAttribute('data-lost-to-client'));
    expect(lost).toBeGreaterThan(0);
    await relay.screenshot({ path: `${SCREENSHOTS}/lesson-09-tcp-relay.png` });
    await page.getByTestId('panel-tcp-flow').screenshot({ path: `${SCREENSHOTS}/lesson-09-tcp-flow.png` });
  });
});
