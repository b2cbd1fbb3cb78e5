// The bridge's sockets move by protocol/socket-states.ts as they report their events, and refuse
// the calls their state does not fit with LAB_WRONG_STATE and the table's reason. The page folds
// the same events with the same table (web/lab/state.ts): here both read one real session.
import { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSocketState, type SocketState } from '../../protocol/socket-states.js';
import { initialState, reduce } from '../../web/lab/state.js';
import { eventually, rejection, startLab, type Lab, type Page } from './helpers/lab.js';
import { tcpPeer } from './helpers/peers.js';

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

/** The states the bridge reported for `sock`, folded from its events by the table, one per change. */
function reported(sock: string): SocketState[] {
  const walk: SocketState[] = [];
  let state: SocketState = 'CLOSED';
  for (const e of page.client.history) {
    const target = e.type === 'tcp.accepted' ? e.conn : 'sock' in e ? e.sock : undefined;
    if (target !== sock) continue;
    const next = nextSocketState(state, e.type);
    if (next !== state) walk.push(next);
    state = next;
  }
  return walk;
}

/** What the page's sockets panel shows for `sock` after the same events. */
function shown(sock: string): SocketState | undefined {
  return reduce(initialState, { type: 'events', events: page.client.history }).sockets[sock]?.state;
}

describe('calls that do not fit the state', () => {
  it('refuses send() and shutdown() on a welcoming socket, and listen() or connect() on it again', async () => {
    await page.client.tcpListen('ws', 0);
    for (const attempt of [page.client.tcpSend('ws', 'x'), page.client.tcpShutdown('ws')]) {
      const refused = await rejection(attempt);
      expect(refused.code).toBe('LAB_WRONG_STATE');
      expect(refused.message).toContain('welcoming');
    }
    for (const attempt of [page.client.tcpListen('ws', 0), page.client.tcpConnect('ws', '127.0.0.1', 1024)]) {
      const refused = await rejection(attempt);
      expect(refused.code).toBe('LAB_WRONG_STATE');
      expect(refused.message).toContain('LISTEN');
    }
    expect(shown('ws')).toBe('LISTEN');
    await page.client.closeSocket('ws');
    expect(reported('ws')).toEqual(['LISTEN', 'CLOSED']);
  });

  it('refuses connect() twice on one socket, and the first connection carries on', async () => {
    const peer = await tcpPeer();
    try {
      await page.client.tcpConnect('twice', '127.0.0.1', peer.port);
      const refused = await rejection(page.client.tcpConnect('twice', '127.0.0.1', peer.port));
      expect(refused).toMatchObject({ code: 'LAB_WRONG_STATE' });
      expect(refused.message).toContain('ESTABLISHED');
      await page.client.tcpSend('twice', 'still here');
      await eventually(() => peer.data[0]?.toString() === 'still here', 3000, 'peer got the send');
      expect(peer.connections).toHaveLength(1);
    } finally {
      await page.client.closeSocket('twice').catch(() => undefined);
      await peer.close();
    }
  });

  it('refuses listen() on a connection socket', async () => {
    const peer = await tcpPeer();
    try {
      await page.client.tcpConnect('conn-listen', '127.0.0.1', peer.port);
      const refused = await rejection(page.client.tcpListen('conn-listen', 0));
      expect(refused.code).toBe('LAB_WRONG_STATE');
      expect(refused.message).toContain('listen()');
    } finally {
      await page.client.closeSocket('conn-listen').catch(() => undefined);
      await peer.close();
    }
  });

  it('keeps LAB_SOCKET_EXISTS for a TCP request naming a UDP socket', async () => {
    await page.client.udpOpen('u-named');
    expect((await rejection(page.client.tcpConnect('u-named', '127.0.0.1', 1024))).code).toBe('LAB_SOCKET_EXISTS');
    await page.client.closeSocket('u-named');
  });
});

describe('a close, step by step, as the bridge reports it and the page shows it', () => {
  it('the peer closes first: CLOSE_WAIT (send still fits), LAST_ACK (send refused), CLOSED', async () => {
    const peer = await tcpPeer((socket) => socket.end());
    try {
      await page.client.tcpConnect('passive', '127.0.0.1', peer.port);
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === 'passive');
      expect(shown('passive')).toBe('CLOSE_WAIT');
      await page.client.tcpSend('passive', 'after your FIN');
      // sent together: the bridge takes the send while LAST_ACK (unless the kernel's answer to the
      // FIN let the socket go first, when there is no socket to send on at all)
      const fin = page.client.tcpShutdown('passive');
      const late = rejection(page.client.tcpSend('passive', 'too late'));
      await fin;
      expect(shown('passive')).toMatch(/^(LAST_ACK|CLOSED)$/);
      const refused = await late;
      if (refused.code !== 'LAB_NO_SUCH_SOCKET')
        expect(refused).toMatchObject({ code: 'LAB_WRONG_STATE', message: expect.stringContaining('LAST_ACK') as string });
      await page.client.waitFor('socket.closed', (e) => e.sock === 'passive');
      expect(reported('passive')).toEqual(['SYN_SENT', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
      expect(shown('passive')).toBe('CLOSED');
      await eventually(() => peer.data[0]?.toString() === 'after your FIN', 3000, 'peer got the send after its FIN');
    } finally {
      await peer.close();
    }
  });

  it('this side closes first: FIN_WAIT (send and shutdown refused), TIME_WAIT, CLOSED', async () => {
    // the peer keeps its side open (half-open) until the test closes it
    const peer = await tcpPeer();
    try {
      await page.client.tcpConnect('active', '127.0.0.1', peer.port);
      await page.client.tcpShutdown('active');
      expect(shown('active')).toBe('FIN_WAIT');
      for (const attempt of [page.client.tcpSend('active', 'x'), page.client.tcpShutdown('active')]) {
        expect(await rejection(attempt)).toMatchObject({ code: 'LAB_WRONG_STATE', message: expect.stringContaining('FIN_WAIT') as string });
      }
      await eventually(() => peer.connections.length === 1, 3000, 'peer accepted');
      peer.connections[0]!.end('bye');
      await page.client.waitFor('socket.closed', (e) => e.sock === 'active');
      expect(reported('active')).toEqual(['SYN_SENT', 'ESTABLISHED', 'FIN_WAIT', 'TIME_WAIT', 'CLOSED']);
      expect(shown('active')).toBe('CLOSED');
    } finally {
      await peer.close();
    }
  });

  it('a connection accept() returned starts ESTABLISHED, as the page shows it under its welcoming socket', async () => {
    const listening = await page.client.tcpListen('srv', 0);
    const client = new Socket();
    client.on('error', () => undefined);
    client.connect(listening.local.port, '127.0.0.1');
    try {
      const accepted = await page.client.waitFor('tcp.accepted', (e) => e.sock === 'srv');
      expect(shown(accepted.conn)).toBe('ESTABLISHED');
      client.end();
      await page.client.waitFor('tcp.peerClosed', (e) => e.sock === accepted.conn);
      expect(shown(accepted.conn)).toBe('CLOSE_WAIT');
      await page.client.closeSocket(accepted.conn);
      expect(reported(accepted.conn)).toEqual(['ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
    } finally {
      client.destroy();
      await page.client.closeSocket('srv').catch(() => undefined);
    }
  });
});
