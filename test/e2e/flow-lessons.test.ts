// The packet flow as a class meets it: each lesson's flow starts with what happened since the
// lesson opened (earlier lessons behind a toggle), Clear clears only its own panel, column headers
// name the socket drawn now, every arrow is drawn at reading speed, and a flood is summarised with
// the right count while stepping through it stays exact, and what the bridge held back is said.
import { createSocket } from 'node:dgram';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { floodUntil } from '../support/udp-flood.js';
import { typeLine, waitForLine, waitIdle } from '../web/console/playwright-console.js';
import { startLab, type Lab } from './support/browser.js';
import { consoleIn, flowArrows, panel, readArrows } from './support/lab-page.js';

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.close());
  page = await lab.open('00-welcome');
  await waitIdle(consoleIn(page, 'client'));
});

async function openLesson(id: string): Promise<void> {
  await page.evaluate((lesson) => (location.hash = `#/${lesson}`), id);
  await page.locator(`[data-lesson-id="${id}"]`).waitFor();
}

const datagramCount = (flow: string) => flowArrows(page, flow, 'datagram').count();

describe('the flow of one lesson', () => {
  it('draws every datagram of a few typed sentences on its own row', async () => {
    const client = consoleIn(page, 'client');
    for (const line of ['one', 'two', 'three']) {
      await typeLine(client, line);
      await waitForLine(client, new RegExp(`^${line.toUpperCase()}$`));
    }
    await expect.poll(() => datagramCount('flow')).toBe(6);
    const arrows = await readArrows(page, 'flow');
    expect(arrows.map((a) => a.bytes)).toEqual([3, 3, 3, 3, 5, 5]);
    expect(arrows.every((a) => a.status === 'delivered')).toBe(true);
    expect(await panel(page, 'flow').getByTestId('flow-summary').count()).toBe(0);
  });

  it("starts the next lesson's flow empty, with lesson 0's traffic behind a toggle", async () => {
    await openLesson('03-udp');
    const flow = panel(page, 'flow');
    await flow.getByTestId('flow-earlier').waitFor();
    expect(await datagramCount('flow')).toBe(0);
    await flow.getByTestId('flow-earlier-toggle').click();
    await expect.poll(() => datagramCount('flow')).toBe(6);
    await flow.getByTestId('flow-earlier-toggle').click();
    await expect.poll(() => datagramCount('flow')).toBe(0);
  });

  it('draws the new sentence, and the client column names the socket sending now, not lesson 0 closed one', async () => {
    const client = consoleIn(page, 'client');
    await waitIdle(client);
    await typeLine(client, 'fresh');
    await waitForLine(client, /^FRESH$/);
    await expect.poll(() => datagramCount('flow')).toBe(2);
    const sock = await client.getAttribute('data-console-socket');
    const flow = panel(page, 'flow');
    // with the earlier lessons shown, the client column has held lesson 0's closed socket too
    await flow.getByTestId('flow-earlier-toggle').click();
    await expect.poll(() => datagramCount('flow')).toBe(8);
    const heads = await flow.getByTestId('flow-lifeline').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-sock')));
    expect(heads).toContain(sock);
    await flow.getByTestId('flow-earlier-toggle').click();
  });

  it("Clear empties only its own panel's flow", async () => {
    await openLesson('02-sockets-ports');
    const udp = consoleIn(page, 'udp');
    const tcp = consoleIn(page, 'tcp');
    await typeLine(udp, 'over udp');
    await waitForLine(udp, /^OVER UDP$/);
    await typeLine(tcp, 'over tcp');
    await waitForLine(tcp, /^OVER TCP$/);
    await expect.poll(() => datagramCount('udp-flow')).toBe(2);
    await expect.poll(() => flowArrows(page, 'tcp-flow', 'data').count()).toBe(2);
    await panel(page, 'udp-flow').getByTestId('flow-clear').click();
    await expect.poll(() => datagramCount('udp-flow')).toBe(0);
    expect(await flowArrows(page, 'tcp-flow', 'data').count()).toBe(2);
  });
});

