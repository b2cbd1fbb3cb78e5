// The real bridge tells each page what it held back of the lab servers' events (session.heldBack):
// outside traffic beyond the budget all pages share, and lab events while the page was behind. A
// page can then say honestly what it did not show. Every frame is held to the Event schema.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../protocol/messages.js';
import { teardownStack } from '../support/teardown.js';
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

/** Lets the sockets' writes go out between two chunks of a flood. */
const turn = () => new Promise((r) => setImmediate(r));

describe('what the bridge held back, told to the page', () => {
  it('tells every page how many events of outside traffic it held back over the shared budget', { timeout: 30_000 }, async () => {
    const pages = await Promise.all([lab.page({ batches: true }), lab.page({ batches: true })]);
    const told = pages.map(notices);
    const first = pages.map((p) => p.client.next('session.heldBack', (e) => e.outside > 0, 20_000));
    // a program outside the lab floods udp-upper: two events a datagram (received, sent back),
    // for each of two pages, far over 2,000 frames a second for all pages together
    const outside = createSocket('udp4');
    outside.bind(0, '127.0.0.1');
    await once(outside, 'listening');
    const port = outside.address().port;
    const seen = pages.map(() => 0);
    pages.forEach((p, i) =>
      p.client.onEvent((e) => {
        if ((e.type === 'udp.received' && e.from.port === port) || (e.type === 'udp.sent' && e.to.port === port)) seen[i]!++;
      }),
    );
    const TOTAL = 8000;
    const began = performance.now();
    let sent = 0;
    while (sent < TOTAL && performance.now() - began < 5000) {
      for (let i = 0; i < 100; i++, sent++) outside.send(`flood ${sent}`, udpUpper, '127.0.0.1');
      await turn();
    }
    const notices1 = await Promise.all(first);
    outside.close();
    for (const [i, notice] of notices1.entries()) {
      expect(notice.outside).toBeGreaterThan(0);
      expect(notice.behind).toBe(0);
      // never more than the flood could have made, with what the page was sent
      expect(seen[i]! + told[i]!.reduce((n, e) => n + e.outside, 0)).toBeLessThanOrEqual(2 * sent);
    }
    // at most one notice a second: the bridge's clock stamps them at least 1 s apart
    for (const list of told) for (let k = 1; k < list.length; k++) expect(list[k]!.t - list[k - 1]!.t).toBeGreaterThanOrEqual(999_000);
  });

  it('tells a page how many lab events it held back while the page was behind (it had not read what it was sent)', { timeout: 60_000 }, async () => {
    const page = await lab.page({ batches: true });
    const told = page.client.next('session.heldBack', (e) => e.behind > 0, 30_000);
    const dropped = page.client.next('udp.dropped', (e) => e.sock === 'flood', 30_000);
    const bound = await page.client.udpOpen('flood');
    const own = await udpPeer();
    const outside = await udpPeer();
    // the page stops reading; its own socket's datagrams fill what the bridge may queue for it (the
    // bridge then drops and counts them: udp.dropped), and a program outside the lab keeps talking
    // to udp-upper meanwhile: those lab events are held back, not queued
    page.ws.pause();
    const big = Buffer.alloc(1200);
    const began = performance.now();
    for (let sent = 0; sent < 40_000 && performance.now() - began < 10_000; sent += 200) {
      for (let i = 0; i < 200; i++) own.socket.send(big, bound.local.port, '127.0.0.1');
      for (let i = 0; i < 5; i++) outside.socket.send('outside', udpUpper, '127.0.0.1');
      await turn();
    }
    page.ws.resume();
    // the bridge was behind for this page (it says so for the page's own socket) ...
    expect((await dropped).count).toBeGreaterThan(0);
    // ... and says what it held back of the lab's events
    expect((await told).behind).toBeGreaterThan(0);
    await Promise.all([own.close(), outside.close()]);
  });
});
