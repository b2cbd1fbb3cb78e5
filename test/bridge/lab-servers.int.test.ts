// The lab's own servers behave as the textbook's UDPServer.py and TCPServer.py, and report their
// side of every exchange as events, so the page can draw both ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, fromBase64 } from '../../protocol/client.js';
import type { Event, EventOf } from '../../protocol/messages.js';
import { eventually, sleep, startLab, type Lab, type Page } from './helpers/lab.js';

let lab: Lab;
let page: Page;
let udpPort: number;
let tcpPort: number;

beforeAll(async () => {
  lab = await startLab();
  page = await lab.page();
  udpPort = lab.bridge.servers['udp-upper']!;
  tcpPort = lab.bridge.servers['tcp-upper']!;
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

function labEvents(prefix: string): Event[] {
  return page.client.history.filter((e) => 'sock' in e && typeof e.sock === 'string' && e.sock.startsWith(prefix));
}

describe('hello', () => {
  it('lists both textbook servers as running, on the ports the bridge printed', () => {
    const hello = page.client.hello!;
    expect(hello.servers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'udp-upper', proto: 'udp', port: udpPort, state: 'running', sock: 'lab:udp-upper' }),
        expect.objectContaining({ name: 'tcp-upper', proto: 'tcp', port: tcpPort, state: 'running', sock: 'lab:tcp-upper' }),
      ]),
    );
    expect(hello.limits.socketsPerSession).toBe(16);
    expect(hello.session).toMatch(/\S/);
  });
});

describe('udp-upper (UDPServer.py)', () => {
  it('replies in capitals to the sender, and reports its own recvfrom and sendto with addresses', async () => {
    const bound = await page.client.udpOpen('u');
    const reply = page.client.next('udp.received', (e) => e.sock === 'u');
    await page.client.udpSend('u', '127.0.0.1', udpPort, 'hello udp');
    const got = await reply;
    expect(decodeText(got.data)).toBe('HELLO UDP');
    expect(got.from).toEqual({ address: '127.0.0.1', port: udpPort, family: 'IPv4' });

    const serverSide = labEvents('lab:udp-upper');
    const received = serverSide.find((e): e is EventOf<'udp.received'> => e.type === 'udp.received' && decodeText(e.data) === 'hello udp');
    const sent = serverSide.find((e): e is EventOf<'udp.sent'> => e.type === 'udp.sent' && decodeText(e.data) === 'HELLO UDP');
    expect(received).toMatchObject({ from: bound.local, to: got.from, size: 9, truncated: false });
    expect(sent).toMatchObject({ from: got.from, to: bound.local, size: 9 });
    // the server's side happens between the page's send and the page's receive
    expect(received!.t).toBeLessThanOrEqual(sent!.t);
    expect(sent!.t).toBeLessThanOrEqual(got.t);
    await page.client.closeSocket('u');
  });

  it('cuts a 3000-byte datagram at 2048 bytes (recvfrom(2048)) and answers with 2048 capitals', async () => {
    await page.client.udpOpen('long', { bufsize: 4096 });
    const reply = page.client.next('udp.received', (e) => e.sock === 'long');
    await page.client.udpSend('long', '127.0.0.1', udpPort, 'a'.repeat(3000));
    const got = await reply;
    expect(got.size).toBe(2048);
    expect(decodeText(got.data)).toBe('A'.repeat(2048));
    const serverSide = labEvents('lab:udp-upper').find((e): e is EventOf<'udp.received'> => e.type === 'udp.received' && e.size === 3000);
    expect(serverSide).toMatchObject({ size: 3000, truncated: true });
    expect(fromBase64(serverSide!.data).length).toBe(2048);
    await page.client.closeSocket('long');
  });

  it('leaves Korean text as it is, as str.upper() does, and capitalizes the Latin letters', async () => {
    await page.client.udpOpen('ko');
    const reply = page.client.next('udp.received', (e) => e.sock === 'ko');
    await page.client.udpSend('ko', '127.0.0.1', udpPort, '안녕하세요 socket 프로그래밍');
    expect(decodeText((await reply).data)).toBe('안녕하세요 SOCKET 프로그래밍');
    await page.client.closeSocket('ko');
  });

  it('shows its side of the exchange to the page that sent, not to the others', async () => {
    const other = await lab.page();
    try {
      const seen = page.client.next('udp.sent', (e) => e.sock === 'lab:udp-upper' && decodeText(e.data) === 'SEEN BY THE SENDER');
      await page.client.udpOpen('all');
      await page.client.udpSend('all', '127.0.0.1', udpPort, 'seen by the sender');
      await seen;
      await page.client.closeSocket('all');
      // the other page's own round trip: anything meant for it would have arrived first
      await other.client.udpOpen('mine');
      const mine = other.client.next('udp.sent', (e) => e.sock === 'lab:udp-upper');
      await other.client.udpSend('mine', '127.0.0.1', udpPort, 'mine');
      await mine;
      expect(other.client.history.some((e) => 'data' in e && /seen by the sender/i.test(decodeText(e.data)))).toBe(false);
    } finally {
      other.client.close();
    }
  });
});

