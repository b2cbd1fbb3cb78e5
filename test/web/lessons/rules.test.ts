import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { RULES, runRule, type RuleInput } from '../../../web/lessons/rules/index.js';
import {
  SECOND, TCP_UPPER, UDP_UPPER, closed, refused, tcpAccepted, tcpConnected, tcpConnecting, tcpListening, tcpReceived, tcpSent, trace, udpReceived, udpSent,
} from './events.js';

const input = (events: Event[], now = 0): RuleInput => ({ trace: trace(...events), servers: [UDP_UPPER, TCP_UPPER], now });
const passes = (rule: string, params: Record<string, unknown>, events: Event[], now?: number) => runRule(rule, params, input(events, now)).passed;

describe('udp-roundtrip', () => {
  const exchange = [
    udpSent(1, 'c1', 50000, 12000, 'hello'),
    udpReceived(2, 'lab:udp-upper', 50000, 12000, 'hello'),
    udpSent(3, 'lab:udp-upper', 12000, 50000, 'HELLO'),
    udpReceived(4, 'c1', 12000, 50000, 'HELLO'),
  ];
  it('passes when a page socket sent to the server and got the reply, at the reply', () => {
    expect(runRule('udp-roundtrip', { server: 'udp-upper' }, input(exchange))).toEqual({ passed: true, seq: 4 });
  });
  it('does not pass on the send alone', () => {
    expect(passes('udp-roundtrip', {}, exchange.slice(0, 3))).toBe(false);
  });
  it('does not pass on the lab server\'s own half of the exchange', () => {
    expect(passes('udp-roundtrip', {}, [udpSent(1, 'lab:udp-upper', 12000, 50000, 'X'), udpReceived(2, 'lab:udp-upper', 50000, 12000, 'x')])).toBe(false);
  });
  it('does not pass for a reply from another port', () => {
    expect(passes('udp-roundtrip', {}, [udpSent(1, 'c1', 50000, 12000, 'hi'), udpReceived(2, 'c1', 12345, 50000, 'HI')])).toBe(false);
  });
  it('does not pass when the named server is not running', () => {
    expect(runRule('udp-roundtrip', { server: 'udp-upper' }, { ...input(exchange), servers: [{ ...UDP_UPPER, state: 'unavailable' }] }).passed).toBe(false);
  });
});

describe('udp-truncated', () => {
  it('passes on a datagram cut by recvfrom', () => {
    expect(passes('udp-truncated', { server: 'udp-upper' }, [udpSent(1, 'c1', 50000, 12000, 'x'), udpReceived(2, 'lab:udp-upper', 50000, 12000, 'x', true)])).toBe(true);
  });
  it('does not pass on whole datagrams', () => {
    expect(passes('udp-truncated', {}, [udpReceived(2, 'lab:udp-upper', 50000, 12000, 'x', false)])).toBe(false);
  });
  it('with a server named, ignores a cut datagram elsewhere', () => {
    expect(passes('udp-truncated', { server: 'udp-upper' }, [udpReceived(2, 'srv', 50000, 12100, 'x', true)])).toBe(false);
  });
});

describe('udp-no-reply', () => {
  const sent = [udpSent(1 * SECOND, 'c1', 50000, 12999, 'anyone?')];
  it('is undecided before the window ends, and asks to look again when it does', () => {
    expect(runRule('udp-no-reply', { port: 12999 }, input(sent, 2 * SECOND))).toEqual({ passed: false, recheckAt: 3 * SECOND });
  });
  it('passes once the window has gone by in silence', () => {
    expect(runRule('udp-no-reply', { port: 12999 }, input(sent, 3 * SECOND))).toEqual({ passed: true, seq: 1 });
  });
  it('takes its window from params', () => {
    expect(passes('udp-no-reply', { port: 12999, within: 5 }, sent, 3 * SECOND)).toBe(false);
    expect(passes('udp-no-reply', { port: 12999, within: 5 }, sent, 6 * SECOND)).toBe(true);
  });
  it('does not pass when a reply came from there within the window', () => {
    const answered = [...sent, udpReceived(1.5 * SECOND, 'c1', 12999, 50000, 'ANYONE?')];
    expect(runRule('udp-no-reply', { port: 12999 }, input(answered, 10 * SECOND))).toEqual({ passed: false });
  });
  it('counts a reply from another port as no reply from there', () => {
    const other = [...sent, udpReceived(1.5 * SECOND, 'c1', 12000, 50000, 'X')];
    expect(passes('udp-no-reply', { port: 12999 }, other, 10 * SECOND)).toBe(true);
  });
  it('ignores sends to other ports when a port is named', () => {
    expect(passes('udp-no-reply', { port: 12999 }, [udpSent(1, 'c1', 50000, 12000, 'x')], 10 * SECOND)).toBe(false);
  });
});

describe('tcp-roundtrip', () => {
  const conversation = [
    tcpConnecting(1, 't1', 12000),
    tcpConnected(2, 't1', 40000, 12000),
    tcpAccepted(3, 'lab:tcp-upper', 'lab:tcp-upper#1', 12000, 40000),
    tcpSent(4, 't1', 'hello'),
    tcpReceived(5, 'lab:tcp-upper#1', 'hello'),
    tcpSent(6, 'lab:tcp-upper#1', 'HELLO'),
    tcpReceived(7, 't1', 'HELLO'),
  ];
  it('passes on connect, send and a reply on one page socket', () => {
    expect(runRule('tcp-roundtrip', {}, input(conversation))).toEqual({ passed: true, seq: 7 });
  });
  it('does not pass without the page having sent', () => {
    expect(passes('tcp-roundtrip', {}, [tcpConnected(2, 't1', 40000, 12000), tcpReceived(7, 't1', 'HELLO')])).toBe(false);
  });
  it('does not pass for a connection to another port', () => {
    expect(passes('tcp-roundtrip', {}, [tcpConnected(2, 't1', 40000, 12001), tcpSent(4, 't1', 'x'), tcpReceived(7, 't1', 'X')])).toBe(false);
  });
  it('forgets a socket id once it closed and is reused for another connection', () => {
    expect(passes('tcp-roundtrip', {}, [tcpConnected(2, 't1', 40000, 12000), tcpSent(4, 't1', 'x'), closed(5, 't1'), tcpConnected(6, 't1', 40001, 9999), tcpReceived(7, 't1', 'X')])).toBe(false);
  });
});

