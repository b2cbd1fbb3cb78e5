// Python in the page, in a real browser against the real bridge: the textbook's programs run
// unchanged in the page's own Python (CPython in WebAssembly), on real sockets the bridge opens,
// against the lab's servers, against programs on the host (python3) and against each other.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { ROOT } from '../support/bridge-process.js';
import { startLab, type Lab } from './support/browser.js';
import { flowArrows, panel } from './support/lab-page.js';
import { closeProgram, endedAfter, forgetEdits, openProgram, output, run, runToEnd, typeInto, waitOutput, withProgram } from './support/program.js';

let lab: Lab;
let page: Page;

/** A TCP and UDP port nobody holds now (the OS's choice), for a page server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs one of the test's host programs (test/python) with python3; what it printed, and its code. */
function python3(file: string, args: string[], input = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [file, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill(), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(input);
  });
}

/** Can this machine bind the UDP port now (the page's server let it go)? */
function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => resolve(false));
    s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

const withPort = (source: string, port: number) => source.replace(/serverPort = \d+/, `serverPort = ${port}`);

const onTeardown = teardownStack();
beforeAll(async () => {
  // the textbook's programs name port 12000: the lab's uppercase servers are there, as in class
  lab = await startLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000'] });
  onTeardown(() => lab.close());
  page = await lab.open('03-udp');
  await forgetEdits(page);
});

/** A listing of the course, as the lesson ships it. */
const listing = (path: string) => readFileSync(join(ROOT, 'lessons', path), 'utf8');
const UDP_CLIENT = listing('03-udp/UDPClient.py');
const UDP_SERVER = listing('03-udp/UDPServer.py');

