// The Python listings of lessons 5 and 6 compile, and the servers do what the lessons say when a
// real client talks to them: each runs as a python3 process on a free loopback port.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../support/bridge-process.js';
import { closedPort } from '../console/support.js';

const LESSON5 = join(ROOT, 'lessons', '05-echo-many-clients');
const LESSON6 = join(ROOT, 'lessons', '06-framing');
const work = mkdtempSync(join(tmpdir(), 'listings-'));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const p of running) p.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

/** Copies a listing with its serverPort changed, starts it, and waits for its ready line. */
async function startServer(dir: string, file: string, extra: string[] = []): Promise<number> {
  const port = await closedPort();
  const source = readFileSync(join(dir, file), 'utf8');
  expect(source).toMatch(/^serverPort = \d+$/m);
  writeFileSync(join(work, file), source.replace(/^serverPort = \d+$/m, `serverPort = ${port}`));
  for (const f of extra) copyFileSync(join(dir, f), join(work, f));
  const child = spawn('python3', ['-u', file], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start`)), 5000);
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return port;
}

/** A client that collects everything it receives. */
async function client(port: number): Promise<{ socket: Socket; got: () => string; waitFor: (text: string, ms?: number) => Promise<boolean> }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let got = '';
  socket.on('data', (d) => (got += d.toString('latin1')));
  socket.on('error', () => {});
  const waitFor = async (text: string, ms = 3000) => {
    const deadline = Date.now() + ms;
    while (!got.includes(text) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return got.includes(text);
  };
  return { socket, got: () => got, waitFor };
}

describe('the listings', () => {
  const files = [LESSON5, LESSON6].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.py'))
      .map((f) => join(dir, f)),
  );
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s compiles with Python 3', async (_name, file) => {
    await new Promise<void>((resolve, reject) =>
      execFile('python3', ['-c', 'import ast, sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file], (e, _o, stderr) =>
        e ? reject(new Error(stderr)) : resolve(),
      ),
    );
  });
});

describe('EchoServer.py (iterative, persistent)', () => {
  it('echoes many lines on one connection, and serves the second client only after the first closes', async () => {
    const port = await startServer(LESSON5, 'EchoServer.py');
    const a = await client(port);
    a.socket.write('one');
    expect(await a.waitFor('one')).toBe(true);
    a.socket.write('two');
    expect(await a.waitFor('onetwo')).toBe(true);
    const b = await client(port); // connect() returns: the kernel completed the handshake
    b.socket.write('from b');
    expect(await b.waitFor('from b', 500)).toBe(false);
    a.socket.end();
    expect(await b.waitFor('from b')).toBe(true);
    b.socket.destroy();
  });
});

describe.each(['ThreadedEchoServer.py', 'SelectorsEchoServer.py', 'UthreadEchoServer.py'])('%s', (file) => {
  it('serves three clients at once, each for several lines', async () => {
    const port = await startServer(LESSON5, file);
    const clients = await Promise.all([client(port), client(port), client(port)]);
    for (const [i, c] of clients.entries()) c.socket.write(`hello ${i}`);
    for (const [i, c] of clients.entries()) expect(await c.waitFor(`hello ${i}`)).toBe(true);
    clients[2].socket.write(' again');
    expect(await clients[2].waitFor('hello 2 again')).toBe(true);
    for (const c of clients) c.socket.destroy();
  });
});

describe('EchoClient.py', () => {
  it('sends each line on one connection, prints the echo, and closes on an empty line', async () => {
    const seen: string[] = [];
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.on('data', (d) => (seen.push(d.toString()), s.write(d)));
      s.on('end', () => (seen.push('<FIN>'), s.end()));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const source = readFileSync(join(LESSON5, 'EchoClient.py'), 'utf8').replace(/^serverPort = \d+$/m, `serverPort = ${port}`);
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile('python3', ['-c', source], { timeout: 10_000 }, (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(stdout)));
      child.stdin!.end('hello\nworld\n\n');
    });
    server.close();
    expect(out).toContain('From Server: hello');
    expect(out).toContain('From Server: world');
    expect(connections).toBe(1);
    expect(seen).toEqual(['hello', 'world', '<FIN>']);
  });
});

describe('FramedEchoServer.py with framing.py', () => {
  it('puts a frame split across sends back together and answers two frames sent together', async () => {
    const port = await startServer(LESSON6, 'FramedEchoServer.py', ['framing.py']);
    const c = await client(port);
    c.socket.write('5 hel');
    await new Promise((r) => setTimeout(r, 100));
    c.socket.write('lo5 world');
    expect(await c.waitFor('5 HELLO5 WORLD')).toBe(true);
    c.socket.destroy();
  });

  it('drops the buffer on a bad frame, answers with an error, and gives up after three in a row', async () => {
    const port = await startServer(LESSON6, 'FramedEchoServer.py', ['framing.py']);
    const c = await client(port);
    let closed = false;
    c.socket.on('end', () => (closed = true));
    c.socket.write('hello');
    expect(await c.waitFor('error: the size is not a number')).toBe(true);
    c.socket.write('2 hi'); // a good frame resets the count
    expect(await c.waitFor('2 HI')).toBe(true);
    c.socket.write('99999 ');
    expect(await c.waitFor('error: the size is too large')).toBe(true);
    c.socket.write(Buffer.from([0x32, 0x20, 0xff, 0xfe]));
    expect(await c.waitFor('error: the payload is not UTF-8')).toBe(true);
    c.socket.write('x');
    await c.waitFor('never', 1000);
    expect(closed).toBe(true);
  });
});
