// One session that makes the bridge send every event of the contract it can send to a page, each
// frame checked against the Event schema: the bridge is held to protocol/messages.ts as written.
import { Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../support/teardown.js';
import { parseEvent } from '../../protocol/codec.js';
import { EVENT_TYPES, type EventType } from '../../protocol/messages.js';
import { sleep, startLab, type Lab, type Page } from './helpers/lab.js';
import { freePort, udpPeer } from './helpers/peers.js';

/** Every event a page can see from the bridge. */
const PRODUCED: EventType[] = [
  'hello',
  'udp.bound',
  'udp.sent',
  'udp.received',
  'udp.dropped',
  'tcp.connecting',
  'tcp.connected',
  'tcp.listening',
  'tcp.accepted',
  'tcp.sent',
  'tcp.received',
  'tcp.finSent',
  'tcp.peerClosed',
  'tcp.reset',
  'socket.closed',
  'socket.error',
];

let lab: Lab;
let page: Page;

const onTeardown = teardownStack();
beforeAll(async () => {
  lab = await startLab();
  onTeardown(() => lab.stop());
  page = await lab.page();
});

describe('the events of one session', () => {
  it('names only event types the contract has', () => {
    expect(EVENT_TYPES).toEqual(expect.arrayContaining(PRODUCED));
  });

  it('covers every event type, and every frame parses as an Event', async () => {
    const c = page.client;
    // UDP: bound, sent, received (from the lab server), error (a denied destination)
    await c.udpOpen('u');
    await c.udpSend('u', '127.0.0.1', lab.bridge.servers['udp-upper']!, 'every event');
    await c.waitFor('udp.received', (e) => e.sock === 'u');
    await c.udpSend('u', '::ffff:127.0.0.1', 40000, 'x').catch(() => {});

    // TCP client: connecting, connected, sent, received, peerClosed, finSent, closed
    await c.tcpConnect('t', '127.0.0.1', lab.bridge.servers['tcp-upper']!);
    await c.tcpSend('t', 'every event');
    await c.waitFor('tcp.peerClosed', (e) => e.sock === 't');
    await c.closeSocket('t');

    // TCP server: listening, accepted; a client that resets: reset
    const listening = await c.tcpListen('w', 0);
    const accepted = c.next('tcp.accepted', (e) => e.sock === 'w');
    const client = new Socket();
    client.on('error', () => {});
    client.connect(listening.local.port, '127.0.0.1');
    const conn = (await accepted).conn;
    client.resetAndDestroy();
    await c.waitFor('tcp.reset', (e) => e.sock === conn);

    // an OS error: connect to a closed port
    await c.tcpConnect('refused', '127.0.0.1', await freePort()).catch(() => {});

    // dropped: a UDP flood while the page does not read
    const bound = await c.udpOpen('flood');
    const sender = await udpPeer();
    page.ws.pause();
    for (let sent = 0; sent < 40_000; sent += 200) {
      for (let i = 0; i < 200; i++) sender.socket.send(Buffer.alloc(1200), bound.local.port, '127.0.0.1');
      await new Promise((r) => setImmediate(r));
    }
    await sleep(200);
    page.ws.resume();
    await c.waitFor('udp.dropped', (e) => e.sock === 'flood');
    await sender.close();

    const seen = new Set<string>();
    const bad: string[] = [];
    for (const frame of page.frames) {
      const parsed = parseEvent(frame);
      if (parsed.ok) seen.add(parsed.value.type);
      else bad.push(`${frame.slice(0, 120)}: ${parsed.message}`);
    }
    expect(bad).toEqual([]);
    expect([...PRODUCED].filter((t) => !seen.has(t))).toEqual([]);
  });
});
