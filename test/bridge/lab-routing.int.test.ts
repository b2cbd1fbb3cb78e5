// A lab server's events go only to the session that took part in the exchange (the page whose
// socket, or whose relay, talked to it), never to every page: the cost of a round trip must not
// grow with the number of pages open. An exchange no page took part in (the student's own Python
// client) is still shown, within a budget shared by all pages.
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../protocol/client.js';
import type { Event } from '../../protocol/messages.js';
import { startLab, type Lab, type Page } from './helpers/lab.js';

let lab: Lab;
let a: Page;
let b: Page;
let udpPort: number;
let tcpPort: number;

beforeAll(async () => {
  lab = await startLab();
  [a, b] = await Promise.all([lab.page(), lab.page()]);
  udpPort = lab.bridge.servers['udp-upper']!;
  tcpPort = lab.bridge.servers['tcp-upper']!;
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

const labEvents = (page: Page): Event[] => page.client.history.filter((e) => 'sock' in e && typeof e.sock === 'string' && e.sock.startsWith('lab:'));

/** One round trip of `page` with udp-upper; resolves when the lab's own udp.sent has reached it. */
async function udpRoundTrip(page: Page, sock: string, text: string): Promise<number> {
  const bound = await page.client.udpOpen(sock);
  const labSent = page.client.next('udp.sent', (e) => e.sock === 'lab:udp-upper' && e.to.port === bound.local.port);
  const reply = page.client.next('udp.received', (e) => e.sock === sock);
  await page.client.udpSend(sock, '127.0.0.1', udpPort, text);
  expect(decodeText((await reply).data)).toBe(text.toUpperCase());
  await labSent;
  await page.client.closeSocket(sock);
  return bound.local.port;
}

describe('routing of the lab servers events', () => {
  it('sends udp-upper and tcp-upper events (direct and through a relay) to the page that took part, and none to the other page', async () => {
    const before = labEvents(b).length;

    // page A: UDP to udp-upper
    const aUdpPort = await udpRoundTrip(a, 'a-udp', 'only for a');
    const aLab = labEvents(a);
    expect(aLab.some((e) => e.type === 'udp.received' && e.from.port === aUdpPort)).toBe(true);

    // page A: TCP to tcp-upper, through to the lab's close of its connection socket
    const accepted = a.client.next('tcp.accepted', (e) => e.sock === 'lab:tcp-upper');
    const connected = await a.client.tcpConnect('a-tcp', '127.0.0.1', tcpPort);
    const conn = (await accepted).conn;
    expect((await a.client.waitFor('tcp.accepted', (e) => e.conn === conn)).remote).toEqual(connected.local);
    const labClosed = a.client.waitFor('socket.closed', (e) => e.sock === conn);
    await a.client.tcpSend('a-tcp', 'tcp for a');
    await a.client.waitFor('tcp.received', (e) => e.sock === 'a-tcp');
    await labClosed;
    await a.client.closeSocket('a-tcp');

    // page A: a UDP relay in front of udp-upper, A's own socket as its client
    const relay = await a.client.relayStart('a-relay', 'udp', { host: '127.0.0.1', port: udpPort });
    await a.client.udpOpen('a-via');
    const viaReply = a.client.next('udp.received', (e) => e.sock === 'a-via');
    const labViaRelay = a.client.next('udp.sent', (e) => e.sock === 'lab:udp-upper' && e.to.port !== aUdpPort);
    await a.client.udpSend('a-via', '127.0.0.1', relay.listen.port, 'via relay');
    expect(decodeText((await viaReply).data)).toBe('VIA RELAY');
    const upstream = await a.client.waitFor('udp.bound', (e) => e.sock.startsWith('a-relay~'));
    expect((await labViaRelay).to.port).toBe(upstream.local.port);
    await a.client.closeSocket('a-via');
    await a.client.closeSocket('a-relay');

    // page B's own round trip: the bridge writes to B in order, so anything of A's meant for B
    // would have arrived before B's own lab events
    const bUdpPort = await udpRoundTrip(b, 'b-udp', 'only for b');
    const bLab = labEvents(b).slice(before);
    expect(bLab.length).toBeGreaterThan(0);
    for (const e of bLab) {
      if (e.type === 'udp.received') expect(e.from.port).toBe(bUdpPort);
      else if (e.type === 'udp.sent') expect(e.to.port).toBe(bUdpPort);
      else throw new Error(`page B got a lab event of an exchange it took no part in: ${JSON.stringify(e)}`);
    }
    // and A never saw B's
    expect(labEvents(a).some((e) => e.type === 'udp.received' && e.from.port === bUdpPort)).toBe(false);
  });

  it("shows an exchange no page took part in (the student's own client program) to every page", async () => {
    const client = createSocket('udp4');
    client.bind(0, '127.0.0.1');
    await once(client, 'listening');
    const port = client.address().port;
    const seenByA = a.client.next('udp.received', (e) => e.sock === 'lab:udp-upper' && e.from.port === port);
    const seenByB = b.client.next('udp.received', (e) => e.sock === 'lab:udp-upper' && e.from.port === port);
    client.send('from python', udpPort, '127.0.0.1');
    await Promise.all([seenByA, seenByB]);
    client.close();

    const tcp = connect(tcpPort, '127.0.0.1');
    await once(tcp, 'connect');
    const local = tcp.localPort;
    const acceptedA = a.client.waitFor('tcp.accepted', (e) => e.sock === 'lab:tcp-upper' && e.remote.port === local);
    const acceptedB = b.client.waitFor('tcp.accepted', (e) => e.sock === 'lab:tcp-upper' && e.remote.port === local);
    tcp.end('hi');
    const [conn] = await Promise.all([acceptedA, acceptedB]);
    await Promise.all([a, b].map((p) => p.client.waitFor('socket.closed', (e) => e.sock === conn.conn)));
    tcp.destroy();
  });
});
