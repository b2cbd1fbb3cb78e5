// A page that accepts batches (protocol/batch.ts) gets a burst of its events in few frames, every
// event in the order it happened with its own stamp; a page that does not ask gets one frame per
// event, as before; and the page's own requests are answered inside a burst.
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../protocol/client.js';
import { parseFrame } from '../../protocol/codec.js';
import type { Event } from '../../protocol/messages.js';
import { eventually, startLab, type Lab, type Page } from './helpers/lab.js';

/** Small enough for the socket's receive buffer: loopback then loses none of them. */
const BURST = 100;

let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

/** Sends BURST datagrams "n" (0, 1, ...) to the page's socket at `port`, all at once. */
async function burst(port: number): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  let sent = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < BURST; i++)
      socket.send(String(i), port, '127.0.0.1', () => {
        if (++sent === BURST) resolve();
      });
  });
  socket.close();
}

/** The page's frames since `from`, each as the events it carries. */
function framesOf(page: Page, from: number): Event[][] {
  return page.frames.slice(from).map((text) => {
    const parsed = parseFrame(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  });
}

async function received(page: Page, sock: string, from: number): Promise<{ frames: Event[][]; payloads: number[] }> {
  const payloads = () =>
    framesOf(page, from)
      .flat()
      .filter((e): e is Extract<Event, { type: 'udp.received' }> => e.type === 'udp.received' && e.sock === sock)
      .map((e) => Number(decodeText(e.data)));
  await eventually(() => payloads().length >= BURST, 10_000, `${BURST} datagrams reported`);
  return { frames: framesOf(page, from), payloads: payloads() };
}

describe('batches of events', () => {
  it('a page that asks for them gets a burst in a few frames, in order, each event with its own stamp', async () => {
    const page = await lab.page({ batches: true });
    const { local } = await page.client.udpOpen('b', { host: '127.0.0.1' });
    const from = page.frames.length;
    await burst(local.port);
    const { frames, payloads } = await received(page, 'b', from);
    expect(payloads).toEqual(Array.from({ length: BURST }, (_, i) => i));
    const stamps = frames.flat().map((e) => e.t);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(frames.some((f) => f.length > 1)).toBe(true);
    expect(frames.length).toBeLessThan(BURST);
    expect(page.frames.slice(from).some((text) => text.startsWith('{"type":"batch","n":'))).toBe(true);
    await page.client.closeSocket('b');
  });

  it('a page that does not ask gets one event a frame', async () => {
    const page = await lab.page();
    const { local } = await page.client.udpOpen('s', { host: '127.0.0.1' });
    const from = page.frames.length;
    await burst(local.port);
    const { frames, payloads } = await received(page, 's', from);
    expect(payloads).toEqual(Array.from({ length: BURST }, (_, i) => i));
    expect(frames.every((f) => f.length === 1)).toBe(true);
    await page.client.closeSocket('s');
  });

  it("answers the page's requests during a burst, in order with the events around them", async () => {
    const page = await lab.page({ batches: true });
    const { local } = await page.client.udpOpen('r', { host: '127.0.0.1' });
    const from = page.frames.length;
    const flooding = burst(local.port);
    const sent = await page.client.udpSend('r', '127.0.0.1', lab.bridge.servers['udp-upper']!, 'in between');
    const reply = await page.client.next('udp.received', (e) => e.sock === 'r' && decodeText(e.data) === 'IN BETWEEN');
    await flooding;
    const events = framesOf(page, from).flat();
    expect(events.indexOf(events.find((e) => e.type === 'udp.sent' && e.req === sent.req)!)).toBeLessThan(
      events.indexOf(events.find((e) => e.t === reply.t && e.type === 'udp.received')!),
    );
    await page.client.closeSocket('r');
  });
});
