// Backpressure against the real bridge: a page that stops reading is never given unbounded memory.
// UDP beyond the watermark is dropped and counted, the page's TCP sockets are paused, lab events are
// held back (and the page told how many), and the page's own requests wait, while a real peer
// shows what got through.
import type { Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sleep, startLab, type Lab, type Page } from './helpers/lab.js';
import { tcpPeer, udpPeer } from './helpers/peers.js';

let lab: Lab;
let pid: number;

beforeAll(async () => {
  lab = await startLab();
  pid = lab.bridge.process.pid!;
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

function rssBytes(): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) * 1024;
}

/** Floods a page that does not read until the bridge holds it back, in at most three rounds: the
 * page stops reading, `burst` sends (bounded in count and time), the page reads again and makes one
 * request. The bridge reads that request only once the page has caught up, after the drop count it
 * sends on resuming: so when its answer is in, `held()` tells whether this round held the page back
 * (on a loaded machine one burst may not fill the buffers). Returns the datagrams sent. */
async function floodUntilHeld(page: Page, burst: () => Promise<number>, held: () => boolean): Promise<number> {
  let sent = 0;
  for (let round = 0; round < 3 && !held(); round++) {
    page.ws.pause(); // the page stops reading its WebSocket
    sent += await burst();
    page.ws.resume();
    await page.client.udpOpen(`after-${round}`);
  }
  return sent;
}

/** Sends copies of `payload` to `port` from `sender`, 20 every millisecond or so, for `seconds` or
 * `count` datagrams, whichever ends first (a burst at once would mostly fill the kernel's buffer and
 * be dropped there, before the bridge reads it); returns how many it sent. */
async function blast(sender: Socket, payload: Buffer, port: number, count: number, seconds = 2): Promise<number> {
  let sent = 0;
  const deadline = Date.now() + seconds * 1000;
  while (sent < count && Date.now() < deadline) {
    for (let i = 0; i < 20; i++, sent++) sender.send(payload, port, '127.0.0.1');
    await sleep(1);
  }
  return sent;
}

