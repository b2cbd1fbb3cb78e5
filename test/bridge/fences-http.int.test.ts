// The first four fences of docs/security.md, tested from outside the running bridge: where it
// listens, the Host allowlist on every request, the exact Origin allowlist and the per-launch
// token on the upgrade, and that a refused client never receives a WebSocket frame.
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridgeProcess } from '../support/bridge-process.js';
import { INDEX_HTML, startLab, type Lab } from './helpers/lab.js';
import { boundAddresses } from './helpers/peers.js';

let lab: Lab;
let port: number;
let previousToken: string;

beforeAll(async () => {
  // a launch before this one, whose token must not open this one
  const previous = await startBridgeProcess();
  previousToken = previous.token;
  await previous.stop();
  lab = await startLab();
  port = lab.bridge.port;
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

/** A plain GET written by hand, so the Host header is exactly as given (or absent). */
function get(host: string | null, path = '/'): Promise<{ status: number; body: string }> {
  const head = [`GET ${path} HTTP/1.1`, ...(host === null ? [] : [`Host: ${host}`]), 'Connection: close'];
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = '';
    socket.setEncoding('utf8').on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.connect(port, '127.0.0.1', () => socket.write(`${head.join('\r\n')}\r\n\r\n`));
  });
}

interface Handshake {
  host?: string;
  origin?: string | null;
  token?: string | null;
  path?: string;
}

/** Sends a WebSocket upgrade by hand and returns every byte the bridge sent until it closed the
 * connection, or until the end of the headers of an accepted one. */
function upgrade(h: Handshake): Promise<{ raw: Buffer; text: string; status: number; ended: boolean }> {
  const token = h.token === undefined ? lab.bridge.token : h.token;
  const path = h.path ?? `/ws${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const origin = h.origin === undefined ? lab.bridge.origin : h.origin;
  const lines = [
    `GET ${path} HTTP/1.1`,
    `Host: ${h.host ?? `127.0.0.1:${port}`}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version: 13',
    ...(origin === null ? [] : [`Origin: ${origin}`]),
  ];
  return new Promise((resolve) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let ended = false;
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(chunks);
      const text = raw.toString('latin1');
      resolve({ raw, text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), ended });
    };
    const timer = setTimeout(finish, 2000);
    socket.on('data', (d) => {
      chunks.push(d);
      // an accepted upgrade stays open: its answer is complete at the end of the headers
      if (Buffer.concat(chunks).toString('latin1').startsWith('HTTP/1.1 101') && Buffer.concat(chunks).includes('\r\n\r\n')) finish();
    });
    socket.on('end', () => {
      ended = true;
      finish();
    });
    socket.on('error', finish);
    socket.connect(port, '127.0.0.1', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
  });
}

/** A refusal is one HTTP response and nothing else: its body is exactly Content-Length long, so
 * no WebSocket frame (nor anything) follows it. */
