// The page's socket module (web/python/lab_socket.py) in the real CPython-in-WebAssembly, with the
// page replaced by a script: each socket call must become the right request, and each answer the
// value or the exception CPython's socket module gives on Linux. No bridge, no browser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/bridge-process.js';

type Answer = Record<string, unknown>;
let py: PyodideAPI;
let calls: { op: string; args: Record<string, unknown> }[] = [];
let script: (op: string, args: Record<string, unknown>) => Answer = () => ({});
let out = '';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const address = (port: number) => ({ address: '127.0.0.1', port, family: 'IPv4' });

/** Runs a program as the page would; returns its exit status and what it printed. */
function run(source: string, file = 'prog.py'): { status: number; out: string } {
  calls = [];
  out = '';
  const runner = py.pyimport('lab_runner') as { run: (source: string, file: string, argv: unknown, threads: string) => number };
  const status = runner.run(source, file, py.toPy([]), 'no threads here');
  return { status, out };
}

beforeAll(async () => {
  py = await loadPyodide();
  const write = { write: (bytes: Uint8Array) => ((out += new TextDecoder().decode(bytes)), bytes.length) };
  py.setStdout(write);
  py.setStderr(write);
  py.registerJsModule('_labjs', {
    call: (op: string, json: string) => {
      const args = JSON.parse(json) as Record<string, unknown>;
      if (op !== 'newid') calls.push({ op, args });
      if (op === 'newid') return JSON.stringify({ id: `${String(args.host)}-${calls.length + 1}` });
      return JSON.stringify(script(op, args));
    },
    sleep: () => undefined,
  });
  py.FS.mkdirTree('/lab');
  py.FS.writeFile('/lab/lab_socket.py', readFileSync(join(ROOT, 'web/python/lab_socket.py'), 'utf8'));
  py.FS.writeFile('/lab/lab_runner.py', readFileSync(join(ROOT, 'web/python/runner.py'), 'utf8'));
  py.runPython('import sys\nsys.path.insert(0, "/lab")\nimport lab_runner');
}, 60_000);

