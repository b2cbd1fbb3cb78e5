// The UDP half of the contract against the real bridge: bind, sendto, recvfrom(bufsize), close,
// and the OS errors a student meets, each checked from the peer's side too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, fromBase64 } from '../../protocol/client.js';
import { DEFAULT_UDP_BUFSIZE } from '../../protocol/limits.js';
import { eventually, rejection, startLab, type Lab, type Page } from './helpers/lab.js';
import { freePort, udpBindable, udpPeer } from './helpers/peers.js';

let lab: Lab;
let page: Page;

beforeAll(async () => {
  lab = await startLab();
  page = await lab.page();
});
afterAll(async () => {
  lab.expectValidFrames();
  await lab.stop();
});

describe('udp.open', () => {
  it('binds 127.0.0.1 on a port the OS chooses when asked for port 0, with recvfrom(2048)', async () => {
    const bound = await page.client.udpOpen('any');
    expect(bound.local.address).toBe('127.0.0.1');
    expect(bound.local.family).toBe('IPv4');
    expect(bound.local.port).toBeGreaterThan(1023);
    expect(bound.bufsize).toBe(DEFAULT_UDP_BUFSIZE);
    expect(await udpBindable(bound.local.port)).toBe(false);
    await page.client.closeSocket('any');
  });

  it('binds the port the page chose and reports the bufsize it asked for', async () => {
    const port = await freePort('udp');
    const bound = await page.client.udpOpen('chosen', { port, bufsize: 100 });
    expect(bound.local).toEqual({ address: '127.0.0.1', port, family: 'IPv4' });
    expect(bound.bufsize).toBe(100);
    await page.client.closeSocket('chosen');
  });

  it('reports EADDRINUSE from bind when the port is taken, and the id can be used again', async () => {
    const holder = await udpPeer();
    try {
      const refused = await rejection(page.client.udpOpen('busy', { port: holder.port }));
      expect(refused.code).toBe('EADDRINUSE');
      const closed = await page.client.waitFor('socket.closed', (e) => e.sock === 'busy');
      expect(closed.reason).toBe('error');
      const error = page.client.history.find((e) => e.type === 'socket.error' && e.sock === 'busy');
      expect(error).toMatchObject({ call: 'bind', code: 'EADDRINUSE' });
      const again = await page.client.udpOpen('busy');
      expect(again.local.port).not.toBe(holder.port);
      await page.client.closeSocket('busy');
    } finally {
      await holder.close();
    }
  });

  it('refuses a second socket with the same id with LAB_SOCKET_EXISTS', async () => {
    await page.client.udpOpen('twice');
    expect((await rejection(page.client.udpOpen('twice'))).code).toBe('LAB_SOCKET_EXISTS');
    await page.client.closeSocket('twice');
  });
});

