// The lessons' own Python listings, run with python3 on real sockets: what the text says of them
// holds. Each listing is copied with its fixed port replaced by a free one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { gameServer } from '../../bridge/lab/game.js';
import { runLab } from '../lab/support.js';
import { freePort, HAS_PYTHON, runPython, type PythonProgram } from '../support/python.js';

const dir = mkdtempSync(join(tmpdir(), 'socket-lab-listings-'));
const running: PythonProgram[] = [];
afterAll(() => {
  for (const p of running) p.stop();
});

/** lessons/<lesson>/<file> with `from` (the listing's port) replaced by `to`; beside it, the files it imports. */
function listing(lesson: string, file: string, from: number, to: number, name = file): string {
  const source = readFileSync(new URL(`../../lessons/${lesson}/${file}`, import.meta.url), 'utf8');
  expect(source).toContain(String(from));
  const path = join(dir, name);
  writeFileSync(path, source.replaceAll(String(from), String(to)).replaceAll("'localhost'", "'127.0.0.1'").replaceAll("('', ", "('127.0.0.1', "));
  return path;
}

async function start(path: string, args: (string | number)[] = [], ready?: string): Promise<PythonProgram> {
  const program = await runPython(path, args, ready);
  running.push(program);
  return program;
}

/** A client that connects, sends a byte and resets the connection (SO_LINGER 0), then a polite one. */
function resetThenAsk(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const rude = connect(port, '127.0.0.1', () => {
      rude.write('x');
      rude.resetAndDestroy();
      exchange(port, 'after a reset').then(resolve, reject);
    });
    rude.on('error', () => {});
  });
}

/** Connects, sends `text`, half-closes, and resolves with everything until the server closes. */
function exchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(text));
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error('no answer within 5 s')));
  });
}

describe.skipIf(!HAS_PYTHON)('the lessons\' Python listings', () => {
  it('UDPPingerClient.py skips a late reply to an earlier ping instead of timing the current one by it', async () => {
    const port = await freePort('udp');
    // a server that answers ping 1 after 1.3 s (too late) and ping 2 after 0.5 s, the rest at once
    const server = join(dir, 'LatePinger.py');
    writeFileSync(
      server,
      [
        'import sys, threading, time',
        'from socket import *',
        's = socket(AF_INET, SOCK_DGRAM)',
        "s.bind(('127.0.0.1', int(sys.argv[1])))",
        "print('ready', flush=True)",
        'def later(d, m, a):',
        '    time.sleep(d)',
        '    s.sendto(m, a)',
        'while True:',
        '    m, a = s.recvfrom(1024)',
        '    d = {1: 1.3, 2: 0.5}.get(int(m.split()[1]), 0)',
        '    threading.Thread(target=later, args=(d, m.upper(), a), daemon=True).start()',
      ].join('\n'),
    );
    await start(server, [port], 'ready');
    const client = await start(listing('09-pinger', 'UDPPingerClient.py', 12005, port));
    const { code, output } = await client.exited(20_000);
    expect(code, output).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines[0]).toBe('Request timed out');
    expect(lines[1]).toMatch(/^PING 2 \S+ RTT (\d+\.\d+) ms$/);
    const rtt2 = Number(/RTT (\d+\.\d+)/.exec(lines[1]!)![1]);
    expect(rtt2).toBeGreaterThanOrEqual(450);
    expect(output).not.toMatch(/^PING 1 /m);
    expect(output).toContain('1 of 10 pings lost (10%)');
  });

  it('TCPServer.py can be restarted at once after a client: SO_REUSEADDR', async () => {
    const port = await freePort('tcp');
    const path = listing('04-tcp', 'TCPServer.py', 12000, port);
    for (const round of [1, 2]) {
      const server = await start(path, [], 'ready');
      // the server closes first: its side of this connection waits in TIME_WAIT
      expect(await exchange(port, `hello ${round}`)).toBe(`HELLO ${round}`);
      server.stop();
      await server.exited();
    }
  });

  it('TCPServerBug.py on a free port stops at line 10 with Errno 107, as the quiz says', async () => {
    const port = await freePort('tcp');
    const bug = await start(listing('04-tcp', 'TCPServerBug.py', 12000, port));
    const { code, output } = await bug.exited();
    expect(code).not.toBe(0);
    expect(output).toMatch(/line 10, in <module>/);
    expect(output).toContain('[Errno 107] Transport endpoint is not connected');
  });

  it.each([
    ['EchoServer.py', 12002],
    ['ThreadedEchoServer.py', 12012],
    ['SelectorsEchoServer.py', 12012],
    ['UthreadEchoServer.py', 12012],
  ] as const)('%s keeps serving after one client resets its connection', async (file, listingPort) => {
    const port = await freePort('tcp');
    const server = await start(listing('05-echo-many-clients', file, listingPort, port), [], 'ready');
    expect(await resetThenAsk(port).catch((e: unknown) => `${e instanceof Error ? e.message : String(e)}\n${server.output()}`)).toBe('after a reset');
  });

  it('FramedEchoServer.py answers a frame and refuses a bad one', async () => {
    const port = await freePort('tcp');
    listing('06-framing', 'framing.py', 4096, 4096);
    await start(listing('06-framing', 'FramedEchoServer.py', 12003, port), [], 'ready');
    const reply = await exchange(port, '5 hello');
    expect(reply).toBe('5 HELLO');
  });

  it('framing.py tells a close between frames from a close inside one', async () => {
    listing('06-framing', 'framing.py', 4096, 4096);
    const probe = join(dir, 'FramingProbe.py');
    writeFileSync(
      probe,
      [
        'from socket import socketpair',
        'from framing import read_frame',
        'for sent in [b"5 hello", b"5 he"]:',
        '    a, b = socketpair()',
        '    b.sendall(sent)',
        '    b.close()',
        '    buffer = b""',
        '    try:',
        '        while True:',
        '            text, buffer = read_frame(a, buffer)',
        '            print("frame:", text)',
        '    except ConnectionError as e:',
        '        print("closed:", e)',
      ].join('\n'),
    );
    const { output } = await (await start(probe)).exited();
    expect(output.trim().split('\n')).toEqual(['frame: hello', 'closed: the connection closed', 'closed: the connection closed inside a frame']);
  });

  it('GameClient.py plays against the lab\'s game server, and logs in when its name already exists', async () => {
    const lab = await runLab(gameServer);
    try {
      const path = listing('07-game-protocol', 'GameClient.py', 12004, lab.port);
      // spawnSync would block the event loop the game server runs on: run python3 asynchronously
      const run = () =>
        new Promise<string>((resolve) => {
          const child = spawn('python3', [path], { stdio: ['pipe', 'pipe', 'pipe'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (out += d.toString()));
          child.on('exit', () => resolve(out));
          child.stdin.end('mina\n');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        });
      const first = await run();
      expect(first).toContain("new -> [True]");
      expect(first).toMatch(/update -> \[\{'size'/);
      const second = await run();
      expect(second).toContain('NAME_TAKEN');
      expect(second).toContain('login -> [True]');
      expect(second).toMatch(/update -> \[\{'size'/);
      expect(second).not.toContain('LOGIN_REQUIRED\'}, ') // the move after login is accepted
    } finally {
      await lab.close();
    }
  });
});
