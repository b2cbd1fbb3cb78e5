// The limits inside the fences, against the real bridge: sessions, frame size, validation of every
// message with a typed error and a session that carries on, the bad-message cutoff, the socket and
// pending-connect quotas, the connect timeout, and no descriptor left behind.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
  await lab.stop();
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
    ['a missing host', { host: undefined }],
  ])('answers udp.send with %s with LAB_BAD_MESSAGE', async (_what, change) => {
    const message = { type: 'udp.send', sock: 'u', host: '127.0.0.1', port: 40000, data: toBase64('x'), ...change };
    expect((await refusal(JSON.stringify(message))).code).toBe('LAB_BAD_MESSAGE');
  });

  it("answers a socket id in the lab's own namespace with LAB_BAD_MESSAGE", async () => {
    expect((await refusal(JSON.stringify({ type: 'udp.open', sock: 'lab:udp-upper' }))).code).toBe('LAB_BAD_MESSAGE');
    expect((await refusal(JSON.stringify({ type: 'tcp.listen', sock: 'srv#1', port: 0 }))).code).toBe('LAB_BAD_MESSAGE');
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
  it('times a silent connect() out with ETIMEDOUT and refuses a 5th pending one with LAB_QUOTA_PENDING', { timeout: 40_000 }, async () => {
    const server = spawn(PYTHON!, [join(ROOT, 'test/python/NoAcceptServer.py'), '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const page = await lab.page();
    const filler = new Socket();
    try {
      const [line] = (await once(server.stdout, 'data')) as [Buffer];
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
      expect(waited).toBeLessThan(15_000);
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