describe('Python in the page: UDP (lesson 3)', () => {
  it('runs UDPClient.py unchanged: input() from its console, HELLO WORLD back from udp-upper', async () => {
    const program = await openProgram(page, 'client-code');
    expect(await program.locator('.cm-content').textContent()).toContain('serverPort = 12000');
    const before = await run(program);
    await waitOutput(program, 'Input lowercase sentence:', 30_000);
    await typeInto(program, 'hello world');
    await waitOutput(program, 'HELLO WORLD');
    expect(await endedAfter(program, before)).toBe('exited');
    expect(await output(program)).toMatch(/exit status 0/);
    // its datagrams are drawn in the lesson's flow, from a socket named after the program
    await expect.poll(() => flowArrows(page, 'flow', 'datagram').count(), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(await panel(page, 'flow').textContent()).toContain('UDPClient.py-');
    // the line of the last socket call (close(), line 10) is lit in the editor, from the real call
    await expect.poll(() => program.locator('.cm-lit-line').textContent()).toBe('clientSocket.close()');
  });

  it('runs again at once (Python stays warm), with Korean in and out', async () => {
    const program = panel(page, 'client-code').locator('.program-panel');
    const started = Date.now();
    const before = await run(program);
    await waitOutput(program, /Input lowercase sentence:\s*$/);
    const warm = Date.now() - started;
    await typeInto(program, '안녕 hello');
    await waitOutput(program, '안녕 HELLO');
    expect(await endedAfter(program, before)).toBe('exited');
    expect(warm).toBeLessThan(15_000);
  });

  it('serves the host: UDPServer.py in the page answers python3 UDPClient.py in a terminal, and Stop ends its recvfrom', async () => {
    const port = await freePort();
    const server = await withProgram(page, '03-udp', 'server-code', 'UDPServer.py', withPort(UDP_SERVER, port));
    const serverRuns = await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const host = await python3('test/python/UDPClient.py', ['127.0.0.1', String(port), 'from the host']);
    expect(host.out.trim()).toBe('FROM THE HOST');
    // and a page client reaches the page server
    const client = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', withPort(UDP_CLIENT, port));
    await run(client);
    await waitOutput(client, 'Input lowercase sentence:', 30_000);
    await typeInto(client, 'page to page');
    await waitOutput(client, 'PAGE TO PAGE');
    // Stop while the server blocks in recvfrom: KeyboardInterrupt at its line, its socket closed
    await server.locator('.program-stop').click();
    expect(await endedAfter(server, serverRuns)).toBe('stopped');
    const text = await output(server);
    expect(text).toMatch(/File "UDPServer\.py", line 8, in <module>/);
    expect(text).toMatch(/KeyboardInterrupt/);
    expect(text).not.toMatch(/lab_socket|lab_runner|<exec>/);
    await expect.poll(() => udpPortFree(port), { timeout: 5000 }).toBe(true);
    await closeProgram(page, 'server-code');
  });

  it('cuts a long datagram to recvfrom(bufsize) and times out with socket.timeout', async () => {
    const program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `from socket import *
import socket as so
s = socket(AF_INET, SOCK_DGRAM)
s.sendto(b'hello world', ('localhost', 12000))
data, addr = s.recvfrom(4)
print('cut:', data, addr[1])
s.settimeout(0.5)
print('timeout is', s.gettimeout(), so.timeout is TimeoutError)
try:
    s.recvfrom(2048)
except timeout as e:
    print('timed out:', e)
print(s.getsockname()[0])
s.close()
`,
    );
    const { status, text } = await runToEnd(program);
    expect(status).toBe('exited');
    expect(text).toContain("cut: b'HELL' 12000");
    expect(text).toContain('timeout is 0.5 True');
    expect(text).toContain('timed out: timed out');
    expect(text).toContain('127.0.0.1');
  });

  it("shows a syntax error and a traceback with the student's own line numbers", async () => {
    let program = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', `from socket import *\nprint('one'\nprint('two')\n`);
    let got = await runToEnd(program);
    expect(got.status).toBe('exited');
    expect(got.text).toMatch(/File "UDPClient\.py", line 2/);
    expect(got.text).toMatch(/SyntaxError/);
    expect(got.text).toMatch(/exit status 1/);
    program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `from socket import *\n\ndef send():\n    s = socket(AF_INET, SOCK_DGRAM)\n    s.sendto('not bytes', ('localhost', 12000))\n\nsend()\n`,
    );
    got = await runToEnd(program);
    expect(got.text).toMatch(/File "UDPClient\.py", line 7, in <module>/);
    expect(got.text).toMatch(/File "UDPClient\.py", line 5, in send/);
    expect(got.text).toMatch(/TypeError: a bytes-like object is required, not 'str'/);
  });

  it('stops an endless loop, and a program that ignores KeyboardInterrupt, and keeps working', async () => {
    let program = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', `n = 0\nwhile True:\n    n += 1\n`);
    let before = await run(program);
    await program.locator('.program-stop').click();
    expect(await endedAfter(program, before)).toBe('stopped');
    expect(await output(program)).toMatch(/KeyboardInterrupt/);
    program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        print('not stopping')\n`,
    );
    before = await run(program);
    await program.locator('.program-stop').click();
    expect(await endedAfter(program, before)).toBe('stopped');
    await waitOutput(program, /restarted/);
    // a new interpreter runs the next program
    program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `import sys, json, random, time\nrandom.seed(1)\nt = time.time(); time.sleep(0.2)\nprint(sys.argv, json.dumps({'ok': time.time() - t >= 0.19}))\n`,
    );
    const got = await runToEnd(program, 40_000);
    expect(got.text).toContain(`['UDPClient.py'] {"ok": true}`);
  });

  it('meets the session quota as OSError (Too many open files) and the page keeps working', async () => {
    const program = await withProgram(
      page,
      '03-udp',
      'client-code',
      'UDPClient.py',
      `from socket import *
kept = []
try:
    for i in range(1000):
        s = socket(AF_INET, SOCK_DGRAM)
        s.bind(('', 0))
        kept.append(s)
except OSError as e:
    print('after', len(kept), 'sockets:', e.errno, e.strerror)
for s in kept:
    s.close()
s = socket(AF_INET, SOCK_DGRAM)
s.sendto(b'still here', ('localhost', 12000))
print(s.recvfrom(2048)[0].decode())
`,
    );
    const got = await runToEnd(program, 60_000);
    expect(got.text).toMatch(/after \d+ sockets: 24 Too many open files/);
    // with the lab's reason and what to do, in the page's language
    expect(got.text).toContain('(This page has as many sockets open as the lab allows.');
    expect(got.text).toContain('STILL HERE');
  });

  it('says why a thread cannot start here', async () => {
    const program = await withProgram(page, '03-udp', 'client-code', 'UDPClient.py', `import threading\nthreading.Thread(target=print).start()\n`);
    const got = await runToEnd(program);
    expect(got.text).toMatch(/RuntimeError: threads cannot start in Python in the page/);
    await closeProgram(page, 'client-code');
  });
});

describe('Python in the page: TCP (lesson 4)', () => {
  beforeAll(async () => {
    await page.goto(`${lab.bridge.url.replace(/\?.*/, '')}#/04-tcp`);
    await panel(page, 'client-code').waitFor();
  });

  it('runs TCPClient.py unchanged against tcp-upper', async () => {
    const program = await openProgram(page, 'client-code');
    const before = await run(program);
    await waitOutput(program, 'Input lowercase sentence:', 30_000);
    await typeInto(program, 'over tcp');
    await waitOutput(program, 'From Server: OVER TCP');
    expect(await endedAfter(program, before)).toBe('exited');
  });

  it('serves the host: TCPServer.py in the page answers python3 TCPClient.py', async () => {
    const port = await freePort();
    const source = listing('04-tcp/TCPServer.py');
    const server = await withProgram(page, '04-tcp', 'server-code', 'TCPServer.py', withPort(source, port));
    const serverRuns = await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const host = await python3('test/python/TCPClient.py', ['127.0.0.1', String(port), 'tcp from the host']);
    expect(host.out).toContain('TCP FROM THE HOST');
    await server.locator('.program-stop').click();
    expect(await endedAfter(server, serverRuns)).toBe('stopped');
    const acceptLine = source.split('\n').findIndex((l) => l.includes('.accept()')) + 1;
    expect(await output(server)).toMatch(new RegExp(`line ${acceptLine}, in <module>[\\s\\S]*KeyboardInterrupt`));
    await closeProgram(page, 'server-code');
  });

  it('raises ConnectionRefusedError, ConnectionResetError and EADDRINUSE with their errno', async () => {
    const closed = await freePort();
    const program = await withProgram(
      page,
      '04-tcp',
      'client-code',
      'TCPClient.py',
      `from socket import *
try:
    socket(AF_INET, SOCK_STREAM).connect(('localhost', ${closed}))
except ConnectionRefusedError as e:
    print('refused', e.errno)
s = socket(AF_INET, SOCK_STREAM)
s.connect(('localhost', 12000))
s.sendall(b'x' * 3000)
got = b''
try:
    while True:
        part = s.recv(4096)
        if not part:
            print('closed after', len(got))
            break
        got += part
except ConnectionResetError as e:
    print('reset', e.errno, 'after', len(got))
s.close()
busy = socket(AF_INET, SOCK_STREAM)
busy.bind(('', 12000))
try:
    busy.listen(1)
except OSError as e:
    print('busy', e.errno, e.strerror)
`,
    );
    const got = await runToEnd(program);
    expect(got.text).toContain('refused 111');
    // tcp-upper reads one recv(1024) and closes with bytes unread: the kernel resets
    expect(got.text).toMatch(/reset 104 after \d+/);
    expect(got.text).toContain('busy 98 Address already in use');
  });

  it('select and selectors serve two clients on one thread (SelectorsEchoServer.py)', async () => {
    const port = await freePort();
    const source = listing('05-echo-many-clients/SelectorsEchoServer.py');
    const server = await withProgram(page, '04-tcp', 'server-code', 'TCPServer.py', withPort(source, port));
    const serverRuns = await run(server);
    await waitOutput(server, 'The server is ready to receive', 30_000);
    const echo = (text: string) =>
      new Promise<string>((resolve, reject) => {
        const c = connect(port, '127.0.0.1', () => c.write(text));
        c.setEncoding('utf8').once('data', (d: string) => {
          resolve(d);
          c.end();
        });
        c.on('error', reject);
      });
    const first = connect(port, '127.0.0.1');
    await new Promise((r) => first.once('connect', r));
    // a second client is served while the first stays connected and silent
    expect(await echo('second')).toBe('second');
    first.destroy();
    expect(await echo('third')).toBe('third');
    await server.locator('.program-stop').click();
    expect(await endedAfter(server, serverRuns)).toBe('stopped');
    await closeProgram(page, 'server-code');
  });
});
