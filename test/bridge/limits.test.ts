// The limits inside the fences, against the real bridge: frame size, validation of every message
// with a typed error and a session that carries on, the bad-message cutoff, the socket quota,
// no descriptor left behind, and a page that stops reading not being given unbounded memory.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { toBase64 } from '../../protocol/client.js';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES } from '../../protocol/limits.js';
import type { EventOf } from '../../protocol/messages.js';
import { eventually, rejection, sleep, startLab, type Lab, type Page } from './helpers/lab.js';
import { ROOT } from '../support/bridge-process.js';
import { fdCount, PYTHON, tcpPeer, udpPeer } from './helpers/peers.js';

let lab: Lab;
let pid: number;

beforeAll(async () => {
  lab = await startLab();
  pid = lab.bridge.process.pid!;
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab?.stop();
});

/** Waits for the WebSocket to close and returns its code. */
async function closeCode(page: Page, ms = 5000): Promise<number> {
  return (await eventually(() => page.client.closed, ms, 'the WebSocket closed')).code;
}

/** The session still answers a real request after whatever came before. */
async function stillWorks(page: Page): Promise<void> {
  const id = `ok${Math.random().toString(36).slice(2, 8)}`;
  await page.client.udpOpen(id);
  await page.client.closeSocket(id);
}

function rssBytes(): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) * 1024;
}