describe('the flow under a flood', () => {
  it('folds a flood into one summary row with the right count, and steps through its arrows exactly', async () => {
    // count, as the page's lab client receives them, the datagram events of the exchange (the
    // bridge may drop some while the page is behind; the flow must count exactly those that
    // arrived). The client's own listener sees them whichever way they came: one event a frame or
    // a batch, from the page's WebSocket or the socket worker's.
    await page.reload();
    await openLesson('03-udp');
    await page.evaluate(`window.socketLab.ready().then((client) => {
      window.__datagrams = {};
      client.onEvent((event) => {
        if (event.type !== 'udp.received' && event.type !== 'udp.sent') return;
        for (const port of new Set([event.from && event.from.port, event.to && event.to.port]))
          if (port !== undefined) window.__datagrams[port] = (window.__datagrams[port] || 0) + 1;
      });
    })`);
    const server = consoleIn(page, 'page-server');
    await waitForLine(server, /ready to receive/);
    // a program outside the lab sends 400 numbered datagrams to the page's server, 2,000 a second
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const port = socket.address().port;
    let replies = 0;
    socket.on('message', () => replies++);
    const total = 400;
    for (let sent = 0; sent < total;) {
      for (let i = 0; i < 20 && sent < total; i++, sent++) socket.send(`n${String(sent).padStart(3, '0')}`, 12100, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 10));
    }
    // wait until the page server has answered what it read, and the page has taken it all in
    const arrived = () => page.evaluate((p) => (window as unknown as { __datagrams: Record<number, number> }).__datagrams[p] ?? 0, port);
    let last = -1;
    await expect
      .poll(
        async () => {
          const now = await arrived();
          const settled = now === last && replies > 0;
          last = now;
          return settled;
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
    socket.close();
    const events = await arrived();
    expect(events).toBeGreaterThan(200);

    const flow = panel(page, 'flow');
    const summary = flow.getByTestId('flow-summary').first();
    await summary.waitFor();
    // every datagram both ways is either drawn alone or counted in a summary, none twice; counted
    // from the notes and the list (the diagram draws only the rows in sight)
    const counted = async () => {
      const folded = Number((await flow.getByTestId('flow-summarised').getAttribute('data-count')) ?? 0);
      const alone = await flow
        .getByTestId('flow-list')
        .locator(`[data-testid=flow-item][data-kind=arrow]`)
        .evaluateAll(
          (items, p) => items.filter((i) => i.getAttribute('data-src-port') === String(p) || i.getAttribute('data-dst-port') === String(p)).length,
          port,
        );
      return folded + alone;
    };
    await expect.poll(counted, { timeout: 10_000 }).toBe(events);
    expect(await flow.getByTestId('flow-list').locator('[data-kind=summary]').count()).toBeGreaterThanOrEqual(1);
    await flow.scrollIntoViewIfNeeded();
    await lab.screenshot('flow-flood-summary');
    expect(await summary.locator('.flow-label').textContent()).toMatch(new RegExp(`datagrams/s between 127\\.0\\.0\\.1:${port} and udp-server-\\d+`));

    // opening the summary shows its latest arrow; stepping back and forth walks its arrows one by
    // one, the inspector showing the very datagram the list of folded arrows marks as current
    await summary.click();
    const kept = Number(await summary.getAttribute('data-kept'));
    const text = async () => ((await flow.getByTestId('flow-inspector').getByTestId('flow-inspector-text').textContent()) ?? '').trim();
    const current = flow.locator('[data-testid=flow-summary-member][aria-current=step]');
    const at = async () => ({ index: Number(await current.getAttribute('data-index')), item: (await current.textContent()) ?? '' });
    await expect.poll(async () => (await at()).index).toBe(kept - 1);
    const latest = await text();
    expect((await at()).item).toContain(latest);
    await flow.getByTestId('flow-step-back').click();
    await expect.poll(async () => (await at()).index).toBe(kept - 2);
    expect((await at()).item).toContain(await text());
    await flow.getByTestId('flow-step-back').click();
    await expect.poll(async () => (await at()).index).toBe(kept - 3);
    expect((await at()).item).toContain(await text());
    await flow.getByTestId('flow-step-forward').click();
    await flow.getByTestId('flow-step-forward').click();
    await expect.poll(async () => (await at()).index).toBe(kept - 1);
    expect(await text()).toBe(latest);
    expect(await flow.getByTestId('flow-summary-member').count()).toBeGreaterThan(10);
  });

  // last in this file: it leaves the page in Korean
  it('says how many events of outside traffic the bridge held back, in English and in Korean', async () => {
    const says = { en: /^The bridge held back [\d,]+ events? of outside traffic/, ko: /^브리지가 바깥 통신의 이벤트 [\d,]+개를 보내지 않았습니다/ };
    for (const language of ['en', 'ko'] as const) {
      await lab.open('00-welcome', { language });
      await waitIdle(consoleIn(page, 'client'));
      const note = panel(page, 'flow').locator('[data-testid=flow-held-back][data-reason=outside]');
      // a program outside the lab floods udp-upper (two events a datagram) until the page says
      // what the bridge held back of it over the 2,000 frames a second all pages share
      const shown = note.waitFor({ timeout: 15_000 });
      await floodUntil(lab.bridge.servers['udp-upper']!, { done: shown, datagrams: 40_000, ms: 15_000 });
      await shown;
      const count = Number(await note.getAttribute('data-count'));
      expect(count).toBeGreaterThan(0);
      // the note says the count it holds ("1 event", "12,430 events")
      expect(await note.textContent()).toMatch(says[language]);
      expect((await note.textContent())?.replace(/,/g, '')).toContain(String(count));
    }
    await lab.screenshot('flow-held-back-ko');
  });
});