describe('the socket module of Python in the page', () => {
  it('maps UDPServer.py to bind (127.0.0.1 for "") and recvfrom/sendto, with the program\'s line numbers', () => {
    let served = 0;
    script = (op) => {
      if (op === 'udp.open') return { local: address(12100) };
      if (op === 'recvfrom') return served++ === 0 ? { data: b64('hello'), from: address(50000), size: 5 } : { error: 'interrupted' };
      if (op === 'udp.send') return { size: 5 };
      return {};
    };
    const got = run(readFileSync(join(ROOT, 'lessons/03-udp/UDPServer.py'), 'utf8').replace('12000', '12100'), 'UDPServer.py');
    expect(calls.map((c) => c.op)).toEqual(['udp.open', 'recvfrom', 'udp.send', 'recvfrom', 'close']);
    expect(calls[0]!.args).toMatchObject({ host: '127.0.0.1', port: 12100, line: 5 });
    expect(calls[2]!.args).toMatchObject({ host: '127.0.0.1', port: 50000, data: b64('HELLO'), line: 10 });
    // Stop in recvfrom: KeyboardInterrupt at the student's line 8, the socket closed at exit
    expect(got.status).toBe(130);
    expect(got.out).toMatch(/File "UDPServer\.py", line 8, in <module>\n.*recvfrom[\s\S]*KeyboardInterrupt/);
  });

  it('cuts a datagram to recvfrom(bufsize), binds a client on its first sendto, and passes timeouts in seconds', () => {
    script = (op) =>
      op === 'udp.open'
        ? { local: address(40000) }
        : op === 'udp.send'
          ? { size: 2 }
          : op === 'recvfrom'
            ? { data: b64('HELLO WORLD'), from: address(12000), size: 11 }
            : {};
    const got = run(`from socket import *
s = socket(AF_INET, SOCK_DGRAM)
s.settimeout(1.5)
print(s.sendto(b'hi', ('localhost', 12000)))
print(s.recvfrom(4))
print(s.getsockname())
`);
    expect(got.out).toContain("2\n(b'HELL', ('127.0.0.1', 12000))\n('127.0.0.1', 40000)\n");
    expect(calls.map((c) => c.op)).toEqual(['udp.open', 'udp.send', 'recvfrom', 'close']);
    expect(calls[0]!.args).toMatchObject({ port: 0 });
    expect(calls[2]!.args).toMatchObject({ timeout: 1.5 });
  });

  it('maps TCP calls: connect, send returning the count, recv returning b"" at the end, shutdown', () => {
    let reads = 0;
    script = (op) => {
      if (op === 'tcp.connect') return { local: address(50001), remote: address(12000) };
      if (op === 'send') return { size: 3 };
      if (op === 'recv') return { data: reads++ === 0 ? b64('ABC') : '' };
      return {};
    };
    const got = run(`import socket
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    s.connect(('127.0.0.1', 12000))
    print(s.send(b'abc'), s.getpeername())
    s.shutdown(socket.SHUT_WR)
    print(s.recv(1024), s.recv(1024))
`);
    expect(got.out).toContain("3 ('127.0.0.1', 12000)\nb'ABC' b''\n");
    expect(calls.map((c) => c.op)).toEqual(['tcp.connect', 'send', 'shutdown', 'recv', 'recv', 'close']);
  });

  it('raises the real exceptions with Linux errno numbers', () => {
    const cases: [string, string][] = [
      ['ECONNREFUSED', 'ConnectionRefusedError 111'],
      ['ECONNRESET', 'ConnectionResetError 104'],
      ['EPIPE', 'BrokenPipeError 32'],
      ['EADDRINUSE', 'OSError 98'],
      ['LAB_QUOTA_SOCKETS', 'OSError 24'],
      ['timeout', 'TimeoutError None'],
      ['gaierror', 'gaierror -2'],
    ];
    for (const [code, expected] of cases) {
      script = (op) => (op === 'tcp.connect' ? { error: code, hint: code === 'LAB_QUOTA_SOCKETS' ? 'close one first' : undefined } : {});
      const got = run(`import errno
from socket import *
try:
    socket(AF_INET, SOCK_STREAM).connect(('localhost', 9))
except OSError as e:
    print(type(e).__name__, e.errno)
    if e.errno == 111: print(errno.ECONNREFUSED == e.errno, isinstance(e, error))
`);
      expect(got.out, code).toContain(expected);
      if (code === 'ECONNREFUSED') expect(got.out).toContain('True True');
    }
  });

  it('accept() returns a connected socket and the peer address; a busy port is reported by listen()', () => {
    script = (op) => {
      if (op === 'tcp.listen') return { local: address(12100) };
      if (op === 'accept') return { conn: 'srv#1', local: address(12100), remote: address(50002) };
      return {};
    };
    let got = run(`from socket import *
s = socket(AF_INET, SOCK_STREAM)
s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)
s.bind(('', 12100))
s.listen(1)
c, addr = s.accept()
print(addr, c.getsockname(), c.fileno() > 2)
`);
    expect(got.out).toContain("('127.0.0.1', 50002) ('127.0.0.1', 12100) True");
    expect(calls[0]).toMatchObject({ op: 'tcp.listen', args: { host: '127.0.0.1', port: 12100, backlog: 1, line: 5 } });
    script = (op) => (op === 'tcp.listen' ? { error: 'EADDRINUSE' } : {});
    got = run(`from socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.bind(('', 12000))\ns.listen(1)\n`);
    expect(got.out).toMatch(/line 4, in <module>[\s\S]*OSError: \[Errno 98\] Address already in use/);
  });

  it('select() waits on the lab sockets and selectors.DefaultSelector uses it', () => {
    script = (op, args) => {
      if (op === 'tcp.listen') return { local: address(12012) };
      if (op === 'select') return { ready: args.socks };
      if (op === 'accept') return { conn: 'x#1', local: address(12012), remote: address(50003) };
      return {};
    };
    const got = run(`import selectors, select
from socket import *
s = socket(AF_INET, SOCK_STREAM)
s.bind(('', 12012)); s.listen(5); s.setblocking(False)
sel = selectors.DefaultSelector()
sel.register(s, selectors.EVENT_READ)
print(type(sel).__name__, [k.fileobj is s for k, e in sel.select(timeout=1)])
print(select.select([s], [], [], 0)[0] == [s])
`);
    expect(got.out).toContain('SelectSelector [True]\nTrue');
    expect(calls.filter((c) => c.op === 'select')[0]!.args).toMatchObject({ timeout: 1 });
  });

  it('refuses what CPython refuses: str data, a bad address, and says why threads cannot start', () => {
    script = () => ({});
    let got = run(`from socket import *\nsocket(AF_INET, SOCK_DGRAM).sendto('text', ('localhost', 12000))\n`);
    expect(got.out).toContain("TypeError: a bytes-like object is required, not 'str'");
    got = run(`from socket import *\nsocket(AF_INET, SOCK_DGRAM).sendto(b'x', 'localhost')\n`);
    expect(got.out).toContain('TypeError: AF_INET address must be a pair (host, port)');
    got = run(`import threading\nthreading.Thread(target=print).start()\n`);
    expect(got.out).toContain('RuntimeError: no threads here');
    expect(got.status).toBe(1);
  });
});