describe('sessions', () => {
  it('refuses a page beyond --max-sessions with 503 and admits one again when a page leaves', async () => {
    const own = await startLab(['--max-sessions', '1']);
    try {
      const first = await own.page();
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${own.bridge.wsUrl}?token=${own.bridge.token}`, { origin: own.bridge.origin });
        ws.on('open', () => resolve(101));
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
        ws.on('error', () => {});
      });
      expect(status).toBe(503);
      first.client.close();
      await eventually(() => first.client.closed, 3000, 'first page closed');
      // the bridge counts the session as gone once its WebSocket has closed
      const again = await eventually(() => own.page().catch(() => false as const), 3000, 'a new page admitted');
      await stillWorks(again);
      own.expectValidFrames();
    } finally {
      await own.stop();
    }
  });
});

describe('frame size', () => {
  it('closes the WebSocket with 1009 on a frame over the limit, and the bridge carries on', async () => {
    const page = await lab.page();
    page.client.sendRaw(JSON.stringify({ type: 'udp.open', sock: 'x', pad: 'x'.repeat(MAX_FRAME_BYTES) }));
    expect(await closeCode(page)).toBe(1009);
    await stillWorks(await lab.page());
  });

  it('refuses a payload over the data limit with a typed error, within the frame limit', async () => {
    const page = await lab.page();
    await page.client.udpOpen('u');
    const tooBig = await rejection(page.client.udpSend('u', '127.0.0.1', 40000, new Uint8Array(MAX_DATA_BYTES + 1)));
    // a typed refusal: LAB_TOO_LARGE names the problem; LAB_BAD_MESSAGE is what the schema says
    expect(['LAB_TOO_LARGE', 'LAB_BAD_MESSAGE']).toContain(tooBig.code);
    // the largest allowed payload goes through
    await page.client.udpSend('u', '127.0.0.1', 40000, new Uint8Array(MAX_DATA_BYTES));
    page.client.close();
  });
});

describe('every message is validated; the session stays usable', () => {
  let page: Page;
  beforeAll(async () => {
    page = await lab.page();
  });
  afterAll(() => page.client.close());

  async function refusal(text: string): Promise<EventOf<'socket.error'>> {
    const error = page.client.next('socket.error');
    page.client.sendRaw(text);
    const event = await error;
    await stillWorks(page);
    return event;
  }

  it('answers malformed JSON with LAB_BAD_JSON', async () => {
    expect((await refusal('{"type": "udp.open", ')).code).toBe('LAB_BAD_JSON');
    expect((await refusal('')).code).toBe('LAB_BAD_JSON');
  });

  it('answers an unknown type with LAB_UNKNOWN_TYPE and echoes the request number', async () => {
    const error = await refusal(JSON.stringify({ type: 'udp.teleport', req: 77, sock: 'a' }));
    expect(error).toMatchObject({ code: 'LAB_UNKNOWN_TYPE', req: 77 });
    expect((await refusal(JSON.stringify([1, 2, 3]))).code).toBe('LAB_UNKNOWN_TYPE');
    expect((await refusal('null')).code).toBe('LAB_UNKNOWN_TYPE');
  });

  it('answers an extra key with LAB_BAD_MESSAGE', async () => {
    const error = await refusal(JSON.stringify({ type: 'udp.open', req: 5, sock: 'a', admin: true }));
    expect(error).toMatchObject({ code: 'LAB_BAD_MESSAGE', req: 5 });
  });

  it('answers a __proto__ key with LAB_BAD_MESSAGE and pollutes nothing', async () => {
    const error = await refusal('{"type":"udp.open","sock":"p","__proto__":{"port":80,"polluted":true}}');
    expect(error.code).toBe('LAB_BAD_MESSAGE');
    const nested = await refusal('{"type":"udp.open","sock":"p","constructor":{"prototype":{"polluted":true}}}');
    expect(nested.code).toBe('LAB_BAD_MESSAGE');
    // a later, valid open is unaffected: default port (the OS chooses), default bufsize
    const bound = await page.client.udpOpen('after-proto');
    expect(bound.bufsize).toBe(2048);
    expect(bound.local.port).not.toBe(80);
    await page.client.closeSocket('after-proto');
  });

  it.each([
    ['a port above 65535', { port: 70000 }],
    ['a negative port', { port: -1 }],
    ['a fractional port', { port: 1.5 }],
    ['a port as a string', { port: '12000' }],
    ['data that is not base64', { data: 'not base64!' }],
    ['a socket id with a colon', { sock: 'lab:udp-upper' }],
    ['a missing host', { host: undefined }],
  ])('answers %s with LAB_BAD_MESSAGE', async (_what, change) => {
    const request = { type: 'udp.send', sock: 'u', host: '127.0.0.1', port: 40000, data: toBase64('x'), ...change };
    const message = { ...request, type: _what.includes('colon') ? 'udp.open' : 'udp.send' };
    if (_what.includes('colon')) {
      expect((await refusal(JSON.stringify({ type: 'udp.open', sock: 'lab:udp-upper' }))).code).toBe('LAB_BAD_MESSAGE');
      return;
    }
    expect((await refusal(JSON.stringify(message))).code).toBe('LAB_BAD_MESSAGE');
  });

  it('answers a binary frame with LAB_BAD_MESSAGE', async () => {
    const error = page.client.next('socket.error');
    page.ws.send(Buffer.from([1, 2, 3]));
    expect((await error).code).toBe('LAB_BAD_MESSAGE');
    await stillWorks(page);
  });
});

describe('too many bad messages', () => {
  it('closes with 1008 after 20 malformed messages in a row', async () => {
    const page = await lab.page();
    for (let i = 0; i < 20; i++) page.client.sendRaw('not json');
    expect(await closeCode(page)).toBe(1008);
    const errors = page.frames.filter((f) => f.includes('LAB_BAD_JSON')).length;
    expect(errors).toBeGreaterThanOrEqual(19);
  });

  it('counts only bad messages in a row: a good one in between resets the count', async () => {
    const page = await lab.page();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 19; i++) page.client.sendRaw('not json');
      await stillWorks(page);
    }
    expect(page.client.closed).toBeUndefined();
    page.client.close();
  });
});

describe('socket quota', () => {
  it('refuses the 17th socket with LAB_QUOTA_SOCKETS while the other 16 keep working', async () => {
    const page = await lab.page();
    const peer = await udpPeer();
    try {
      for (let i = 0; i < 16; i++) await page.client.udpOpen(`s${i}`);
      expect((await rejection(page.client.udpOpen('s16'))).code).toBe('LAB_QUOTA_SOCKETS');
      expect((await rejection(page.client.tcpListen('s16', 0))).code).toBe('LAB_QUOTA_SOCKETS');
      expect((await rejection(page.client.tcpConnect('s16', '127.0.0.1', peer.port))).code).toBe('LAB_QUOTA_SOCKETS');
      for (let i = 0; i < 16; i++) await page.client.udpSend(`s${i}`, '127.0.0.1', peer.port, `from s${i}`);
      await eventually(() => peer.received.length === 16, 3000, 'all 16 datagrams arrived');
      // closing one gives its slot back
      await page.client.closeSocket('s0');
      await page.client.udpOpen('s16');
    } finally {
      page.client.close();
      await peer.close();
    }
  });

  it('refuses an accepted connection beyond the quota and keeps the welcoming socket', async () => {
    const page = await lab.page();
    try {
      const listening = await page.client.tcpListen('w', 0, { backlog: 8 });
      for (let i = 0; i < 15; i++) await page.client.udpOpen(`f${i}`);
      const refused = page.client.next('socket.error', (e) => e.code === 'LAB_QUOTA_SOCKETS');
      const peer = await tcpPeer();
      await page.client.tcpConnect('x', '127.0.0.1', peer.port).catch(() => {});
      const { Socket } = await import('node:net');
      const client = new Socket();
      client.on('error', () => {});
      const closed = new Promise((resolve) => client.once('close', resolve));
      client.connect(listening.local.port, '127.0.0.1');
      expect((await refused).code).toBe('LAB_QUOTA_SOCKETS');
      await closed;
      await peer.close();
    } finally {
      page.client.close();
    }
  });
});

describe.skipIf(!PYTHON)('connections that are never answered', () => {
  it('times a silent connect() out with ETIMEDOUT and refuses a 5th pending one with LAB_QUOTA_PENDING', async () => {
    const server = spawn(PYTHON!, [join(ROOT, 'test/python/NoAcceptServer.py'), '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const page = await lab.page();
    const filler = new Socket();
    try {
      const [line] = (await once(server.stdout!, 'data')) as [Buffer];
      const port = Number(line.toString().trim());
      // one connection fills the listen(0) queue; the kernel drops every SYN after it
      filler.on('error', () => {});
      filler.connect(port, '127.0.0.1');
      await once(filler, 'connect');
      const started = Date.now();
      const pending = [1, 2, 3, 4].map((i) => rejection(page.client.tcpConnect(`p${i}`, '127.0.0.1', port)));
      await page.client.waitFor('tcp.connecting', (e) => e.sock === 'p4');
      expect((await rejection(page.client.tcpConnect('p5', '127.0.0.1', port))).code).toBe('LAB_QUOTA_PENDING');
      for (const outcome of await Promise.all(pending)) expect(outcome.code).toBe('ETIMEDOUT');
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(4500);
      expect(waited).toBeLessThan(9000);
      expect((await page.client.waitFor('socket.closed', (e) => e.sock === 'p4')).reason).toBe('error');
      // the pending slots were given back
      const peer = await tcpPeer();
      await page.client.tcpConnect('after', '127.0.0.1', peer.port);
      await peer.close();
    } finally {
      filler.destroy();
      server.kill();
      page.client.close();
    }
  });
});

describe('no resource left behind', () => {
  it('returns to the same number of file descriptors after 1,000 open/close cycles', async () => {
    const page = await lab.page();
    const peer = await tcpPeer((socket) => socket.on('end', () => socket.end()));
    await stillWorks(page);
    await sleep(100);
    const before = fdCount(pid);
    const started = Date.now();
    let cycles = 0;
    const cycle = async (lane: number, i: number) => {
      const id = `l${lane}`;
      switch (i % 4) {
        case 0:
        case 1:
          await page.client.udpOpen(id);
          break;
        case 2:
          await page.client.tcpListen(id, 0);
          break;
        default:
          await page.client.tcpConnect(id, '127.0.0.1', peer.port);
      }
      await page.client.closeSocket(id);
      cycles++;
    };
    // 4 lanes (the pending-connect quota) of 250 cycles each, every lane with its own socket id
    await Promise.all(
      Array.from({ length: 4 }, async (_, lane) => {
        for (let i = 0; i < 250; i++) await cycle(lane, i + lane);
      }),
    );
    expect(cycles).toBe(1000);
    const after = await eventually(() => (fdCount(pid) <= before ? fdCount(pid) : false), 5000, `fds back to ${before}`).catch(() => fdCount(pid));
    console.log(`1,000 open/close cycles in ${Date.now() - started} ms; bridge fds ${before} -> ${after}`);
    expect(after).toBeLessThanOrEqual(before);
    // and the session's quota was given back too: 16 sockets open again
    for (let i = 0; i < 16; i++) await page.client.udpOpen(`again${i}`);
    expect((await rejection(page.client.udpOpen('again16'))).code).toBe('LAB_QUOTA_SOCKETS');
    page.client.close();
    await peer.close();
  });
});

describe('a page that does not read', () => {
  it('has its UDP beyond the watermark dropped and counted, not buffered, and told later', async () => {
    const page = await lab.page();
    const bound = await page.client.udpOpen('flood');
    const sender = await udpPeer();
    const rssBefore = rssBytes();
    page.ws.pause(); // the page stops reading its WebSocket
    const payload = Buffer.alloc(1200, 'f');
    let sent = 0;
    const deadline = Date.now() + 8000;
    // 40,000 datagrams (48 MB, about 64 MB as events): far more than the kernel buffers hold
    while (sent < 40_000 && Date.now() < deadline) {
      for (let i = 0; i < 200; i++, sent++) sender.socket.send(payload, bound.local.port, '127.0.0.1');
      await new Promise((r) => setImmediate(r));
    }
    await sleep(300);
    const grown = rssBytes() - rssBefore;
    page.ws.resume();
    const dropped = await page.client.waitFor('udp.dropped', (e) => e.sock === 'flood', 10_000);
    const received = page.frames.filter((f) => f.includes('"udp.received"') && f.includes('"flood"')).length;
    console.log(`UDP flood: sent ${sent}, reported ${received}, dropped by the bridge ${dropped.count}, bridge RSS +${(grown / 2 ** 20).toFixed(1)} MiB`);
    expect(dropped.count).toBeGreaterThan(0);
    expect(received).toBeLessThan(sent);
    expect(page.client.history.some((e) => e.type === 'socket.error' && e.code === 'LAB_DROPPED')).toBe(true);
    await sender.close();
    page.client.close();
  });

  it('is not sent the lab servers\' events without bound while it does not read', async () => {
    const page = await lab.page();
    const client = await udpPeer(); // floods udp-upper and counts its replies
    const labPort = lab.bridge.servers['udp-upper']!;
    page.ws.pause();
    const payload = Buffer.alloc(1200, 'l');
    // at most 100 datagrams unanswered, so the lab server really handles them (not the kernel
    // dropping them): 12,000 answers make ~40 MB of lab events, far more than the buffers hold
    let sent = 0;
    const deadline = Date.now() + 8000;
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
    for (let last = -1; last !== page.frames.length && Date.now() < readUntil; ) {
      last = page.frames.length;
      await sleep(300);
    }
    const seen = page.frames.filter((f) => f.includes('"udp.received"') && f.includes('"lab:udp-upper"')).length;
    console.log(`lab flood: the server answered ${answered}, the page that did not read was sent ${seen} of its receive events`);
    // every lab event is ~3 KiB here: more than a few thousand means they were queued without bound
    expect(answered).toBeGreaterThan(5000);
    expect(seen).toBeLessThan(answered / 2);
    await client.close();
    page.client.close();
  });

  it('stops reading the requests of a page that sends but does not read the answers', async () => {
    const page = await lab.page();
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
    for (let last = -1; last !== peer.received.length && Date.now() < until; ) {
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
    const page = await lab.page();
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
