// The TCP client role against the real bridge: connect, send, the stream arriving as chunks,
// shutdown (FIN), close, a peer's reset and a refused connect, each checked at the peer too.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeText, fromBase64 } from '../../protocol/client.js';
import type { EventOf } from '../../protocol/messages.js';
import { eventually, rejection, sleep, startLab, type Lab, type Page } from './helpers/lab.js';
import { freePort, tcpPeer } from './helpers/peers.js';

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

function receivedBytes(sock: string): Buffer {
  const chunks = page.client.history.filter((e): e is EventOf<'tcp.received'> => e.type === 'tcp.received' && e.sock === sock);
  return Buffer.concat(chunks.map((c) => Buffer.from(fromBase64(c.data))));
}

describe('tcp.connect', () => {
  it('reports connecting, then connected with both endpoints as the peer sees them', async () => {
    const peer = await tcpPeer();
    try {
      const connecting = page.client.next('tcp.connecting', (e) => e.sock === 'c1');
      const connected = await page.client.tcpConnect('c1', '127.0.0.1', peer.port);
      expect((await connecting).remote).toEqual({ address: '127.0.0.1', port: peer.port, family: 'IPv4' });
      expect(connected.remote).toEqual({ address: '127.0.0.1', port: peer.port, family: 'IPv4' });
      await eventually(() => peer.connections.length === 1, 3000, 'peer accepted');
      const seen = peer.connections[0]!;
      expect(connected.local).toEqual({ address: '127.0.0.1', port: seen.remotePort, family: 'IPv4' });
      // connecting comes before connected on the bridge's clock
      expect((await connecting).t).toBeLessThanOrEqual(connected.t);
    } finally {
      await page.client.closeSocket('c1').catch(() => {});
      await peer.close();
    }
  });

  it('resolves localhost once and connects to the loopback address it named', async () => {
    const peer = await tcpPeer();
    try {
      const connected = await page.client.tcpConnect('byname', 'localhost', peer.port).catch((e: unknown) => e as { code: string });
      // localhost may resolve to ::1 first; the peer listens on 127.0.0.1 only, so either a
      // connection or ECONNREFUSED from ::1 is correct, never a denial
      if ('code' in connected) expect(connected.code).toBe('ECONNREFUSED');
      else expect(connected.remote.port).toBe(peer.port);
    } finally {
      await page.client.closeSocket('byname').catch(() => {});
      await peer.close();
    }
  });

  it('reports ECONNREFUSED from connect on a closed port, then socket.closed, and frees the id', async () => {
    const port = await freePort();
    const connecting = page.client.next('tcp.connecting', (e) => e.sock === 'refused');
    const refused = await rejection(page.client.tcpConnect('refused', '127.0.0.1', port));
    expect(refused.code).toBe('ECONNREFUSED');
    await connecting;
    const error = page.client.history.find((e) => e.type === 'socket.error' && e.sock === 'refused');
    expect(error).toMatchObject({ code: 'ECONNREFUSED', call: 'connect' });
    const closed = await page.client.waitFor('socket.closed', (e) => e.sock === 'refused');
    expect(closed.reason).toBe('error');
    // the id is free again and the pending-connect count was given back
    for (let i = 0; i < 6; i++) expect((await rejection(page.client.tcpConnect('refused', '127.0.0.1', port))).code).toBe('ECONNREFUSED');
  });
});

describe('tcp.send and tcp.received', () => {
  it('sends bytes the peer receives and reports tcp.sent with the size and data', async () => {
    const peer = await tcpPeer();
    try {
      await page.client.tcpConnect('s1', '127.0.0.1', peer.port);
      const sent = await page.client.tcpSend('s1', 'hello tcp');
      expect(sent.size).toBe(9);
      expect(decodeText(sent.data)).toBe('hello tcp');
      await page.client.tcpSend('s1', ' and more');
      await eventually(() => peer.data[0]?.toString() === 'hello tcp and more', 3000, 'peer got both sends');
    } finally {
      await page.client.closeSocket('s1').catch(() => {});
      await peer.close();
    }
  });

  it('reports the stream as chunks, one per read, that add up to exactly what the peer wrote', async () => {
    const big = Buffer.alloc(300_000);
    for (let i = 0; i < big.length; i++) big[i] = i % 251;
    const peer = await tcpPeer((socket) => {
      socket.write('first ');
      setTimeout(() => socket.write('second '), 50);
      setTimeout(() => {
        socket.write(big);
        socket.end();
      }, 100);
    });
    try {
      await page.client.tcpConnect('chunks', '127.0.0.1', peer.port);
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'chunks');
      const chunks = page.client.history.filter((e): e is EventOf<'tcp.received'> => e.type === 'tcp.received' && e.sock === 'chunks');
      expect(chunks.length).toBeGreaterThanOrEqual(3);
      expect(decodeText(chunks[0]!.data)).toBe('first ');
      expect(decodeText(chunks[1]!.data)).toBe('second ');
      for (const c of chunks) expect(c.size).toBe(fromBase64(c.data).length);
      expect(receivedBytes('chunks').equals(Buffer.concat([Buffer.from('first second '), big]))).toBe(true);
    } finally {
      await page.client.closeSocket('chunks').catch(() => {});
      await peer.close();
    }
  });

  it('sends a payload larger than one kernel write, all of it, in order', async () => {
    const peer = await tcpPeer();
    try {
      await page.client.tcpConnect('bulk', '127.0.0.1', peer.port);
      const piece = Buffer.alloc(8192);
      for (let i = 0; i < piece.length; i++) piece[i] = (i * 7) % 256;
      for (let i = 0; i < 64; i++) page.client.send({ type: 'tcp.send', sock: 'bulk', data: piece.toString('base64') });
      await eventually(() => (peer.data[0]?.length ?? 0) >= 64 * 8192, 5000, 'peer got 512 KiB');
      expect(peer.data[0]!.equals(Buffer.concat(Array(64).fill(piece)))).toBe(true);
    } finally {
      await page.client.closeSocket('bulk').catch(() => {});
      await peer.close();
    }
  });
});

