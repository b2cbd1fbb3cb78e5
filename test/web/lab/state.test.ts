// The page's socket table: every state it shows comes from protocol/socket-states.ts, folded from
// the bridge's events, so the page shows what the bridge decided (the bridge moves its sockets by
// the same table as it reports the same events).
import { describe, expect, it } from 'vitest';
import type { EventBody } from '../../../protocol/messages.js';
import { nextSocketState, TCP_EVENTS, TCP_STATES, type SocketState } from '../../../protocol/socket-states.js';
import { initialState, openSockets, reduce, type LabState } from '../../../web/lab/state.js';
import { addr } from '../lessons/events.js';

function fold(...events: EventBody[]): LabState {
  return reduce(initialState, { type: 'events', events: events.map((e, i) => ({ ...e, t: i + 1 })) });
}

/** The states a socket went through, one per event. */
function walk(sock: string, ...events: EventBody[]): (SocketState | undefined)[] {
  let state = initialState;
  return events.map((e, i) => {
    state = reduce(state, { type: 'events', events: [{ ...e, t: i + 1 }] });
    return state.sockets[sock]?.state;
  });
}

const connecting = (sock: string): EventBody => ({ type: 'tcp.connecting', sock, remote: addr(12000) });
const connected = (sock: string): EventBody => ({ type: 'tcp.connected', sock, local: addr(40000), remote: addr(12000) });
const finSent = (sock: string): EventBody => ({ type: 'tcp.finSent', sock });
const peerClosed = (sock: string): EventBody => ({ type: 'tcp.peerClosed', sock });
const closed = (sock: string): EventBody => ({ type: 'socket.closed', sock, reason: 'local' });

describe('the socket table', () => {
  it('walks a connection the peer closes first: CLOSE_WAIT, LAST_ACK, CLOSED (not straight to closed)', () => {
    expect(walk('c', connecting('c'), connected('c'), peerClosed('c'), finSent('c'), closed('c'))).toEqual([
      'SYN_SENT',
      'ESTABLISHED',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSED',
    ]);
  });

  it('walks a connection this side closes first: FIN_WAIT, TIME_WAIT, CLOSED', () => {
    expect(walk('c', connecting('c'), connected('c'), finSent('c'), peerClosed('c'), closed('c'))).toEqual([
      'SYN_SENT',
      'ESTABLISHED',
      'FIN_WAIT',
      'TIME_WAIT',
      'CLOSED',
    ]);
  });

  it('closes a connection on a reset, and keeps it closed', () => {
    expect(
      walk('c', connecting('c'), connected('c'), { type: 'tcp.reset', sock: 'c', code: 'ECONNRESET' }, { type: 'socket.closed', sock: 'c', reason: 'error' }),
    ).toEqual(['SYN_SENT', 'ESTABLISHED', 'CLOSED', 'CLOSED']);
  });

  it('shows a welcoming socket LISTEN and the connection accept() returned ESTABLISHED, under it', () => {
    const state = fold(
      { type: 'tcp.listening', sock: 'w', local: addr(12000), backlog: 1 },
      { type: 'tcp.accepted', sock: 'w', conn: 'w#1', local: addr(12000), remote: addr(40000) },
    );
    expect(state.sockets.w).toMatchObject({ kind: 'welcoming', state: 'LISTEN' });
    expect(state.sockets['w#1']).toMatchObject({ kind: 'tcp', state: 'ESTABLISHED', parent: 'w' });
  });

  it('walks a UDP socket: bound, closed', () => {
    expect(walk('u', { type: 'udp.bound', sock: 'u', local: addr(50000), bufsize: 2048 }, closed('u'))).toEqual(['bound', 'closed']);
  });

  it('opens a new socket when a closed id is used again, and lists only open ones', () => {
    const state = fold(connecting('c'), connected('c'), closed('c'), connecting('c'));
    expect(state.sockets.c).toMatchObject({ state: 'SYN_SENT', openedAt: 4 });
    expect(openSockets(fold(connecting('a'), connecting('b'), closed('b'))).map((s) => s.id)).toEqual(['a']);
  });

  it('moves every TCP state exactly as the protocol table does, for every event', () => {
    // reach each state by a path of events, then apply every event once more
    const paths: Record<(typeof TCP_STATES)[number], EventBody[]> = {
      CLOSED: [connecting('s'), closed('s')],
      LISTEN: [{ type: 'tcp.listening', sock: 's', local: addr(1), backlog: 1 }],
      SYN_SENT: [connecting('s')],
      ESTABLISHED: [connecting('s'), connected('s')],
      FIN_WAIT: [connecting('s'), connected('s'), finSent('s')],
      CLOSE_WAIT: [connecting('s'), connected('s'), peerClosed('s')],
      LAST_ACK: [connecting('s'), connected('s'), peerClosed('s'), finSent('s')],
      TIME_WAIT: [connecting('s'), connected('s'), finSent('s'), peerClosed('s')],
    };
    const instances: Record<(typeof TCP_EVENTS)[number], EventBody> = {
      'tcp.connecting': connecting('s'),
      'tcp.connected': connected('s'),
      'tcp.listening': { type: 'tcp.listening', sock: 's', local: addr(1), backlog: 1 },
      'tcp.accepted': { type: 'tcp.accepted', sock: 'w', conn: 's', local: addr(1), remote: addr(2) },
      'tcp.finSent': finSent('s'),
      'tcp.peerClosed': peerClosed('s'),
      'tcp.reset': { type: 'tcp.reset', sock: 's', code: 'ECONNRESET' },
      'socket.closed': closed('s'),
    };
    for (const from of TCP_STATES) {
      const before = fold(...paths[from]);
      expect(before.sockets.s?.state).toBe(from);
      for (const type of TCP_EVENTS) {
        const after = fold(...paths[from], instances[type]).sockets.s?.state;
        // (from CLOSED, the id of an ended socket used again starts a new socket from CLOSED)
        expect([from, type, after]).toEqual([from, type, nextSocketState(from, type)]);
      }
    }
  });
});