describe('udp.send and udp.received', () => {
  it('sends a datagram that a real peer receives, and reports both addresses', async () => {
    const peer = await udpPeer();
    try {
      const bound = await page.client.udpOpen('client');
      const sent = await page.client.udpSend('client', '127.0.0.1', peer.port, 'hello udp');
      expect(sent.from).toEqual(bound.local);
      expect(sent.to).toEqual({ address: '127.0.0.1', port: peer.port, family: 'IPv4' });
      expect(sent.size).toBe(9);
      expect(decodeText(sent.data)).toBe('hello udp');
      await eventually(() => peer.received.length === 1, 3000, 'peer got the datagram');
      expect(peer.received[0]!.data.toString()).toBe('hello udp');
      expect(peer.received[0]!.from.port).toBe(bound.local.port);
    } finally {
      await page.client.closeSocket('client');
      await peer.close();
    }
  });

  it('reports a datagram from a peer with its source address, exactly as sent', async () => {
    const peer = await udpPeer();
    try {
      const bound = await page.client.udpOpen('recv');
      const got = page.client.next('udp.received', (e) => e.sock === 'recv');
      const bytes = Buffer.from([0, 1, 2, 255, 254, 10, 13]);
      peer.socket.send(bytes, bound.local.port, '127.0.0.1');
      const event = await got;
      expect(event.from).toEqual({ address: '127.0.0.1', port: peer.port, family: 'IPv4' });
      expect(event.to).toEqual(bound.local);
      expect([...fromBase64(event.data)]).toEqual([...bytes]);
      expect(event.size).toBe(bytes.length);
      expect(event.truncated).toBe(false);
    } finally {
      await page.client.closeSocket('recv');
      await peer.close();
    }
  });

  it('cuts a 3000-byte datagram to recvfrom(2048) and says how long it really was', async () => {
    const peer = await udpPeer();
    try {
      const bound = await page.client.udpOpen('cut');
      const got = page.client.next('udp.received', (e) => e.sock === 'cut');
      const long = Buffer.alloc(3000, 'a');
      long.write('end', 2997);
      peer.socket.send(long, bound.local.port, '127.0.0.1');
      const event = await got;
      expect(fromBase64(event.data).length).toBe(2048);
      expect(event.size).toBe(3000);
      expect(event.truncated).toBe(true);
    } finally {
      await page.client.closeSocket('cut');
      await peer.close();
    }
  });

  it('cuts to the bufsize the page chose', async () => {
    const peer = await udpPeer();
    try {
      const bound = await page.client.udpOpen('small', { bufsize: 5 });
      const got = page.client.next('udp.received', (e) => e.sock === 'small');
      peer.socket.send('hello world', bound.local.port, '127.0.0.1');
      const event = await got;
      expect(decodeText(event.data)).toBe('hello');
      expect(event).toMatchObject({ size: 11, truncated: true });
    } finally {
      await page.client.closeSocket('small');
      await peer.close();
    }
  });

  it('sends an empty datagram', async () => {
    const peer = await udpPeer();
    try {
      await page.client.udpOpen('empty');
      const sent = await page.client.udpSend('empty', '127.0.0.1', peer.port, '');
      expect(sent.size).toBe(0);
      await eventually(() => peer.received.length === 1, 3000, 'peer got the empty datagram');
      expect(peer.received[0]!.data.length).toBe(0);
    } finally {
      await page.client.closeSocket('empty');
      await peer.close();
    }
  });

  it('talks from one page socket to another through the bridge', async () => {
    const a = await page.client.udpOpen('a');
    await page.client.udpOpen('b');
    const got = page.client.next('udp.received', (e) => e.sock === 'a');
    await page.client.udpSend('b', '127.0.0.1', a.local.port, '안녕');
    expect(decodeText((await got).data)).toBe('안녕');
    await page.client.closeSocket('a');
    await page.client.closeSocket('b');
  });
});

describe('socket.close on UDP', () => {
  it('answers socket.closed with reason local and frees the port', async () => {
    const bound = await page.client.udpOpen('closing');
    const closed = await page.client.closeSocket('closing');
    expect(closed.reason).toBe('local');
    expect(await udpBindable(bound.local.port)).toBe(true);
    expect((await rejection(page.client.udpSend('closing', '127.0.0.1', bound.local.port, 'x'))).code).toBe('LAB_NO_SUCH_SOCKET');
  });

  it('refuses TCP calls on a UDP socket with LAB_WRONG_STATE, and the socket still works', async () => {
    const peer = await udpPeer();
    try {
      await page.client.udpOpen('wrong');
      expect((await rejection(page.client.tcpSend('wrong', 'x'))).code).toBe('LAB_WRONG_STATE');
      expect((await rejection(page.client.tcpShutdown('wrong'))).code).toBe('LAB_WRONG_STATE');
      await page.client.udpSend('wrong', '127.0.0.1', peer.port, 'still here');
      await eventually(() => peer.received.length === 1, 3000, 'peer got the datagram');
    } finally {
      await page.client.closeSocket('wrong');
      await peer.close();
    }
  });
});