function expectOnlyHttpRefusal(reply: { raw: Buffer; text: string; ended: boolean }, status: number): void {
  expect(reply.text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
  expect(reply.text).not.toMatch(/101 Switching|Sec-WebSocket-Accept/i);
  const headEnd = reply.raw.indexOf('\r\n\r\n');
  const length = Number(/\r\nContent-Length: (\d+)/i.exec(reply.text)?.[1]);
  expect(headEnd).toBeGreaterThan(0);
  expect(reply.raw.length).toBe(headEnd + 4 + length);
  expect(reply.ended).toBe(true);
}

describe('fence 1: the bridge listens on loopback only', () => {
  it('has every listening TCP socket and bound UDP socket on 127.0.0.1 (as ss -ltn / -lun show)', () => {
    const { tcpListen, udp } = boundAddresses(lab.bridge.process.pid!);
    expect(tcpListen).toContain(`127.0.0.1:${port}`);
    expect(tcpListen).toContain(`127.0.0.1:${lab.bridge.servers['tcp-upper']}`);
    expect(udp).toContain(`127.0.0.1:${lab.bridge.servers['udp-upper']}`);
    for (const address of [...tcpListen, ...udp]) expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
  });
});

describe('fence 2: Host allowlist on every HTTP request', () => {
  it('serves the page to Host localhost, 127.0.0.1 and [::1] on its own port', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      const reply = await get(host);
      expect(reply, host).toMatchObject({ status: 200 });
      expect(reply.body).toBe(INDEX_HTML);
    }
  });

  it.each([
    ['a foreign name (DNS rebinding)', 'evil.example:PORT'],
    ['a name that resolves to 127.0.0.1', '127.0.0.1.nip.io:PORT'],
    ['a decimal IPv4 literal', '2130706433:PORT'],
    ['a short IPv4 literal', '127.1:PORT'],
    ['a hexadecimal IPv4 literal', '0x7f.0.0.1:PORT'],
    ['an octal IPv4 literal', '0177.0.0.1:PORT'],
    ['another port on localhost', 'localhost:1'],
    ['an IPv4-mapped IPv6 literal', '[::ffff:127.0.0.1]:PORT'],
    ['an empty Host', ''],
  ])('refuses %s with 403', async (_what, host) => {
    const reply = await get(host.replace('PORT', String(port)));
    expect(reply.status).toBe(403);
    expect(reply.body).not.toContain('<title>');
  });

  it('refuses a request without a Host header', async () => {
    const reply = await get(null);
    expect([400, 403]).toContain(reply.status);
  });

  it('refuses an upgrade from a foreign Host with 403, before looking at Origin or token', async () => {
    expectOnlyHttpRefusal(await upgrade({ host: `evil.example:${port}` }), 403);
  });
});

describe('fence 3: exact Origin allowlist on the upgrade', () => {
  it("accepts the upgrade from the page's own origin (the control for the refusals below)", async () => {
    const reply = await upgrade({});
    expect(reply.status).toBe(101);
    expect(reply.text).toMatch(/Sec-WebSocket-Accept/i);
  });

  it.each([
    ['a foreign site', 'http://evil.example'],
    ['another port on localhost', 'http://localhost:3000'],
    ['a sandboxed frame or file (null)', 'null'],
    ['the right host over https', 'https://127.0.0.1:PORT'],
    ['a name that starts like the lab', 'http://127.0.0.1:PORT.evil.example'],
    ['the lab origin with a path', 'http://127.0.0.1:PORT/'],
  ])('refuses %s with 403 and sends no frame', async (_what, origin) => {
    expectOnlyHttpRefusal(await upgrade({ origin: origin.replace('PORT', String(port)) }), 403);
  });

  it('refuses an upgrade without an Origin header with 403', async () => {
    expectOnlyHttpRefusal(await upgrade({ origin: null }), 403);
  });
});

describe('fence 4: the per-launch token', () => {
  it('refuses an upgrade without a token with 401 and sends no frame', async () => {
    expectOnlyHttpRefusal(await upgrade({ token: null }), 401);
  });

  it('refuses a wrong token with 401, whatever its length', async () => {
    const token = lab.bridge.token;
    for (const wrong of ['', 'x', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, `${token}x`]) {
      expectOnlyHttpRefusal(await upgrade({ token: wrong }), 401);
    }
  });

  it("refuses the previous launch's token with 401", async () => {
    expect(previousToken).not.toBe(lab.bridge.token);
    expectOnlyHttpRefusal(await upgrade({ token: previousToken }), 401);
  });

  it('carries at least 128 random bits, and never prints a token it was offered', async () => {
    expect(Buffer.from(lab.bridge.token, 'base64url').length).toBeGreaterThanOrEqual(16);
    await upgrade({ token: 'offered-token-that-must-not-be-logged' });
    expect(lab.bridge.output()).not.toContain('offered-token-that-must-not-be-logged');
  });

  it('gives a refused typed client a closed connection, never a hello', async () => {
    const refused = await lab.page({ token: 'wrong' }).then(
      () => 'connected',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(refused).not.toBe('connected');
  });

  it('answers 404 to an upgrade on another path', async () => {
    expectOnlyHttpRefusal(await upgrade({ path: `/other?token=${lab.bridge.token}` }), 404);
  });
});
