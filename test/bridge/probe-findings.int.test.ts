// The small findings of the security probe, each tested from outside the running bridge:
// F5 an error answer carries only a req the Event schema accepts; F6 two Host headers are a 400;
// F7 a second close() of a socket still connecting is answered; F9 the page has a
// Content-Security-Policy; F10 while the lab reaches only this machine, a page's names cause no
// DNS query (in a namespace whose resolver is a listener of the test).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/bridge-process.js';
import { startLab, type Lab, type Page } from './helpers/lab.js';
import { PYTHON } from './helpers/peers.js';

let lab: Lab;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  page = await lab.page();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

/** Writes one HTTP request by hand (any header lines) and returns the status and head. */
function request(lines: string[]): Promise<{ status: number; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let text = '';
    socket.setEncoding('latin1').on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), head: text.split('\r\n\r\n')[0]! }));
    socket.connect(lab.bridge.port, '127.0.0.1', () => socket.write(`${[...lines, 'Connection: close'].join('\r\n')}\r\n\r\n`));
  });
}

describe('F5: error answers', () => {
  it('echo no req outside the schema, so every reply parses as an Event', async () => {
    for (const req of [-1, 2 ** 31 + 1, 1e21, -(2 ** 53)]) page.client.sendRaw(JSON.stringify({ type: 'socket.close', sock: 'x', req, zz: 0 }));
    const answered = page.client.next('socket.error', (e) => e.req === 77);
    page.client.sendRaw(JSON.stringify({ type: 'socket.close', sock: 'x', req: 77, zz: 0 }));
    await answered;
    // afterAll: lab.expectValidFrames() holds every frame of this file to parseEvent
  });
});

describe('F6: Host', () => {
  it('answers a request with two Host headers with 400, even when the first is allowed', async () => {
    const host = `127.0.0.1:${lab.bridge.port}`;
    expect((await request(['GET / HTTP/1.1', `Host: ${host}`, 'Host: evil.example'])).status).toBe(400);
    const upgrade = [
      'GET /ws?token=' + lab.bridge.token + ' HTTP/1.1',
      `Host: ${host}`,
      'Host: evil.example',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version: 13',
      `Origin: ${lab.bridge.origin}`,
    ];
    const reply = await request(upgrade);
    expect(reply.status).toBe(400);
    expect(reply.head).not.toMatch(/Sec-WebSocket-Accept/i);
    expect((await request(['GET / HTTP/1.1', `Host: ${host}`])).status).toBe(200);
  });
});

describe.skipIf(!PYTHON)('F7: closing a socket that is still connecting', () => {
  it('answers both of two pipelined close() calls', { timeout: 20_000 }, async () => {
    // a listen(0) queue that is full and never accepted: a new SYN stays unanswered (SYN_SENT)
    const server = spawn(PYTHON!, [
      '-c',
      "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)",
    ]);
    try {
      const port = await new Promise<number>((resolve) => server.stdout.setEncoding('utf8').once('data', (d: string) => resolve(Number(d.trim()))));
      const fillers = [new Socket(), new Socket()];
      for (const f of fillers) f.on('error', () => {}).connect(port, '127.0.0.1');
      await new Promise((r) => setTimeout(r, 200));
      const connecting = page.client.next('tcp.connecting', (e) => e.sock === 'syn');
      page.client.send({ type: 'tcp.connect', sock: 'syn', host: '127.0.0.1', port });
      await connecting;
      const first = page.client.send({ type: 'socket.close', sock: 'syn' });
      const second = page.client.send({ type: 'socket.close', sock: 'syn' });
      await page.client.waitFor('socket.closed', (e) => e.sock === 'syn');
      const answer = await page.client.waitFor('socket.error', (e) => e.req === second);
      expect(answer.code).toBe('LAB_NO_SUCH_SOCKET');
      expect(page.client.history.some((e) => e.type === 'socket.error' && e.req === first)).toBe(false);
      for (const f of fillers) f.destroy();
    } finally {
      server.kill();
    }
  });
});

describe('F9: Content-Security-Policy', () => {
  it('is sent with the page: scripts from the bridge and WebAssembly, workers from the bridge or blob:, no framing', async () => {
    const { head } = await request(['GET / HTTP/1.1', `Host: 127.0.0.1:${lab.bridge.port}`]);
    const csp = /\r\nContent-Security-Policy: ([^\r]*)/i.exec(head)?.[1] ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval'/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toContain(`ws://127.0.0.1:${lab.bridge.port}`);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});

const canIsolate = spawnSync('unshare', ['-nm', 'true']).status === 0;
if (!canIsolate) console.warn('unshare -nm is not available (needs root): the DNS test is skipped');

describe.skipIf(!canIsolate)('F10: names while the lab reaches only this machine (in namespaces of the test)', () => {
  it('refuses every name but localhost without a DNS query; widened with --allow, the query is made', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'socket-lab-dns-'));
    const resolv = join(dir, 'resolv.conf');
    writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
    const script = `ip link set lo up && mount --bind ${resolv} /etc/resolv.conf && exec "$0" --import tsx test/bridge/fixtures/isolated-dns.ts`;
    const { stdout } = await promisify(execFile)('unshare', ['-nm', 'sh', '-c', script, process.execPath], { cwd: ROOT, timeout: 50_000 });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as {
      denied: Record<string, string>;
      queriedWhileLoopbackOnly: string[];
      allowed: Record<string, string>;
      queriedWhenWidened: string[];
    };
    const { 'udp localhost': localhost, ...names } = report.denied;
    expect(localhost).toBe('allowed');
    for (const [what, code] of Object.entries(names)) expect(code, what).toBe('LAB_DESTINATION_DENIED');
    expect(report.queriedWhileLoopbackOnly).toEqual([]);
    // the control: the resolver would have heard a bridge that looked names up
    expect(report.queriedWhenWidened).toContain('control.invalid');
  });
});
