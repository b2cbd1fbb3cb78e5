// Lesson 9's observe rule: the pinger ran and one of its pings timed out.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { runRule, type RuleInput } from '../../../web/lessons/rules/index.js';
import { addr, SECOND, trace, udpReceived, udpSent, UDP_UPPER } from './events.js';

const input = (events: Event[], now: number): RuleInput => ({ trace: trace(...events), servers: [UDP_UPPER], now });
const run = (events: Event[], now: number, params: Record<string, unknown> = {}) => runRule('pinger-timeout', params, input(events, now));

const ping = (t: number, n: number, sock = 'p-pinger-1') => udpSent(t, sock, 50000, 12005, `Ping ${n} 1712345678.5`);
const pong = (t: number, n: number, sock = 'p-pinger-1') => udpReceived(t, sock, 12005, 50000, `PING ${n} 1712345678.5`);
const relayStarted = (t: number, sock: string): Event => ({
  type: 'relay.started', t, sock, proto: 'udp', listen: addr(12101), target: addr(12000),
  settings: { loss: 0, delayMs: 0, jitterMs: 0, duplicate: 0, reorder: 0, reorderMs: 50, seed: 1, segmentBytes: 65536, retransmitMs: 200 }, held: false,
});

describe('pinger-timeout', () => {
  it('passes at the ping whose reply did not come within one second', () => {
    const events = [ping(0, 1), pong(0.001 * SECOND, 1), ping(0.01 * SECOND, 2), ping(1.02 * SECOND, 3), pong(1.021 * SECOND, 3)];
    expect(run(events, 1.5 * SECOND)).toEqual({ passed: true, seq: 3 });
  });

  it('waits for the second to end before deciding, and asks to look again then', () => {
    expect(run([ping(0, 1)], 0.5 * SECOND)).toEqual({ passed: false, recheckAt: 1 * SECOND });
  });

  it('does not pass when every ping was answered in time', () => {
    const events = [ping(0, 1), pong(0.2 * SECOND, 1), ping(0.3 * SECOND, 2), pong(0.4 * SECOND, 2)];
    expect(run(events, 10 * SECOND).passed).toBe(false);
  });

  it('counts a reply that came after the timeout as a timeout', () => {
    expect(run([ping(0, 1), pong(1.5 * SECOND, 1)], 2 * SECOND)).toEqual({ passed: true, seq: 1 });
  });

  it('does not take the reply to another ping as this one\'s', () => {
    expect(run([ping(0, 2), pong(0.1 * SECOND, 1)], 2 * SECOND).passed).toBe(true);
  });

  it('takes its window from params', () => {
    const events = [ping(0, 1), pong(1.5 * SECOND, 1)];
    expect(run(events, 3 * SECOND, { within: 2 }).passed).toBe(false);
  });

  it('ignores datagrams that are not pings', () => {
    expect(run([udpSent(0, 'c1', 50000, 12000, 'hello')], 5 * SECOND).passed).toBe(false);
  });

  it('ignores the lab server\'s sends', () => {
    expect(run([udpSent(0, 'lab:pinger', 12005, 50000, 'PING 1 1712345678.5')], 5 * SECOND).passed).toBe(false);
  });

  it('does not mistake a relay passing pings and replies on for a pinger', () => {
    const events = [
      relayStarted(0, 'path'),
      ping(1, 1),
      udpReceived(2, 'path', 50000, 12101, 'Ping 1 1712345678.5'),
      udpSent(3, 'path~1', 40000, 12000, 'Ping 1 1712345678.5'),
      udpReceived(4, 'path~1', 12000, 40000, 'PING 1 1712345678.5'),
      udpSent(5, 'path', 12101, 50000, 'PING 1 1712345678.5'),
      pong(6, 1),
    ];
    expect(run(events, 10 * SECOND).passed).toBe(false);
  });

  it('passes through a relay when the path lost the reply', () => {
    const events = [
      relayStarted(0, 'path'),
      ping(1, 1),
      udpReceived(2, 'path', 50000, 12101, 'Ping 1 1712345678.5'),
      udpSent(3, 'path~1', 40000, 12000, 'Ping 1 1712345678.5'),
      udpReceived(4, 'path~1', 12000, 40000, 'PING 1 1712345678.5'),
    ];
    expect(run(events, 10 * SECOND)).toEqual({ passed: true, seq: 2 });
  });
});
