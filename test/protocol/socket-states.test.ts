import { describe, expect, it } from 'vitest';
import {
  TCP_CALLS,
  TCP_EVENTS,
  TCP_STATES,
  UDP_CALLS,
  UDP_EVENTS,
  UDP_STATES,
  SOCKET_STATES,
  isClosedState,
  isFinishedState,
  isTcpEvent,
  isTcpState,
  nextSocketState,
  socketRefusal,
  isUdpEvent,
  nextTcpState,
  nextUdpState,
  tcpEventFits,
  tcpRefusal,
  tcpRefusalMessage,
  udpRefusal,
  udpRefusalMessage,
  type Refusal,
  type TcpCall,
  type TcpEvent,
  type TcpState,
  type UdpCall,
  type UdpState,
} from '../../protocol/socket-states.js';

// The textbook's diagrams (Kurose & Ross 3.41 and 3.42), written out edge by edge; every pair not
// listed here must leave the state as it is.
const TCP_EDGES: [TcpState, TcpEvent, TcpState][] = [
  ['CLOSED', 'tcp.connecting', 'SYN_SENT'],
  ['CLOSED', 'tcp.listening', 'LISTEN'],
  ['CLOSED', 'tcp.accepted', 'ESTABLISHED'],
  ['SYN_SENT', 'tcp.connected', 'ESTABLISHED'],
  ['SYN_SENT', 'tcp.reset', 'CLOSED'],
  ['SYN_SENT', 'socket.closed', 'CLOSED'],
  ['LISTEN', 'socket.closed', 'CLOSED'],
  ['ESTABLISHED', 'tcp.finSent', 'FIN_WAIT'],
  ['ESTABLISHED', 'tcp.peerClosed', 'CLOSE_WAIT'],
  ['ESTABLISHED', 'tcp.reset', 'CLOSED'],
  ['ESTABLISHED', 'socket.closed', 'CLOSED'],
  ['FIN_WAIT', 'tcp.peerClosed', 'TIME_WAIT'],
  ['FIN_WAIT', 'tcp.reset', 'CLOSED'],
  ['FIN_WAIT', 'socket.closed', 'CLOSED'],
  ['CLOSE_WAIT', 'tcp.finSent', 'LAST_ACK'],
  ['CLOSE_WAIT', 'tcp.reset', 'CLOSED'],
  ['CLOSE_WAIT', 'socket.closed', 'CLOSED'],
  ['LAST_ACK', 'tcp.reset', 'CLOSED'],
  ['LAST_ACK', 'socket.closed', 'CLOSED'],
  ['TIME_WAIT', 'socket.closed', 'CLOSED'],
];

const UDP_EDGES: [UdpState, 'udp.bound' | 'socket.closed', UdpState][] = [
  ['unbound', 'udp.bound', 'bound'],
  ['unbound', 'socket.closed', 'closed'],
  ['bound', 'socket.closed', 'closed'],
];

// Which calls fit which state, and why the others are refused: `undefined` fits.
const TCP_CALLS_EXPECTED: Record<TcpState, Record<TcpCall, Refusal | undefined>> = {
  CLOSED: {
    bind: undefined,
    connect: undefined,
    listen: undefined,
    accept: 'notListening',
    send: 'notConnected',
    recv: 'notConnected',
    shutdown: 'notConnected',
    close: undefined,
  },
  LISTEN: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: undefined,
    send: 'welcoming',
    recv: 'welcoming',
    shutdown: 'welcoming',
    close: undefined,
  },
  SYN_SENT: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: 'notConnected',
    recv: 'notConnected',
    shutdown: 'notConnected',
    close: undefined,
  },
  ESTABLISHED: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: undefined,
    recv: undefined,
    shutdown: undefined,
    close: undefined,
  },
  FIN_WAIT: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: 'finSent',
    recv: undefined,
    shutdown: 'finSent',
    close: undefined,
  },
  CLOSE_WAIT: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: undefined,
    recv: undefined,
    shutdown: undefined,
    close: undefined,
  },
  LAST_ACK: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: 'finSent',
    recv: undefined,
    shutdown: 'finSent',
    close: undefined,
  },
  TIME_WAIT: {
    bind: 'notFresh',
    connect: 'notFresh',
    listen: 'notFresh',
    accept: 'notListening',
    send: 'finSent',
    recv: undefined,
    shutdown: 'finSent',
    close: undefined,
  },
};

const UDP_CALLS_EXPECTED: Record<UdpState, Record<UdpCall, Refusal | undefined>> = {
  unbound: { bind: undefined, sendto: 'notBound', recvfrom: 'notBound', close: undefined },
  bound: { bind: 'notFresh', sendto: undefined, recvfrom: undefined, close: undefined },
  closed: { bind: 'notFresh', sendto: 'notBound', recvfrom: 'notBound', close: undefined },
};

