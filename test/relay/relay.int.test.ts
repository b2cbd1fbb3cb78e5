// The relay between a client and a server, through the real bridge, with real client programs.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { connect as tcpConnect } from 'node:net';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import type { LabClient } from '../../protocol/client.js';
import type { EventOf } from '../../protocol/messages.js';
import { startBridgeProcess, type RunningBridge } from '../support/bridge-process.js';

let bridge: RunningBridge;
let lab: LabClient;

const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
  lab = await bridge.connect();
  onTeardown(() => lab.close());
});

/** A textbook-style UDP client: sends and collects replies. */
async function udpClient(): Promise<{ socket: DgramSocket; replies: string[]; close(): void }> {
  const socket = createSocket('udp4');
  const replies: string[] = [];
  socket.on('message', (m) => replies.push(m.toString()));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { socket, replies, close: () => socket.close() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await sleep(10);
}

describe('UDP relay', () => {
  it('forwards to the server and back, reporting both hops', async () => {
    const started = await lab.relayStart('r-plain', 'udp', { host: '127.0.0.1', port: bridge.servers['udp-upper']! });
    const client = await udpClient();
    client.socket.send('hello relay', started.listen.port, '127.0.0.1');
    await until(() => client.replies.length > 0, 3000);
    expect(client.replies).toEqual(['HELLO RELAY']);
    const hop1 = await lab.waitFor('udp.received', (e) => e.sock === 'r-plain');
    const hop2 = await lab.waitFor('udp.sent', (e) => e.sock.startsWith('r-plain~'));
    expect(hop1.from.port).toBe(client.socket.address().port);
    expect(hop2.to.port).toBe(bridge.servers['udp-upper']);
    client.close();
    await lab.closeSocket('r-plain');
  });

  it('loses 30% of 1,000 datagrams within 3 points with a fixed seed', async () => {
    const started = await lab.relayStart('r-loss', 'udp', { host: '127.0.0.1', port: bridge.servers['udp-upper']! }, { settings: { loss: 0.3, seed: 12345 } });
    const client = await udpClient();
    const arrived: EventOf<'relay.arrived'>[] = [];
    const stop = lab.onEvent((e) => {
      if (e.type === 'relay.arrived' && e.sock === 'r-loss' && e.dir === 'toServer') arrived.push(e);
    });
    for (let i = 0; i < 1000; i++) {
      client.socket.send(`ping ${i}`, started.listen.port, '127.0.0.1');
      // stay well inside the kernel's socket buffers, so only the relay loses datagrams
      if (i % 20 === 19) await until(() => arrived.length >= i - 40, 2000);
    }
    await until(() => arrived.length >= 1000, 10_000);
    stop();
    expect(arrived.length).toBe(1000);
    const lost = arrived.filter((e) => e.lost).length;
    expect(Math.abs(lost / 1000 - 0.3)).toBeLessThanOrEqual(0.03);
    // what the lost ones were is what reached the server: none of them
    const reachedServer = lab.history.filter((e) => e.type === 'udp.received' && e.sock === 'lab:udp-upper' && e.from.port !== client.socket.address().port);
    expect(reachedServer.length).toBeGreaterThan(0);
    client.close();
    await lab.closeSocket('r-loss');
  });

  it('delays by the configured time and duplicates every datagram when told to', async () => {
    const started = await lab.relayStart(
      'r-delay',
      'udp',
      { host: '127.0.0.1', port: bridge.servers['udp-upper']! },
      { settings: { delayMs: 150, duplicate: 1, seed: 3 } },
    );
    const client = await udpClient();
    const t0 = performance.now();
    client.socket.send('twice', started.listen.port, '127.0.0.1');
    await until(() => client.replies.length >= 4, 3000);
    const elapsed = performance.now() - t0;
    // duplicated on the way there (2 at the server), each reply duplicated on the way back (4)
    expect(client.replies).toEqual(['TWICE', 'TWICE', 'TWICE', 'TWICE']);
    expect(elapsed).toBeGreaterThanOrEqual(290); // two hops of 150 ms
    client.close();
    await lab.closeSocket('r-delay');
  });

  it('reorders: a held-back datagram is overtaken by later ones', async () => {
    const started = await lab.relayStart(
      'r-order',
      'udp',
      { host: '127.0.0.1', port: bridge.servers['udp-upper']! },
      { settings: { reorder: 0.5, reorderMs: 200, seed: 8 } },
    );
    const client = await udpClient();
    for (let i = 0; i < 20; i++) client.socket.send(`m${String(i).padStart(2, '0')}`, started.listen.port, '127.0.0.1');
    await until(() => client.replies.length >= 20, 4000);
    expect(client.replies.length).toBe(20);
    expect([...client.replies].sort()).toEqual(Array.from({ length: 20 }, (_, i) => `M${String(i).padStart(2, '0')}`));
    expect(client.replies).not.toEqual([...client.replies].sort());
    client.close();
    await lab.closeSocket('r-order');
  });

  it('holds datagrams and releases them in order, one step at a time; a dropped one never arrives', async () => {
    const started = await lab.relayStart('r-hold', 'udp', { host: '127.0.0.1', port: bridge.servers['udp-upper']! });
    await lab.relayHold('r-hold', true);
    const client = await udpClient();
    for (const word of ['one', 'two', 'three', 'four']) client.socket.send(word, started.listen.port, '127.0.0.1');
    await until(() => lab.history.filter((e) => e.type === 'relay.held' && e.sock === 'r-hold').length >= 4, 3000);
    await sleep(100);
    expect(client.replies).toEqual([]);
    const held = lab.history.filter((e): e is EventOf<'relay.held'> => e.type === 'relay.held' && e.sock === 'r-hold').map((e) => e.packet);
    await lab.relayStep('r-hold');
    // the reply is held on its way back too: step it through
    await until(() => lab.history.some((e) => e.type === 'relay.held' && e.sock === 'r-hold' && e.dir === 'toClient'), 2000);
    const config = await lab.relayDrop('r-hold', held[1]!); // 'two' never reaches the server
    expect(config.waiting).not.toContain(held[1]);
    await lab.relayStep('r-hold', 1); // releases 'three' (next toServer in line) or the reply, oldest first
    await lab.relayHold('r-hold', false);
    await until(() => client.replies.length >= 3, 3000);
    expect(client.replies).toEqual(['ONE', 'THREE', 'FOUR']);
    client.close();
    await lab.closeSocket('r-hold');
  });

  it('refuses a target off this machine', async () => {
    await expect(lab.relayStart('r-far', 'udp', { host: '10.1.2.3', port: 12000 })).rejects.toMatchObject({ code: 'LAB_DESTINATION_DENIED' });
  });
});

describe('TCP relay', () => {
  /** A server that reads until the client's FIN, then replies in capitals and closes. */
  async function wholeStreamServer(): Promise<{ port: number; close(): void }> {
    const { createServer } = await import('node:net');
    const server = createServer({ allowHalfOpen: true }, (s) => {
      const parts: Buffer[] = [];
      s.on('data', (d: Buffer) => parts.push(d));
      s.on('end', () => s.end(Buffer.concat(parts).toString().toUpperCase()));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { port: (server.address() as { port: number }).port, close: () => server.close() };
  }

  it('shows the textbook server, which reads once, getting only the first piece', async () => {
    const started = await lab.relayStart(
      'r-once',
      'tcp',
      { host: '127.0.0.1', port: bridge.servers['tcp-upper']! },
      { settings: { segmentBytes: 4, delayMs: 30 } },
    );
    const socket = tcpConnect(started.listen.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('hello world');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => {});
    await Promise.race([once(socket, 'end'), once(socket, 'close')]);
    expect(Buffer.concat(chunks).toString()).toBe('HELL');
    socket.destroy();
    await lab.closeSocket('r-once');
  });

  it('cuts the stream into small delayed pieces that arrive complete and in order', async () => {
    const server = await wholeStreamServer();
    const started = await lab.relayStart(
      'r-tcp',
      'tcp',
      { host: '127.0.0.1', port: server.port },
      { settings: { segmentBytes: 4, delayMs: 20, jitterMs: 15, loss: 0.3, retransmitMs: 100, seed: 5 } },
    );
    const socket = tcpConnect(started.listen.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end('hello through a slow path');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await once(socket, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('HELLO THROUGH A SLOW PATH');
    const pieces = lab.history.filter((e): e is EventOf<'relay.arrived'> => e.type === 'relay.arrived' && e.sock === 'r-tcp' && e.dir === 'toServer');
    expect(pieces.length).toBe(Math.ceil('hello through a slow path'.length / 4));
    expect(pieces.some((p) => p.retransmission)).toBe(true); // 30% "loss" became retransmissions
    socket.destroy();
    server.close();
    await lab.closeSocket('r-tcp');
  });

  it('holds pieces; stepping releases one at a time, and a dropped piece is retransmitted in its place', async () => {
    const server = await wholeStreamServer();
    const started = await lab.relayStart('r-tcphold', 'tcp', { host: '127.0.0.1', port: server.port }, { settings: { segmentBytes: 3 } });
    await lab.relayHold('r-tcphold', true);
    const socket = tcpConnect(started.listen.port, '127.0.0.1');
    await once(socket, 'connect');
    socket.end('abcdefghi'); // three pieces: abc def ghi
    const heldIds = () =>
      lab.history.filter((e): e is EventOf<'relay.held'> => e.type === 'relay.held' && e.sock === 'r-tcphold' && e.dir === 'toServer').map((e) => e.packet);
    await until(() => heldIds().length >= 3, 3000);
    const [first, second] = heldIds();
    const sentToServer = () =>
      lab.history
        .filter((e): e is EventOf<'tcp.sent'> => e.type === 'tcp.sent' && e.sock.startsWith('r-tcphold~'))
        .map((e) => Buffer.from(e.data, 'base64').toString());
    await lab.relayStep('r-tcphold');
    await until(() => sentToServer().length === 1, 2000);
    expect(sentToServer()).toEqual(['abc']);
    const afterDrop = await lab.relayDrop('r-tcphold', second!);
    expect(afterDrop.waiting.length).toBe(2); // the retransmission took the dropped piece's place
    expect(afterDrop.waiting[0]).not.toBe(second);
    expect(first).toBeLessThan(second!);
    await lab.relayStep('r-tcphold');
    await until(() => sentToServer().length === 2, 2000);
    expect(sentToServer()).toEqual(['abc', 'def']); // the retransmitted piece, still before 'ghi'
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await lab.relayHold('r-tcphold', false);
    await once(socket, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('ABCDEFGHI');
    socket.destroy();
    server.close();
    await lab.closeSocket('r-tcphold');
  });
});
