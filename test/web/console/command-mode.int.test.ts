import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { CommandMode } from '../../../web/console/command-mode.js';
import type { LabLink } from '../../../web/console/link.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { closedPort, englishT, linkTo, python, RecordingIO } from './support.js';

let bridge: RunningBridge;
let client: LabClient;
let link: LabLink;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  client = await bridge.connect();
  onTeardown(() => client.close());
  link = linkTo(client);
  onTeardown(() => link.dispose());
});

async function commands(options: { waitMs?: number; exit?: () => void; target?: { server: string } } = {}) {
  const io = new RecordingIO(await englishT());
  const mode = new CommandMode(io, link, { onSocket: () => undefined, exit: options.exit }, options.target, options.waitMs ?? 3000);
  const run = async (...lines: string[]) => {
    for (const line of lines) await mode.run(line, new AbortController().signal);
  };
  return { io, mode, run };
}

describe('command mode, UDP', () => {
  it("makes the textbook client's calls one at a time and prints what Python would", async () => {
    const { io, mode, run } = await commands();
    await run('socket udp mine', 'sendto "hello" udp-upper', 'recvfrom');
    const port = bridge.servers['udp-upper'];
    expect(io.lines[0]).toEqual({ text: 'mine = socket(AF_INET, SOCK_DGRAM)', tone: 'ok' });
    expect(io.out()).toEqual(['5', `(b'HELLO', ('127.0.0.1', ${port}))`]);
    expect(io.text()).toMatch(/The OS bound mine to 127\.0\.0\.1:\d+ \(a free port it chose\)/);
    expect(mode.prompt()).toBe('mine> ');
    mode.dispose();
  });

  it('cuts a datagram to the size recvfrom asks for, as the kernel does', async () => {
    const { io, mode, run } = await commands();
    await run('socket udp', 'sendto "abcdefgh" udp-upper', 'recvfrom 3');
    expect(io.out().at(-1)).toMatch(/^\(b'ABC', \('127\.0\.0\.1', \d+\)\)$/);
    expect(io.text()).toContain('recvfrom(3) returned 3 of 8 bytes');
    mode.dispose();
  });

  it('shows Hangul as the bytes that travel, and decodes them alongside', async () => {
    const { io, mode, run } = await commands();
    await run('socket udp', 'sendto 한 udp-upper', 'recvfrom');
    expect(io.out()).toContain('3');
    expect(io.out().at(-1)).toMatch(/^\(b'\\xed\\x95\\x9c', /);
    expect(io.text()).toContain("decoded as UTF-8: '한'");
    mode.dispose();
  });

  it('gives the prompt back when nothing arrives, and on Ctrl-C', async () => {
    const { io, mode, run } = await commands({ waitMs: 300 });
    await run('socket udp', 'bind 0', 'recvfrom');
    expect(io.text()).toMatch(/Nothing came in 0 s\. A real recvfrom\(\) would still be waiting/);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const slow = await commands({ waitMs: 10_000 });
    await slow.run('socket udp', 'bind 0');
    await slow.mode.run('recvfrom', stop.signal);
    expect(slow.io.text()).toContain('KeyboardInterrupt');
    mode.dispose();
    slow.mode.dispose();
  });

  it('refuses calls that do not fit the socket, in plain words', async () => {
    const { io, mode, run } = await commands();
    await run('recvfrom', 'socket udp', 'recvfrom', 'send hi', 'bind 0', 'bind 0');
    const errors = io.lines.filter((l) => l.tone === 'error').map((l) => l.text);
    expect(errors).toEqual([
      'No socket for recvfrom(): make one first with socket udp or socket tcp.',
      expect.stringMatching(/has no port yet, so nothing can arrive for it/),
      'send() is for TCP sockets; on a UDP socket use sendto.',
      expect.stringMatching(/already has an address; a socket is bound once/),
    ]);
    mode.dispose();
  });

  it("passes the bridge's refusal through in plain words with what to do, not as a LAB_ code", async () => {
    const { io, mode, run } = await commands();
    await run('socket udp', 'bind 80');
    expect(io.lines.find((l) => l.tone === 'error')?.text).toMatch(/^bind\(\) failed: (The lab may only bind to 127\.0\.0\.1|This port is blocked)/);
    expect(io.text()).toMatch(/Choose (a|another) port/);
    expect(io.text()).not.toMatch(/LAB_/);
    mode.dispose();
  });
});

describe('command mode, TCP', () => {
  it("connects, sends, receives, sees b'' when the server closes, and closes", async () => {
    const { io, mode, run } = await commands();
    await run('socket tcp', 'connect tcp-upper', 'send "hello from a"', 'recv', 'recv', 'close');
    expect(io.out()).toEqual(['12', "b'HELLO FROM A'", "b''"]);
    expect(io.text()).toMatch(/connected: 127\.0\.0\.1:\d+ → 127\.0\.0\.1:\d+\. The OS did the three-way handshake/);
    expect(io.text()).toContain("b'' means the other side closed its end");
    expect(io.text()).toMatch(/tcp-\d+ is closed\./);
    mode.dispose();
  });

  it("uses the console's target when connect names none", async () => {
    const { io, mode, run } = await commands({ target: { server: 'tcp-upper' } });
    await run('socket tcp', 'connect');
    expect(io.text()).toContain(`→ 127.0.0.1:${bridge.servers['tcp-upper']}`);
    mode.dispose();
  });

  it('reports ECONNREFUSED at once for a port where nobody listens', async () => {
    const port = await closedPort();
    const { io, mode, run } = await commands();
    await run('socket tcp', `connect 127.0.0.1 ${port}`);
    expect(io.lines.find((l) => l.tone === 'error')?.text).toBe('connect() failed: ECONNREFUSED');
    expect(io.text()).toContain('Nobody is listening on that port');
    mode.dispose();
  });

  it('is a server: bind, listen, accept the textbook client, recv, send, close', async () => {
    const { io, mode, run } = await commands();
    await run('socket tcp srv', 'bind 0', 'listen');
    const listening = await client.waitFor('tcp.listening', (e) => e.sock === 'srv');
    const reply = python(
      `import sys\nfrom socket import *\ns = socket(AF_INET, SOCK_STREAM)\ns.settimeout(5)\ns.connect(('127.0.0.1', int(sys.argv[1])))\ns.send(b'hi there')\nprint(s.recv(1024).decode())\ns.close()`,
      [String(listening.local.port)],
    );
    await run('accept', 'recv', 'send "HI THERE"', 'close', 'sockets');
    expect(await reply).toBe('HI THERE\n');
    expect(io.out()).toContain("b'hi there'");
    expect(io.out().find((l) => l.startsWith('(srv#1, '))).toMatch(/^\(srv#1, \('127\.0\.0\.1', \d+\)\)$/);
    expect(io.text()).toContain('the welcoming socket srv keeps listening. Commands now use srv#1.');
    expect(io.out().at(-1)).toMatch(/^\* srv +TCP {2}127\.0\.0\.1:\d+ {2}\(LISTEN\)$/);
    mode.dispose();
  });
});

describe('command mode, TCP calls the state does not fit (protocol/socket-states.ts)', () => {
  it('refuses accept() on a client socket, connect() twice and send() on a welcoming socket, naming the state', async () => {
    const { io, mode, run } = await commands();
    await run('socket tcp cli', 'connect tcp-upper', 'accept', 'connect tcp-upper', 'socket tcp srv', 'bind 0', 'listen', 'send hi', 'recv', 'sockets');
    const errors = io.lines.filter((l) => l.tone === 'error').map((l) => l.text);
    expect(errors).toEqual([
      'cli is not listening (ESTABLISHED): accept() works on a welcoming socket after listen().',
      'connect() needs a fresh socket, but cli is already in use (ESTABLISHED). Make a new one with socket tcp.',
      'srv is a welcoming socket (LISTEN): it carries no data. send() works on the connection socket accept() returns.',
      'srv is a welcoming socket (LISTEN): it carries no data. recv() works on the connection socket accept() returns.',
    ]);
    expect(io.out().slice(-2)).toEqual([expect.stringMatching(/^ {2}cli +TCP .*\(ESTABLISHED\)$/), expect.stringMatching(/^\* srv +TCP .*\(LISTEN\)$/)]);
    mode.dispose();
  });

  it("refuses send() after this side's FIN, still reads the reply, and close() works after the server's FIN (lesson 4, Live B)", async () => {
    const { io, mode, run } = await commands();
    await run('socket tcp half', 'connect tcp-upper', 'send "a half-close"', 'shutdown', 'send more', 'sockets', 'recv');
    const errors = io.lines.filter((l) => l.tone === 'error').map((l) => l.text);
    // FIN_WAIT; TIME_WAIT once the server's FIN is in too; LAST_ACK if the server (which answers
    // and closes at once) had closed before the shutdown
    expect(errors).toEqual([
      expect.stringMatching(/^half has sent its FIN \((FIN_WAIT|TIME_WAIT|LAST_ACK)\): it can send nothing more\. recv\(\) still reads/),
    ]);
    expect(io.out()).toContainEqual(expect.stringMatching(/half +TCP .*\((FIN_WAIT|TIME_WAIT|LAST_ACK)\)$/));
    expect(io.out().at(-1)).toBe("b'A HALF-CLOSE'");
    // the server's FIN came after this side's: TIME_WAIT, and the bridge let go of the socket
    await client.waitFor('socket.closed', (e) => e.sock === 'half');
    await run('close');
    expect(io.lines.at(-1)).toEqual({ text: 'half is closed.', tone: 'ok' });
    expect(io.text()).not.toMatch(/failed/);
    mode.dispose();
  });
});

describe('command mode, the console around the calls', () => {
  it('prints help, exits to the client when it can, and says so when it cannot', async () => {
    let exited = false;
    const withExit = await commands({ exit: () => (exited = true) });
    await withExit.run('help', 'help sendto', 'exit');
    expect(withExit.io.text()).toContain('sendto [SOCKET] TEXT HOST PORT');
    expect(withExit.io.text()).toContain('Example: sendto hello udp-upper');
    expect(exited).toBe(true);
    const alone = await commands();
    await alone.run('exit', 'nonsense');
    expect(alone.io.text()).toContain('This console is for commands only');
    expect(alone.io.text()).toContain('There is no command nonsense.');
  });

  it('closes its sockets when disposed', async () => {
    const { mode, run } = await commands();
    await run('socket udp gone', 'bind 0');
    mode.dispose();
    mode.dispose();
    const closed = await client.waitFor('socket.closed', (e) => e.sock === 'gone', 3000);
    expect(closed.reason).toBe('local');
  });
});