describe('the TCP transition table', () => {
  for (const state of TCP_STATES) {
    for (const event of TCP_EVENTS) {
      const edge = TCP_EDGES.find(([from, on]) => from === state && on === event);
      const expected = edge ? edge[2] : state;
      it(`${state} --${event}--> ${expected}`, () => {
        expect(nextTcpState(state, event)).toBe(expected);
        expect(tcpEventFits(state, event)).toBe(edge !== undefined);
      });
    }
  }

  it('walks the textbook client: connect, FIN first, TIME_WAIT, closed', () => {
    const walk = (['tcp.connecting', 'tcp.connected', 'tcp.finSent', 'tcp.peerClosed', 'socket.closed'] as const).reduce<TcpState[]>(
      (states, e) => [...states, nextTcpState(states.at(-1)!, e)],
      ['CLOSED'],
    );
    expect(walk).toEqual(['CLOSED', 'SYN_SENT', 'ESTABLISHED', 'FIN_WAIT', 'TIME_WAIT', 'CLOSED']);
  });

  it('walks the textbook server side of a peer close: CLOSE_WAIT, LAST_ACK, CLOSED', () => {
    const walk = (['tcp.accepted', 'tcp.peerClosed', 'tcp.finSent', 'socket.closed'] as const).reduce<TcpState[]>(
      (states, e) => [...states, nextTcpState(states.at(-1)!, e)],
      ['CLOSED'],
    );
    expect(walk).toEqual(['CLOSED', 'ESTABLISHED', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSED']);
  });

  it('reaches every state from CLOSED', () => {
    const seen = new Set<TcpState>(['CLOSED']);
    for (let size = 0; size !== seen.size;) {
      size = seen.size;
      for (const s of [...seen]) for (const e of TCP_EVENTS) seen.add(nextTcpState(s, e));
    }
    expect([...seen].sort()).toEqual([...TCP_STATES].sort());
  });
});

describe('the UDP transition table', () => {
  for (const state of UDP_STATES) {
    for (const event of UDP_EVENTS) {
      const edge = UDP_EDGES.find(([from, on]) => from === state && on === event);
      const expected = edge ? edge[2] : state;
      it(`${state} --${event}--> ${expected}`, () => {
        expect(nextUdpState(state, event)).toBe(expected);
      });
    }
  }
});

describe('which calls fit which state', () => {
  for (const state of TCP_STATES) {
    for (const call of TCP_CALLS) {
      const expected = TCP_CALLS_EXPECTED[state][call];
      it(`TCP ${call}() in ${state}: ${expected ?? 'fits'}`, () => {
        expect(tcpRefusal(state, call)).toBe(expected);
        const message = tcpRefusalMessage(state, call);
        if (expected === undefined) expect(message).toBeUndefined();
        else expect(message).toContain(`${call}()`);
      });
    }
  }
  for (const state of UDP_STATES) {
    for (const call of UDP_CALLS) {
      const expected = UDP_CALLS_EXPECTED[state][call];
      it(`UDP ${call}() in ${state}: ${expected ?? 'fits'}`, () => {
        expect(udpRefusal(state, call)).toBe(expected);
        const message = udpRefusalMessage(state, call);
        if (expected === undefined) expect(message).toBeUndefined();
        else expect(message).toContain(`${call}()`);
      });
    }
  }

  it('names the state in the refusals that depend on it', () => {
    expect(tcpRefusalMessage('LAST_ACK', 'send')).toContain('LAST_ACK');
    expect(tcpRefusalMessage('ESTABLISHED', 'connect')).toContain('ESTABLISHED');
    expect(udpRefusalMessage('unbound', 'sendto')).toContain('unbound');
  });
});

describe('event and state helpers', () => {
  it('tells the events of each table apart from the others', () => {
    for (const e of TCP_EVENTS) expect(isTcpEvent(e)).toBe(true);
    for (const e of UDP_EVENTS) expect(isUdpEvent(e)).toBe(true);
    expect(isTcpEvent('tcp.sent')).toBe(false);
    expect(isUdpEvent('udp.sent')).toBe(false);
  });
  it('names no state in both tables, so a state alone says which table moves it', () => {
    expect(new Set(SOCKET_STATES).size).toBe(TCP_STATES.length + UDP_STATES.length);
    expect(SOCKET_STATES.filter(isTcpState)).toEqual([...TCP_STATES]);
  });
  it('moves any socket by its own table and ignores the events of the other', () => {
    for (const state of TCP_STATES) for (const e of TCP_EVENTS) expect(nextSocketState(state, e)).toBe(nextTcpState(state, e));
    for (const state of UDP_STATES) for (const e of UDP_EVENTS) expect(nextSocketState(state, e)).toBe(nextUdpState(state, e));
    expect(nextSocketState('unbound', 'tcp.connecting')).toBe('unbound');
    expect(nextSocketState('CLOSED', 'udp.bound')).toBe('CLOSED');
    expect(nextSocketState('ESTABLISHED', 'tcp.received')).toBe('ESTABLISHED');
  });
  it("answers which calls fit from the table of the state, and leaves the other protocol's calls alone", () => {
    for (const state of TCP_STATES) for (const call of TCP_CALLS) expect(socketRefusal(state, call)).toBe(tcpRefusal(state, call));
    for (const state of UDP_STATES) for (const call of UDP_CALLS) expect(socketRefusal(state, call)).toBe(udpRefusal(state, call));
    expect(socketRefusal('ESTABLISHED', 'sendto')).toBeUndefined();
    expect(socketRefusal('bound', 'accept')).toBeUndefined();
  });
  it('calls the states after both FINs finished, and nothing else', () => {
    expect([...TCP_STATES, ...UDP_STATES].filter(isFinishedState)).toEqual(['LAST_ACK', 'TIME_WAIT']);
  });
  it('calls CLOSED and closed ended, and nothing else', () => {
    expect([...TCP_STATES, ...UDP_STATES].filter(isClosedState)).toEqual(['CLOSED', 'closed']);
  });
});