describe('tcp-upper (TCPServer.py)', () => {
  it('accepts, reads once, replies in capitals and closes, reporting each step', async () => {
    const connected = await page.client.tcpConnect('t', '127.0.0.1', tcpPort);
    await page.client.tcpSend('t', 'hello tcp');
    const reply = await page.client.waitFor('tcp.received', (e) => e.sock === 't');
    expect(decodeText(reply.data)).toBe('HELLO TCP');
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 't');

    const accepted = labEvents('lab:tcp-upper').find((e): e is EventOf<'tcp.accepted'> => e.type === 'tcp.accepted' && e.remote.port === connected.local.port);
    expect(accepted).toBeDefined();
    expect(accepted!.sock).toBe('lab:tcp-upper');
    expect(accepted!.conn).toMatch(/^lab:tcp-upper#\d+$/);
    expect(accepted!.local).toEqual(connected.remote);
    expect(accepted!.remote).toEqual(connected.local);
    const conn = accepted!.conn;
    await page.client.waitFor('socket.closed', (e) => e.sock === conn);
    const steps = labEvents(conn).map((e) => e.type);
    expect(steps).toEqual(['tcp.received', 'tcp.sent', 'tcp.finSent', 'socket.closed']);
    const [received, sent] = labEvents(conn) as [EventOf<'tcp.received'>, EventOf<'tcp.sent'>];
    expect(decodeText(received.data)).toBe('hello tcp');
    expect(decodeText(sent.data)).toBe('HELLO TCP');
    await page.client.closeSocket('t');
  });

  it('reads only once: a second send after the first is never answered', async () => {
    await page.client.tcpConnect('once', '127.0.0.1', tcpPort);
    await page.client.tcpSend('once', 'first');
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'once');
    const replies = page.client.history.filter((e): e is EventOf<'tcp.received'> => e.type === 'tcp.received' && e.sock === 'once');
    expect(replies.map((e) => decodeText(e.data)).join('')).toBe('FIRST');
    await page.client.closeSocket('once');
  });

  it('answers only recv(1024) bytes of a longer message, then resets: close() with unread bytes', async () => {
    await page.client.tcpConnect('big', '127.0.0.1', tcpPort);
    await page.client.tcpSend('big', 'b'.repeat(3000));
    expect((await page.client.waitFor('tcp.reset', (e) => e.sock === 'big')).code).toBe('ECONNRESET');
    expect((await page.client.waitFor('socket.closed', (e) => e.sock === 'big')).reason).toBe('error');
    const replies = page.client.history.filter((e): e is EventOf<'tcp.received'> => e.type === 'tcp.received' && e.sock === 'big');
    // what one recv(1024) returned, in capitals; the rest was never read
    expect(replies.map((e) => decodeText(e.data)).join('')).toBe('B'.repeat(1024));
    expect(page.client.history.some((e) => e.type === 'tcp.peerClosed' && e.sock === 'big')).toBe(false);
  });

  it('serves one client at a time: a second client waits until the first is done', async () => {
    await page.client.tcpConnect('first', '127.0.0.1', tcpPort);
    await page.client.tcpConnect('second', '127.0.0.1', tcpPort);
    await page.client.tcpSend('second', 'second in line');
    await sleep(200);
    expect(page.client.history.some((e) => e.type === 'tcp.received' && e.sock === 'second')).toBe(false);
    await page.client.tcpSend('first', 'first in line');
    expect(decodeText((await page.client.waitFor('tcp.received', (e) => e.sock === 'first')).data)).toBe('FIRST IN LINE');
    expect(decodeText((await page.client.waitFor('tcp.received', (e) => e.sock === 'second')).data)).toBe('SECOND IN LINE');
    await page.client.closeSocket('first');
    await page.client.closeSocket('second');
  });

  it('answers a client that closes without sending with an empty reply and a close', async () => {
    await page.client.tcpConnect('silent', '127.0.0.1', tcpPort);
    await page.client.tcpShutdown('silent');
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'silent');
    expect(page.client.history.some((e) => e.type === 'tcp.received' && e.sock === 'silent')).toBe(false);
    await eventually(() => page.client.history.some((e) => e.type === 'socket.closed' && e.sock === 'silent'), 3000, 'socket closed');
  });

  it('leaves Korean text as it is and capitalizes the rest', async () => {
    await page.client.tcpConnect('ko', '127.0.0.1', tcpPort);
    await page.client.tcpSend('ko', '소켓 socket');
    expect(decodeText((await page.client.waitFor('tcp.received', (e) => e.sock === 'ko')).data)).toBe('소켓 SOCKET');
    await page.client.closeSocket('ko');
  });
});
