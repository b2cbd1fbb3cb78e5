// Lesson 2's rule: the same sentence over UDP and over TCP, each answered by its lab server.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { runRule, type RuleInput } from '../../../web/lessons/rules/index.js';
import { TCP_UPPER, UDP_UPPER, closed, tcpAccepted, tcpConnected, tcpConnecting, tcpReceived, tcpSent, trace, udpReceived, udpSent } from './events.js';

const input = (events: Event[], servers: RuleInput['servers'] = [UDP_UPPER, TCP_UPPER]): RuleInput => ({ trace: trace(...events), servers, now: 0 });
const run = (events: Event[], servers?: RuleInput['servers']) => runRule('udp-and-tcp-roundtrip', {}, input(events, servers));

const overUdp: Event[] = [udpSent(1, 'udp-client-1', 50000, 12000, 'hi'), udpReceived(2, 'lab:udp-upper', 50000, 12000, 'hi'), udpSent(3, 'lab:udp-upper', 12000, 50000, 'HI'), udpReceived(4, 'udp-client-1', 12000, 50000, 'HI')];
const overTcp: Event[] = [
  tcpConnecting(5, 'tcp-client-1', 12000),
  tcpConnected(6, 'tcp-client-1', 50001, 12000),
  tcpAccepted(7, 'lab:tcp-upper', 'lab:tcp-upper#1', 12000, 50001),
  tcpSent(8, 'tcp-client-1', 'hi'),
  tcpReceived(9, 'lab:tcp-upper#1', 'hi'),
  tcpSent(10, 'lab:tcp-upper#1', 'HI'),
  tcpReceived(11, 'tcp-client-1', 'HI'),
  closed(12, 'tcp-client-1'),
];

describe('udp-and-tcp-roundtrip', () => {
  it('passes once both exchanges are done, at the later reply', () => {
    expect(run([...overUdp, ...overTcp])).toEqual({ passed: true, seq: 11 });
  });
  it('passes in either order', () => {
    expect(run([...overTcp, ...overUdp])).toEqual({ passed: true, seq: 12 });
  });
  it('does not pass with the UDP exchange alone', () => {
    expect(run(overUdp).passed).toBe(false);
  });
  it('does not pass with the TCP exchange alone', () => {
    expect(run(overTcp).passed).toBe(false);
  });
  it('does not pass when the TCP reply never came', () => {
    expect(run([...overUdp, ...overTcp.slice(0, 6)]).passed).toBe(false);
  });
  it('does not pass when the TCP server is not running', () => {
    expect(run([...overUdp, ...overTcp], [UDP_UPPER, { ...TCP_UPPER, state: 'unavailable' }]).passed).toBe(false);
  });
  it('takes the servers from params', () => {
    const echo = { ...UDP_UPPER, name: 'echo', port: 12001, sock: 'lab:echo' };
    expect(runRule('udp-and-tcp-roundtrip', { udp: 'echo' }, input([...overUdp, ...overTcp], [echo, TCP_UPPER])).passed).toBe(false);
  });
});
