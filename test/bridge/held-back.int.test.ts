// The real bridge tells each page what it held back of the lab servers' events (session.heldBack):
// outside traffic beyond the budget all pages share, and lab events while the page was behind. A
// page can then say honestly what it did not show. Every frame is held to the Event schema.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../protocol/messages.js';
import { teardownStack } from '../support/teardown.js';
import { floodUntil } from '../support/udp-flood.js';
import { startLab, type Lab, type Page } from './helpers/lab.js';
import { udpPeer } from './helpers/peers.js';

let lab: Lab;
let udpUpper: number;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.stop());
  udpUpper = lab.bridge.servers['udp-upper']!;
});
afterAll(() => lab.expectValidFrames());

/** Every notice a page is told from now on. */
function notices(page: Page): EventOf<'session.heldBack'>[] {
  const told: EventOf<'session.heldBack'>[] = [];
  page.client.onEvent((e) => {
    if (e.type === 'session.heldBack') told.push(e);
  });
  return told;
}

describe('what the bridge held back, told to the page', () => {
  it('tells every page how many events of outside traffic it held back over the shared budget', { timeout: 30_000 }, async () => {
    const pages = await Promise.all([lab.page({ batches: true }), lab.page({ batches: true })]);
    const told = pages.map(notices);
    // the lab's events about the flood each page was sent (they have no socket of their own)
    const seen = pages.map(() => 0);
    pages.forEach((p, i) =>
      p.client.onEvent((e) => {
        if (e.type === 'udp.received' || e.type === 'udp.sent') seen[i]!++;
      }),
    );
    const first = Promise.all(pages.map((p) => p.client.next('session.heldBack', (e) => e.outside > 0, 20_000)));
    // a program outside the lab floods udp-upper: two events a datagram, for each of two pages,
    // over the 2,000 frames a second all pages share together
    const { sent } = await floodUntil(udpUpper, { done: first, datagrams: 40_000, ms: 15_000 });
    for (const [i, notice] of (await first).entries()) {
      expect(notice.outside).toBeGreaterThan(0);
      expect(notice.behind).toBe(0);
      // never more than the flood could have made, with what the page was sent
      expect(seen[i]! + told[i]!.reduce((n, e) => n + e.outside, 0)).toBeLessThanOrEqual(2 * sent);
    }
    // at most one notice a second: the bridge's clock stamps them at least 1 s apart
    for (const list of told) for (let k = 1; k < list.length; k++) expect(list[k]!.t - list[k - 1]!.t).toBeGreaterThanOrEqual(999_000);
    for (const p of pages) p.client.close();
  });

  it('tells a page how many lab events it held back while the page was behind (it had not read what it was sent)', { timeout: 60_000 }, async () => {
    const page = await lab.page({ batches: true });
    const bound = await page.client.udpOpen('flood');
    const told = page.client.next('session.heldBack', (e) => e.behind > 0, 40_000);
    const dropped = page.client.next('udp.dropped', (e) => e.sock === 'flood', 40_000);
    const own = await udpPeer();
    // the page stops reading. A program outside the lab talks to udp-upper, paced by its replies,
    // and with each datagram four more of 1,200 bytes go to the page's own socket: the events
    // fill what the bridge may queue for the page (its socket's datagrams are then dropped and
    // counted: udp.dropped), and the lab's events from then on are held back, not queued
    page.ws.pause();
    const big = Buffer.alloc(1200, 'b');
    await floodUntil(udpUpper, {
      replies: 6000,
      datagrams: 12_000,
      ms: 15_000,
      payload: big,
      each: () => {
        for (let i = 0; i < 4; i++) own.socket.send(big, bound.local.port, '127.0.0.1');
      },
    });
    page.ws.resume();
    const [drop, notice] = await Promise.all([dropped, told]);
    console.log(`a page that did not read: ${drop.count} of its datagrams dropped, ${notice.behind} lab events held back (first notice)`);
    expect(drop.count).toBeGreaterThan(0);
    expect(notice.behind).toBeGreaterThan(0);
    await own.close();
    page.client.close();
  });
});
