import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import type { LabClient } from '../../../protocol/client.js';
import { ClientMode } from '../../../web/console/client-mode.js';
import type { LabLink } from '../../../web/console/link.js';
import { startBridgeProcess, type RunningBridge } from '../../support/bridge-process.js';
import { closedPort, englishT, linkTo, RecordingIO } from './support.js';

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

async function clientMode(proto: 'udp' | 'tcp', target: ConstructorParameters<typeof ClientMode>[2]['target'], replyTimeoutMs?: number) {
  const io = new RecordingIO(await englishT());
  const sockets: (string | undefined)[] = [];
  let commandMode = false;
  const mode = new ClientMode(
    io,
    link,
    { proto, target, bufsize: 2048, replyTimeoutMs },
    {
      onSocket: (id) => sockets.push(id),
      enterCommandMode: () => (commandMode = true),
    },
  );
  return { io, mode, sockets, commandMode: () => commandMode };
}

const signal = () => new AbortController().signal;

describe('client console, UDP (UDPClient.py)', () => {
  it('sends the sentence to the lab server and prints the reply in capitals', async () => {
    const { io, mode, sockets } = await clientMode('udp', { server: 'udp-upper' });
    expect(mode.prompt()).toBe('Input lowercase sentence: ');
    await mode.run('hello world', signal());
    expect(io.out()).toEqual(['HELLO WORLD']);
    expect(io.text()).toContain(`sendto: 11 bytes to 127.0.0.1:${bridge.servers['udp-upper']}`);
    expect(sockets).toHaveLength(1);
    mode.dispose();
  });

  it('keeps one socket, so the OS-chosen port stays the same from sentence to sentence', async () => {
    const { io, mode, sockets } = await clientMode('udp', { server: 'udp-upper' });
    await mode.run('one', signal());
    await mode.run('two', signal());
    expect(io.out()).toEqual(['ONE', 'TWO']);
    expect(sockets).toHaveLength(1);
    const sent = client.history.filter((e) => e.type === 'udp.sent' && e.sock === sockets[0]);
    expect(sent).toHaveLength(2);
    mode.dispose();
  });

  it('explains a 3,000-byte sentence that comes back as 2,048 bytes', async () => {
    const { io, mode } = await clientMode('udp', { server: 'udp-upper' });
    await mode.run('a'.repeat(3000), signal());
    expect(io.out()[0]).toBe('A'.repeat(2048));
    expect(io.text()).toContain('recvfrom(2048) returned 2048 of 3000 bytes');
    mode.dispose();
  });

  it('says what a real recvfrom would do when nobody answers', async () => {
    const port = await closedPort();
    const { io, mode } = await clientMode('udp', { host: '127.0.0.1', port }, 300);
    const started = Date.now();
    await mode.run('anyone there', signal());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(io.out()).toEqual([]);
    expect(io.text()).toMatch(/No reply in 0.3 s\. A real recvfrom\(\) would still be waiting/);
    mode.dispose();
  });

  it('stops waiting on Ctrl-C, like KeyboardInterrupt', async () => {
    const port = await closedPort();
    const { io, mode } = await clientMode('udp', { host: '127.0.0.1', port }, 10_000);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 200);
    await mode.run('wait', stop.signal);
    expect(io.text()).toContain('KeyboardInterrupt');
    mode.dispose();
  });

  it('names a lab server that is not there instead of sending', async () => {
    const { io, mode, sockets } = await clientMode('udp', { server: 'no-such-server' });
    await mode.run('hello', signal());
    expect(io.text()).toContain('There is no lab server called no-such-server.');
    expect(sockets).toEqual([]);
  });

  it('switches to command mode on :cmd and sends nothing', async () => {
    const { io, mode, commandMode, sockets } = await clientMode('udp', { server: 'udp-upper' });
    await mode.run(':cmd', signal());
    expect(commandMode()).toBe(true);
    await mode.run(':what', signal());
    expect(io.text()).toContain('Unknown console command :what.');
    expect(sockets).toEqual([]);
  });
});

describe('client console, TCP (TCPClient.py)', () => {
  it('connects, sends, reads until the server closes, and prints the reply', async () => {
    const { io, mode, sockets } = await clientMode('tcp', { server: 'tcp-upper' });
    await mode.run('hello world', signal());
    expect(io.out()).toEqual(['HELLO WORLD']);
    expect(io.text()).toMatch(/then b'': the server closed the connection/);
    const closed = await client.waitFor('socket.closed', (e) => e.sock === sockets[0], 3000);
    expect(closed.sock).toBe(sockets[0]);
    mode.dispose();
  });

  it('reports a refused connection with its code and a plain-words hint', async () => {
    const port = await closedPort();
    const { io, mode } = await clientMode('tcp', { host: '127.0.0.1', port });
    await mode.run('hello', signal());
    expect(io.lines.find((l) => l.tone === 'error')?.text).toBe('connect() failed: ECONNREFUSED');
    expect(io.text()).toContain('Nobody is listening on that port');
    mode.dispose();
  });

  it('prints the bytes that arrived before a reset, then ECONNRESET (as recv() raises it after them)', async () => {
    // tcp-upper reads one recv(1024), answers it and closes with the rest unread: the kernel resets
    const { io, mode } = await clientMode('tcp', { server: 'tcp-upper' });
    await mode.run('a'.repeat(2000), signal());
    const text = io.text();
    expect(text).toContain('A'.repeat(1024));
    expect(text).toContain('ECONNRESET');
    expect(text.indexOf('A'.repeat(1024))).toBeLessThan(text.indexOf('ECONNRESET'));
    mode.dispose();
  });

  it('keeps Hangul as it is and counts bytes, not characters', async () => {
    const { io, mode } = await clientMode('tcp', { server: 'tcp-upper' });
    await mode.run('안녕 socket', signal());
    expect(io.out()).toEqual(['안녕 SOCKET']);
    expect(io.text()).toMatch(/in 1 piece, then b''/);
    mode.dispose();
  });
});
