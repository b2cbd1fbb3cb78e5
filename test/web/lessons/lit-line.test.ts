import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { initialState, reduce } from '../../../web/lab/state.js';
import { listingProto, litLine } from '../../../web/lessons/lit-line.js';
import { closed, tcpAccepted, tcpConnected, tcpListening, tcpReceived, tcpSent, udpBound, udpReceived, udpSent } from './events.js';

const CLIENT = { socket: 5, sendto: 7, recvfrom: 8, print: 9, close: 10 };
const SERVER = { socket: 4, bind: 5, recvfrom: 8, upper: 9, sendto: 10 };
const TCP_SERVER = { listen: 6, accept: 9, recv: 10, send: 12, close: 13 };

/** Folds events through the real reducer, as the page does. */
const state = (...events: Event[]) => reduce(initialState, { type: 'events', events });
const lit = (lines: Record<string, number>, follows: 'page' | 'lab', ...events: Event[]) => {
  const s = state(...events);
  return litLine(s.trace, s.sockets, follows, lines);
};

describe('the lit line of a listing', () => {
  it('is the line of the latest call on the page\'s sockets', () => {
    expect(lit(CLIENT, 'page', udpBound(1, 'c1', 50000), udpSent(2, 'c1', 50000, 12000, 'hi'))).toMatchObject({ call: 'sendto', line: 7, seq: 2 });
  });

  it('lights socket() for a client\'s implicit bind', () => {
    expect(lit(CLIENT, 'page', udpBound(1, 'c1', 50000))).toMatchObject({ call: 'socket', line: 5 });
  });

  it('marks print as next after a recvfrom', () => {
    expect(lit(CLIENT, 'page', udpSent(2, 'c1', 50000, 12000, 'hi'), udpReceived(3, 'c1', 12000, 50000, 'HI'))).toEqual({
      call: 'recvfrom', line: 8, seq: 2, next: [{ call: 'print', line: 9 }],
    });
  });

  it('follows the lab server\'s sockets when the listing is the server\'s', () => {
    const events = [udpSent(2, 'c1', 50000, 12000, 'hi'), udpReceived(3, 'lab:udp-upper', 50000, 12000, 'hi'), udpReceived(4, 'c1', 12000, 50000, 'HI')];
    expect(lit(SERVER, 'lab', ...events)).toMatchObject({ call: 'recvfrom', line: 8, next: [{ call: 'upper', line: 9 }] });
    expect(lit(CLIENT, 'page', ...events)).toMatchObject({ call: 'recvfrom', seq: 3 });
  });

  it('lights the client listing only for client sockets and the server listing only for server sockets', () => {
    // the page runs a client (c1, sends first) and a server (s1, receives first) at once
    const events = [
      udpBound(1, 'c1', 50000),
      udpSent(2, 'c1', 50000, 12000, 'hi'),
      udpBound(3, 's1', 12100),
      udpReceived(4, 's1', 40000, 12100, 'yo'),
    ];
    expect(lit(CLIENT, 'page', ...events)).toMatchObject({ call: 'sendto', seq: 2 });
    expect(lit(SERVER, 'page', ...events)).toMatchObject({ call: 'recvfrom', seq: 4 });
  });

  it('ignores sockets of the other transport', () => {
    const events = [udpSent(1, 'c1', 50000, 12000, 'hi'), tcpConnected(2, 't1', 40000, 12000), tcpSent(3, 't1', 'x'), closed(4, 't1')];
    expect(lit(CLIENT, 'page', ...events)).toMatchObject({ call: 'sendto', seq: 1 });
  });

  it('lights accept on the welcoming socket and recv, send, close on the connection socket', () => {
    const events = [tcpListening(1, 'lab:tcp-upper', 12000), tcpAccepted(2, 'lab:tcp-upper', 'lab:tcp-upper#1', 12000, 40000)];
    expect(lit(TCP_SERVER, 'lab', ...events)).toMatchObject({ call: 'accept', line: 9 });
    expect(lit(TCP_SERVER, 'lab', ...events, tcpReceived(3, 'lab:tcp-upper#1', 'x'))).toMatchObject({ call: 'recv', line: 10 });
    expect(lit(TCP_SERVER, 'lab', ...events, closed(4, 'lab:tcp-upper#1'))).toMatchObject({ call: 'close', line: 13 });
  });

  it('is nothing before any relevant event, or for events before `since`', () => {
    expect(lit(CLIENT, 'page')).toBeUndefined();
    const s = state(udpSent(1, 'c1', 50000, 12000, 'hi'));
    expect(litLine(s.trace, s.sockets, 'page', CLIENT, 2)).toBeUndefined();
  });

  it('judges a listing\'s transport by its calls', () => {
    expect(listingProto(CLIENT)).toBe('udp');
    expect(listingProto(TCP_SERVER)).toBe('tcp');
    expect(listingProto({ socket: 1 })).toBeUndefined();
  });
});