// the same for a page that takes its events in batches (protocol/batch.ts), as the web app does
describe.each([{ batches: false }, { batches: true }])('a page that does not read (batches: $batches)', ({ batches }) => {
  it('has its UDP beyond the watermark dropped and counted, not buffered, and told later', { timeout: 60_000 }, async () => {
    const page = await lab.page({ batches });
    // 32 KiB datagrams, each a 44 KB event: a few hundred fill the buffers however slowly the
    // bridge reads them
    const bound = await page.client.udpOpen('flood', { bufsize: 65535 });
    const told = { dropped: 0, errors: 0 };
    page.client.onEvent((e) => {
      if (e.type === 'udp.dropped' && e.sock === 'flood') told.dropped += e.count;
      if (e.type === 'socket.error' && e.code === 'LAB_DROPPED' && e.sock === 'flood') told.errors++;
    });
    const sender = await udpPeer();
    const rssBefore = rssBytes();
    let grown = 0;
    const payload = Buffer.alloc(32 * 1024, 'f');
    const sent = await floodUntilHeld(
      page,
      async () => {
        const n = await blast(sender.socket, payload, bound.local.port, 10_000);
        grown = Math.max(grown, rssBytes() - rssBefore);
        return n;
      },
      () => told.dropped > 0,
    );
    const received = page.frames.filter((f) => f.includes('"udp.received"') && f.includes('"flood"')).length;
    console.log(`UDP flood: sent ${sent}, reported ${received}, dropped by the bridge ${told.dropped}, bridge RSS +${(grown / 2 ** 20).toFixed(1)} MiB`);
    expect(told.dropped).toBeGreaterThan(0);
    expect(received).toBeLessThan(sent);
    // the page is told in its words too (a socket.error after udp.dropped)
    await eventually(() => told.errors > 0, 5000, 'LAB_DROPPED told');
    await sender.close();
    page.client.close();
  });

  it('has the datagrams crossing its relay dropped and counted while it does not read', { timeout: 60_000 }, async () => {
    const page = await lab.page({ batches });
    const relay = await page.client.relayStart('path', 'udp', { host: '127.0.0.1', port: lab.bridge.servers['udp-upper']! });
    let dropped = 0;
    page.client.onEvent((e) => {
      if (e.type === 'udp.dropped' && e.sock === 'path') dropped += e.count;
    });
    const sender = await udpPeer(); // a student's program sending through the relay
    const payload = Buffer.alloc(1200, 'r');
    const sent = await floodUntilHeld(
      page,
      () => blast(sender.socket, payload, relay.listen.port, 20_000),
      () => dropped > 0,
    );
    const reported = page.frames.filter((f) => f.includes('"relay.arrived"')).length;
    console.log(`relay flood: sent ${sent}, reported ${reported}, dropped while the page was behind ${dropped}`);
    expect(dropped).toBeGreaterThan(0);
    expect(reported).toBeLessThan(sent);
    await sender.close();
    page.client.close();
  });

  it("is not sent the lab servers' events without bound while it does not read", { timeout: 40_000 }, async () => {
    const page = await lab.page({ batches });
    const client = await udpPeer(); // floods udp-upper and counts its replies
    const labPort = lab.bridge.servers['udp-upper']!;
    // the lab's events about the flood the page takes in, and those it is told were held back
    let labEvents = 0;
    let heldBack = 0;
    page.client.onEvent((e) => {
      if (e.type === 'session.heldBack') heldBack += e.outside + e.behind;
      else if ((e.type === 'udp.received' && e.from.port === client.port) || (e.type === 'udp.sent' && e.to.port === client.port)) labEvents++;
    });
    page.ws.pause();
    const payload = Buffer.alloc(1200, 'l');
    // at most 100 datagrams unanswered, so the lab server really handles them (not the kernel
    // dropping them): 12,000 answers make ~40 MB of lab events, far more than the buffers hold
    let sent = 0;
    const deadline = Date.now() + 12_000;
    while (client.received.length < 12_000 && Date.now() < deadline) {
      const answeredBefore = client.received.length;
      while (sent - client.received.length < 100) {
        client.socket.send(payload, labPort, '127.0.0.1');
        sent++;
      }
      await sleep(1);
      if (client.received.length === answeredBefore) sent = client.received.length; // lost ones
    }
    await sleep(300);
    const answered = client.received.length; // datagrams the lab server really handled
    page.ws.resume();
    // read until the page has caught up: no new frame for 300 ms (at most 10 s)
    const readUntil = Date.now() + 10_000;
    for (let last = -1; last !== page.frames.length && Date.now() < readUntil;) {
      last = page.frames.length;
      await sleep(300);
    }
    const seen = page.frames.filter((f) => f.includes('"udp.received"') && f.includes('"lab:udp-upper"')).length;
    console.log(`lab flood: the server answered ${answered}, the page that did not read was sent ${seen} of its receive events`);
    // every lab event is ~3 KiB here: more than a few thousand means they were queued without bound
    expect(answered).toBeGreaterThan(5000);
    expect(seen).toBeLessThan(answered / 2);
    // and it is told what it was not sent: every datagram the server answered made two events,
    // each sent to the page or counted in a session.heldBack (the last within a second)
    await eventually(() => labEvents + heldBack >= 2 * answered, 5000, 'every lab event sent or told held back');
    await client.close();
    page.client.close();
  });

  it('stops reading the requests of a page that sends but does not read the answers', { timeout: 40_000 }, async () => {
    const page = await lab.page({ batches });
    const peer = await udpPeer();
    await page.client.udpOpen('writer');
    page.ws.pause();
    // 40,000 sendto() requests, paced under the rate limit (8,000 a second) so that only
    // backpressure can hold them; their answers (udp.sent events) make ~28 MB
    const data = Buffer.alloc(256, 'w').toString('base64');
    const total = 40_000;
    for (let i = 0; i < total; i++) {
      page.client.send({ type: 'udp.send', sock: 'writer', host: '127.0.0.1', port: peer.port, data });
      if (i % 800 === 799) await sleep(100);
    }
    // wait until the bridge stops making progress (or has done everything)
    const until = Date.now() + 8000;
    for (let last = -1; last !== peer.received.length && Date.now() < until;) {
      last = peer.received.length;
      await sleep(500);
    }
    const whilePaused = peer.received.length;
    console.log(`a page that sends without reading: ${whilePaused} of ${total} requests were carried out meanwhile`);
    expect(whilePaused).toBeLessThan(total / 2);
    page.ws.resume();
    await eventually(() => peer.received.length > whilePaused, 10_000, 'the bridge read on after the page caught up');
    await peer.close();
    page.client.close();
  });

  it('pauses the TCP socket feeding it, so the peer is held back instead of the bridge buffering', async () => {
    const page = await lab.page({ batches });
    const MiB = 2 ** 20;
    const total = 64 * MiB;
    let flushed = 0;
    let queued = 0;
    // the peer writes 64 MiB in 1 MiB pieces; a piece's callback means the kernel took it
    const peer = await tcpPeer((socket) => {
      const piece = Buffer.alloc(MiB, 'x');
      for (; queued < total; queued += MiB) socket.write(piece, () => (flushed += MiB));
    });
    try {
      const rssBefore = rssBytes();
      page.ws.pause();
      page.client.send({ type: 'tcp.connect', sock: 'slow', host: '127.0.0.1', port: peer.port });
      await eventually(() => peer.connections.length === 1, 3000, 'peer accepted');
      await sleep(1500);
      const held = flushed;
      const grown = rssBytes() - rssBefore;
      console.log(`TCP while the page does not read: ${held / MiB} of 64 MiB left the peer, bridge RSS +${(grown / MiB).toFixed(1)} MiB`);
      expect(held).toBeLessThan(total);
      // 64 MiB buffered in the bridge as base64 events would take well over 80 MiB
      expect(grown).toBeLessThan(48 * MiB);
      page.ws.resume();
      // reading again lets the stream move on
      await eventually(() => flushed > held, 10_000, 'the peer could write again');
    } finally {
      page.client.close();
      await peer.close();
    }
  });
});