describe('tcp-refused', () => {
  it('passes when a page connect was refused', () => {
    expect(passes('tcp-refused', {}, [tcpConnecting(1, 't1', 12999), refused(2, 't1')])).toBe(true);
  });
  it('checks the port it aimed at when one is named', () => {
    expect(passes('tcp-refused', { port: 12999 }, [tcpConnecting(1, 't1', 12998), refused(2, 't1')])).toBe(false);
    expect(passes('tcp-refused', { port: 12999 }, [tcpConnecting(1, 't1', 12999), refused(2, 't1')])).toBe(true);
  });
  it('does not pass on other errors', () => {
    expect(passes('tcp-refused', {}, [{ type: 'socket.error', t: 1, sock: 't1', code: 'LAB_DESTINATION_DENIED', message: 'no', call: 'connect' }])).toBe(false);
  });
});

describe('tcp-two-connections', () => {
  const listen = tcpListening(1, 'srv', 12100);
  it('passes when one welcoming socket has two connection sockets open at once', () => {
    const events = [listen, tcpAccepted(2, 'srv', 'srv#1', 12100, 40000), tcpAccepted(3, 'srv', 'srv#2', 12100, 40001)];
    expect(runRule('tcp-two-connections', {}, input(events))).toEqual({ passed: true, seq: 3 });
  });
  it('does not pass for two connections one after the other', () => {
    const events = [listen, tcpAccepted(2, 'srv', 'srv#1', 12100, 40000), closed(3, 'srv#1'), tcpAccepted(4, 'srv', 'srv#2', 12100, 40001)];
    expect(passes('tcp-two-connections', {}, events)).toBe(false);
  });
  it('does not pass for one connection each on two welcoming sockets', () => {
    const events = [tcpAccepted(2, 'a', 'a#1', 1, 40000), tcpAccepted(3, 'b', 'b#1', 2, 40001)];
    expect(passes('tcp-two-connections', {}, events)).toBe(false);
  });
  it('with a server named, counts only that server\'s welcoming socket', () => {
    const events = [tcpAccepted(2, 'srv', 'srv#1', 12100, 40000), tcpAccepted(3, 'srv', 'srv#2', 12100, 40001)];
    expect(passes('tcp-two-connections', { server: 'tcp-upper' }, events)).toBe(false);
  });
});

describe('korean-roundtrip', () => {
  it('passes when a Hangul sentence came back over UDP (uppercase leaves Hangul as it is)', () => {
    const events = [udpSent(1, 'c1', 50000, 12000, '안녕 socket'), udpReceived(2, 'c1', 12000, 50000, '안녕 SOCKET')];
    expect(passes('korean-roundtrip', { server: 'udp-upper' }, events)).toBe(true);
  });
  it('gathers a TCP reply that came in pieces, even one cut inside a character', () => {
    const reply = new TextEncoder().encode('안녕하세요');
    const cut = (a: number, b: number) => Buffer.from(reply.slice(a, b)).toString('base64');
    const events: Event[] = [
      tcpConnected(1, 't1', 40000, 12000),
      tcpSent(2, 't1', '안녕하세요'),
      { type: 'tcp.received', t: 3, sock: 't1', size: 4, data: cut(0, 4) },
      { type: 'tcp.received', t: 4, sock: 't1', size: reply.length - 4, data: cut(4, reply.length) },
    ];
    expect(passes('korean-roundtrip', { proto: 'tcp', server: 'tcp-upper' }, events)).toBe(true);
  });
  it('does not pass for a sentence without Hangul', () => {
    expect(passes('korean-roundtrip', {}, [udpSent(1, 'c1', 50000, 12000, 'hello'), udpReceived(2, 'c1', 12000, 50000, 'HELLO')])).toBe(false);
  });
  it('does not pass when the Hangul did not come back', () => {
    expect(passes('korean-roundtrip', {}, [udpSent(1, 'c1', 50000, 12000, '안녕'), udpReceived(2, 'c1', 12000, 50000, '??')])).toBe(false);
  });
  it('with a server named, ignores replies from elsewhere', () => {
    const events = [udpSent(1, 'c1', 50000, 12100, '안녕'), udpReceived(2, 'c1', 12100, 50000, '안녕')];
    expect(passes('korean-roundtrip', { server: 'udp-upper' }, events)).toBe(false);
  });
});

describe('the rule registry', () => {
  it('has the rules the lessons use', () => {
    expect(Object.keys(RULES)).toEqual(
      expect.arrayContaining(['udp-roundtrip', 'udp-truncated', 'udp-no-reply', 'tcp-roundtrip', 'tcp-refused', 'tcp-two-connections', 'korean-roundtrip']),
    );
  });
  it('never passes an unknown rule or bad params', () => {
    const events = [udpSent(1, 'c1', 50000, 12000, 'x'), udpReceived(2, 'c1', 12000, 50000, 'X')];
    expect(passes('no-such-rule', {}, events)).toBe(false);
    expect(passes('udp-roundtrip', { server: 12 }, events)).toBe(false);
  });
});
