// A relay never buffers without bound (finding F1 of the security probe). Each case pushes up to
// 1 GiB into a relay whose path cannot move it on (a server that never reads, a hold, a ten-second
// delay, the page's own sends into a held relay), within a few seconds, and the bridge's resident
// memory must stay within RSS_BOUND of where it started: TCP stops reading the sender, UDP drops
// what does not fit, and the page is told with relay.overflowed.
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../protocol/messages.js';
import { eventually, startLab, type Lab, type Page } from './helpers/lab.js';
import { GiB, MiB, rssBytes, sendUpTo, watchRss, writeUpTo } from './helpers/load.js';
import { tcpPeer, udpPeer } from './helpers/peers.js';

/** How much the bridge may grow while one relay is flooded (stated in docs/security.md). */
const RSS_BOUND = 64 * MiB;
/** How long each case keeps pushing. */
const PUSH_MS = 4000;

let lab: Lab;
let pid: number;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  pid = lab.bridge.process.pid!;
  page = await lab.page();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

async function client(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  return socket;
}

/** The first relay.overflowed of `sock`, listened for from now on (the history holds only the
 * latest events, and a flood makes many). */
function overflowed(sock: string, action: 'paused' | 'dropped'): Promise<EventOf<'relay.overflowed'>> {
  return page.client.next('relay.overflowed', (e) => e.sock === sock && e.action === action, 30_000);
}

/** Runs `push` while watching the bridge; returns the growth of its RSS at its peak. */
async function grownWhile(push: () => Promise<unknown>): Promise<number> {
  const before = rssBytes(pid);
  const watch = watchRss(pid);
  await push();
  return watch.stop() - before;
}

const show = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

describe('a TCP relay', () => {
  it('stops reading the client when its server never reads, and says so', { timeout: 30_000 }, async () => {
    const server = await tcpPeer((socket) => socket.pause()); // accepts, never reads
    const relay = await page.client.relayStart('deaf', 'tcp', { host: '127.0.0.1', port: server.port });
    const told = overflowed('deaf', 'paused');
    const sender = await client(relay.listen.port);
    let result = { written: 0, stalled: false };
    const grown = await grownWhile(async () => {
      result = await writeUpTo(sender, GiB, PUSH_MS);
    });
    console.log(`TCP relay, server never reads: client wrote ${show(result.written)} of 1 GiB, bridge RSS +${show(grown)}`);
    expect(result.stalled).toBe(true);
    expect(grown).toBeLessThan(RSS_BOUND);
    const event = await told;
    expect(event.dir).toBe('toServer');
    expect(event.bytes).toBeLessThanOrEqual(event.maxBytes);
    sender.destroy();
    await page.client.closeSocket('deaf');
    await server.close();
  });

  it('bounds what a hold keeps, and delivers every byte once let go', { timeout: 40_000 }, async () => {
    let received = 0;
    const server = await tcpPeer((socket) => socket.on('data', (chunk: Buffer) => (received += chunk.length)));
    const relay = await page.client.relayStart('held', 'tcp', { host: '127.0.0.1', port: server.port });
    await page.client.relayHold('held', true);
    const told = overflowed('held', 'paused');
    const sender = await client(relay.listen.port);
    let result = { written: 0, stalled: false };
    const grown = await grownWhile(async () => {
      result = await writeUpTo(sender, GiB, PUSH_MS);
    });
    console.log(`TCP relay, held: client wrote ${show(result.written)} of 1 GiB, bridge RSS +${show(grown)}`);
    expect(result.stalled).toBe(true);
    expect(grown).toBeLessThan(RSS_BOUND);
    await told;
    const configured = await page.client.relayHold('held', false);
    expect(configured.waiting).toEqual([]);
    // the sender's blocked write completes and nothing is lost: what it wrote arrives whole
    sender.end();
    await eventually(() => received === result.written, 20_000, `all ${result.written} bytes at the server`);
    await page.client.closeSocket('held');
    await server.close();
  });

  it('bounds the pieces waiting out a ten-second delay', { timeout: 30_000 }, async () => {
    const server = await tcpPeer();
    const relay = await page.client.relayStart('slow', 'tcp', { host: '127.0.0.1', port: server.port }, { settings: { delayMs: 10_000 } });
    const told = overflowed('slow', 'paused');
    const sender = await client(relay.listen.port);
    let result = { written: 0, stalled: false };
    const grown = await grownWhile(async () => {
      result = await writeUpTo(sender, GiB, PUSH_MS);
    });
    console.log(`TCP relay, delay 10 s: client wrote ${show(result.written)} of 1 GiB, bridge RSS +${show(grown)}`);
    expect(result.stalled).toBe(true);
    expect(grown).toBeLessThan(RSS_BOUND);
    await told;
    sender.destroy();
    await page.client.closeSocket('slow');
    await server.close();
  });

  it("holds the page's own sends into a held relay: the page waits, the bridge does not grow", { timeout: 30_000 }, async () => {
    const server = await tcpPeer();
    const relay = await page.client.relayStart('own', 'tcp', { host: '127.0.0.1', port: server.port });
    await page.client.relayHold('own', true);
    const told = overflowed('own', 'paused');
    await page.client.tcpConnect('into-own', '127.0.0.1', relay.listen.port);
    const piece = Buffer.alloc(8192, 'p').toString('base64');
    let sent = 0;
    const grown = await grownWhile(async () => {
      const deadline = Date.now() + PUSH_MS;
      // as fast as the WebSocket takes them, up to 1 GiB: the bridge stops reading the page's
      // requests once its socket cannot send, so they wait in the page, not in the bridge
      while (sent * 8192 < GiB && Date.now() < deadline) {
        if (page.ws.bufferedAmount > 4 * MiB) {
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        page.client.send({ type: 'tcp.send', sock: 'into-own', data: piece });
        sent++;
      }
    });
    console.log(`page into a held TCP relay: ${show(sent * 8192)} offered, bridge RSS +${show(grown)}`);
    expect(grown).toBeLessThan(RSS_BOUND);
    await told;
    // the page's blocked send() times out (LAB_SEND_BLOCKED), so it can still act on its relay
    await page.client.relayHold('own', false);
    await page.client.closeSocket('into-own');
    await page.client.closeSocket('own');
    await server.close();
  });
});

describe('a UDP relay', () => {
  it('drops and counts what a hold cannot keep, and says so', { timeout: 30_000 }, async () => {
    const relay = await page.client.relayStart('uheld', 'udp', { host: '127.0.0.1', port: lab.bridge.servers['udp-upper']! });
    await page.client.relayHold('uheld', true);
    const told = overflowed('uheld', 'dropped');
    const sender = await udpPeer();
    let sent = 0;
    const grown = await grownWhile(async () => {
      sent = await sendUpTo(sender.socket, relay.listen.port, GiB, PUSH_MS);
    });
    console.log(`UDP relay, held: ${sent} datagrams (${show(sent * 60_000)}) sent, bridge RSS +${show(grown)}`);
    expect(grown).toBeLessThan(RSS_BOUND);
    const event = await told;
    expect(event.dropped).toBeGreaterThan(0);
    const held = page.client.history.filter((e) => e.type === 'relay.held' && e.sock === 'uheld').length;
    expect(held * 60_000).toBeLessThanOrEqual(event.maxBytes);
    await sender.close();
    await page.client.closeSocket('uheld');
  });
});
