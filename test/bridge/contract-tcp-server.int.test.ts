// The TCP server role against the real bridge: the page listens (welcoming socket), real clients
// connect, each accept() is reported with its 4-tuple and becomes a connection socket of its own.
import { once } from 'node:events';
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../protocol/client.js';
import { eventually, rejection, startLab, type Lab, type Page } from './helpers/lab.js';
import { tcpConnectable, tcpPeer } from './helpers/peers.js';

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

async function nodeClient(port: number): Promise<{ socket: Socket; text: () => string; ended: Promise<unknown> }> {
  const socket = new Socket({ allowHalfOpen: true });
  let got = '';
  socket.on('data', (d) => (got += d.toString()));
  socket.on('error', () => {});
  const ended = once(socket, 'end');
  socket.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return { socket, text: () => got, ended };
}

describe('tcp.listen', () => {
  it('listens on 127.0.0.1 on a port the OS chooses, with listen(1) by default', async () => {
    const listening = await page.client.tcpListen('w0', 0);
    expect(listening.local.address).toBe('127.0.0.1');
    expect(listening.local.port).toBeGreaterThan(1023);
    expect(listening.backlog).toBe(1);
    expect(await tcpConnectable(listening.local.port)).toBe(true);
    await page.client.closeSocket('w0');
    expect(await tcpConnectable(listening.local.port)).toBe(false);
  });

  it('reports EADDRINUSE from bind when the port is taken by another server', async () => {
    const other = await tcpPeer();
    try {
      const refused = await rejection(page.client.tcpListen('busy', other.port, { backlog: 5 }));
      expect(refused.code).toBe('EADDRINUSE');
      expect(page.client.history.find((e) => e.type === 'socket.error' && e.sock === 'busy')).toMatchObject({ call: 'bind' });
      expect((await page.client.waitFor('socket.closed', (e) => e.sock === 'busy')).reason).toBe('error');
    } finally {
      await other.close();
    }
  });

  it('refuses send() on a welcoming socket with LAB_WRONG_STATE', async () => {
    await page.client.tcpListen('w-wrong', 0);
    expect((await rejection(page.client.tcpSend('w-wrong', 'x'))).code).toBe('LAB_WRONG_STATE');
    expect((await rejection(page.client.udpSend('w-wrong', '127.0.0.1', 12000, 'x'))).code).toBe('LAB_WRONG_STATE');
    await page.client.closeSocket('w-wrong');
  });
});

describe('accept() and the connection socket', () => {
  it('reports each accepted connection with its own id and the 4-tuple both sides see', async () => {
    const listening = await page.client.tcpListen('srv', 0, { backlog: 4 });
    expect(listening.backlog).toBe(4);
    const port = listening.local.port;
    const first = page.client.next('tcp.accepted', (e) => e.sock === 'srv');
    const a = await nodeClient(port);
    const accepted = await first;
    expect(accepted.conn).toBe('srv#1');
    expect(accepted.local).toEqual({ address: '127.0.0.1', port, family: 'IPv4' });
    expect(accepted.remote).toEqual({ address: '127.0.0.1', port: a.socket.localPort, family: 'IPv4' });

    const received = page.client.next('tcp.received', (e) => e.sock === 'srv#1');
    a.socket.write('from a node client');
    expect(decodeText((await received).data)).toBe('from a node client');
    await page.client.tcpSend('srv#1', 'FROM THE PAGE');
    await eventually(() => a.text() === 'FROM THE PAGE', 3000, 'client got the reply');

    // the welcoming socket keeps listening: a second client gets a second connection socket
    const second = page.client.next('tcp.accepted', (e) => e.sock === 'srv');
    const b = await nodeClient(port);
    expect((await second).conn).toBe('srv#2');

    await page.client.closeSocket('srv#1');
    await a.ended;
    b.socket.end();
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'srv#2');
    await page.client.closeSocket('srv#2');
    a.socket.destroy();
    b.socket.destroy();
    await page.client.closeSocket('srv');
  });

  it('keeps an accepted connection open after the welcoming socket closes, as in Python', async () => {
    const listening = await page.client.tcpListen('w-close', 0);
    const accepted = page.client.next('tcp.accepted', (e) => e.sock === 'w-close');
    const client = await nodeClient(listening.local.port);
    const conn = (await accepted).conn;
    await page.client.closeSocket('w-close');
    expect(await tcpConnectable(listening.local.port)).toBe(false);
    await page.client.tcpSend(conn, 'still connected');
    await eventually(() => client.text() === 'still connected', 3000, 'client got data after listener closed');
    await page.client.closeSocket(conn);
    client.socket.destroy();
  });

  it('reports a client reset on the connection socket as tcp.reset', async () => {
    const listening = await page.client.tcpListen('w-rst', 0);
    const accepted = page.client.next('tcp.accepted', (e) => e.sock === 'w-rst');
    const client = await nodeClient(listening.local.port);
    const conn = (await accepted).conn;
    client.socket.resetAndDestroy();
    expect((await page.client.waitFor('tcp.reset', (e) => e.sock === conn)).code).toBe('ECONNRESET');
    expect((await page.client.waitFor('socket.closed', (e) => e.sock === conn)).reason).toBe('error');
    await page.client.closeSocket('w-rst');
  });
});

describe('both ends in the page', () => {
  it('shutdown on one end sends FIN; the other end sees peerClosed and can still answer', async () => {
    const listening = await page.client.tcpListen('pair-srv', 0);
    const accepted = page.client.next('tcp.accepted', (e) => e.sock === 'pair-srv');
    const connected = await page.client.tcpConnect('pair-cli', '127.0.0.1', listening.local.port);
    const acc = await accepted;
    // the same connection described from both ends
    expect(acc.remote).toEqual(connected.local);
    expect(acc.local).toEqual(connected.remote);

    await page.client.tcpSend('pair-cli', 'hello server');
    await page.client.waitFor('tcp.received', (e) => e.sock === acc.conn);
    await page.client.tcpShutdown('pair-cli');
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === acc.conn);
    await page.client.tcpSend(acc.conn, 'HELLO SERVER');
    const reply = await page.client.waitFor('tcp.received', (e) => e.sock === 'pair-cli');
    expect(decodeText(reply.data)).toBe('HELLO SERVER');
    await page.client.closeSocket(acc.conn);
    await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'pair-cli');
    expect((await page.client.waitFor('socket.closed', (e) => e.sock === 'pair-cli')).reason).toBe('local');
    await page.client.closeSocket('pair-srv');
  });
});

describe('sessions', () => {
  it('scopes socket ids to their session: two pages may both name a socket "srv"', async () => {
    const other = await lab.page();
    try {
      const mine = await page.client.tcpListen('same', 0);
      const theirs = await other.client.tcpListen('same', 0);
      expect(mine.local.port).not.toBe(theirs.local.port);
      await other.client.closeSocket('same');
      // closing theirs left mine open
      expect(await tcpConnectable(mine.local.port)).toBe(true);
      expect((await rejection(other.client.tcpSend('same', 'x'))).code).toBe('LAB_NO_SUCH_SOCKET');
      await page.client.closeSocket('same');
    } finally {
      other.client.close();
    }
  });
});