describe('tcp.shutdown, socket.close and the peer closing', () => {
  it('shutdown sends FIN (finSent), the peer sees end, and the page can still read', async () => {
    let peerEnded = false;
    const peer = await tcpPeer((socket: Socket) => {
      socket.on('end', () => {
        peerEnded = true;
        // a moment later, so the page's half-closed state can be probed first
        setTimeout(() => socket.end('reply after your FIN'), 200);
      });
    });
    try {
      await page.client.tcpConnect('half', '127.0.0.1', peer.port);
      await page.client.tcpSend('half', 'request');
      const fin = await page.client.tcpShutdown('half');
      expect(fin.sock).toBe('half');
      await eventually(() => peerEnded, 3000, 'peer saw FIN');
      expect((await rejection(page.client.tcpSend('half', 'too late'))).code).toBe('LAB_WRONG_STATE');
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'half');
      expect(receivedBytes('half').toString()).toBe('reply after your FIN');
      const closed = await page.client.waitFor('socket.closed', (e) => e.sock === 'half');
      expect(closed.reason).toBe('local');
    } finally {
      await peer.close();
    }
  });

  it('reports the peer closing first as peerClosed; close() then sends FIN and closes', async () => {
    const peer = await tcpPeer((socket) => socket.end('bye'));
    try {
      await page.client.tcpConnect('peerfirst', '127.0.0.1', peer.port);
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'peerfirst');
      // half-closed by the peer (CLOSE_WAIT): sending is still allowed
      await page.client.tcpSend('peerfirst', 'after your FIN');
      const finSent = page.client.next('tcp.finSent', (e) => e.sock === 'peerfirst');
      await page.client.closeSocket('peerfirst');
      await finSent;
      await eventually(() => peer.data[0]?.toString() === 'after your FIN', 3000, 'peer got the last send');
    } finally {
      await peer.close();
    }
  });

  it('socket.close on an open connection sends FIN after the queued data and reports local', async () => {
    let ended = false;
    const peer = await tcpPeer((socket) => socket.on('end', () => (ended = true)));
    try {
      await page.client.tcpConnect('closer', '127.0.0.1', peer.port);
      page.client.send({ type: 'tcp.send', sock: 'closer', data: Buffer.from('last words').toString('base64') });
      const closed = await page.client.closeSocket('closer');
      expect(closed.reason).toBe('local');
      expect(page.client.history.some((e) => e.type === 'tcp.finSent' && e.sock === 'closer')).toBe(true);
      await eventually(() => ended, 3000, 'peer saw FIN');
      expect(peer.data[0]!.toString()).toBe('last words');
    } finally {
      await peer.close();
    }
  });
});

describe('a reset by the peer', () => {
  it('reports tcp.reset (ECONNRESET) when the peer resets mid-stream, and the bridge carries on', async () => {
    const peer = await tcpPeer((socket) => {
      socket.write('partial ');
      setTimeout(() => socket.resetAndDestroy(), 50);
    });
    try {
      await page.client.tcpConnect('rst', '127.0.0.1', peer.port);
      const reset = await page.client.waitFor('tcp.reset', (e) => e.sock === 'rst');
      expect(reset.code).toBe('ECONNRESET');
      const closed = await page.client.waitFor('socket.closed', (e) => e.sock === 'rst');
      expect(closed.reason).toBe('error');
      expect(receivedBytes('rst').toString()).toBe('partial ');
      // the bridge is still up and the session still works
      await page.client.tcpConnect('after-rst', '127.0.0.1', peer.port);
      await page.client.closeSocket('after-rst').catch(() => {});
      expect(lab.bridge.process.exitCode).toBe(null);
    } finally {
      await peer.close();
    }
  });

  it('reports a reset that arrives while the page is sending', async () => {
    const peer = await tcpPeer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    try {
      await page.client.tcpConnect('rst2', '127.0.0.1', peer.port);
      await page.client.tcpSend('rst2', 'provoke');
      await sleep(50);
      // sending into a reset connection gives EPIPE or ECONNRESET, never a crash
      page.client.send({ type: 'tcp.send', sock: 'rst2', data: Buffer.from('more').toString('base64') });
      await page.client.waitFor('socket.closed', (e) => e.sock === 'rst2');
      const report = page.client.history.find((e) => (e.type === 'tcp.reset' || e.type === 'socket.error') && e.sock === 'rst2');
      expect(report).toBeDefined();
      expect(['ECONNRESET', 'EPIPE', 'LAB_NO_SUCH_SOCKET', 'LAB_WRONG_STATE']).toContain((report as { code: string }).code);
      expect(lab.bridge.process.exitCode).toBe(null);
    } finally {
      await peer.close();
    }
  });
});
