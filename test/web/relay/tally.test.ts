// The relay panel's counts: what the path did to each direction, and which way held packets go.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { tallyRelay } from '../../../web/relay/tally.js';
import { addr, trace } from '../lessons/events.js';

const SETTINGS = { loss: 0.3, delayMs: 0, jitterMs: 0, duplicate: 0, reorder: 0, reorderMs: 50, seed: 9, segmentBytes: 65536, retransmitMs: 200 };
const started = (sock = 'path'): Event => ({
  type: 'relay.started',
  t: 0,
  sock,
  proto: 'udp',
  listen: addr(12101),
  target: addr(12000),
  settings: SETTINGS,
  held: false,
});
const arrived = (
  dir: 'toServer' | 'toClient',
  fate: { lost?: boolean; copies?: number[]; reordered?: boolean; retransmission?: boolean } = {},
  sock = 'path',
): Event => ({
  type: 'relay.arrived',
  t: 1,
  sock,
  dir,
  size: 10,
  data: '',
  copies: fate.lost ? [] : (fate.copies ?? [1]),
  lost: fate.lost ?? false,
  delays: fate.lost ? [] : [0],
  reordered: fate.reordered ?? false,
  retransmission: fate.retransmission ?? false,
});
const held = (packet: number, dir: 'toServer' | 'toClient'): Event => ({ type: 'relay.held', t: 2, sock: 'path', packet, dir, size: 24 });
const dropped = (packet: number, retransmitted = false): Event => ({ type: 'relay.dropped', t: 3, sock: 'path', packet, retransmitted });

describe('tallyRelay', () => {
  it('counts arrivals and losses per direction', () => {
    const t = tallyRelay(
      trace(started(), arrived('toServer'), arrived('toServer', { lost: true }), arrived('toClient', { lost: true }), arrived('toServer', { copies: [4, 5] })),
      'path',
    );
    expect(t.toServer).toEqual({ arrived: 3, lost: 1, duplicated: 1, reordered: 0, dropped: 0 });
    expect(t.toClient).toEqual({ arrived: 1, lost: 1, duplicated: 0, reordered: 0, dropped: 0 });
  });

  it('ignores other relays', () => {
    expect(tallyRelay(trace(started(), arrived('toServer', {}, 'other')), 'path').toServer.arrived).toBe(0);
  });

  it('starts again when the relay starts again, and from a given seq (Apply)', () => {
    const events = trace(started(), arrived('toServer', { lost: true }), started(), arrived('toServer'), arrived('toServer'));
    expect(tallyRelay(events, 'path').toServer).toMatchObject({ arrived: 2, lost: 0 });
    expect(tallyRelay(events, 'path', 5).toServer).toMatchObject({ arrived: 1 });
  });

  it('counts a TCP piece sent again after a drop once', () => {
    const t = tallyRelay(trace(started(), arrived('toServer'), held(1, 'toServer'), dropped(1, true), arrived('toServer', { retransmission: true })), 'path');
    expect(t.toServer).toMatchObject({ arrived: 1, lost: 0, dropped: 1 });
  });

  it('tells which way each held packet is going', () => {
    const t = tallyRelay(trace(started(), held(1, 'toServer'), held(2, 'toClient')), 'path');
    expect([...t.held]).toEqual([
      [1, { dir: 'toServer', size: 24 }],
      [2, { dir: 'toClient', size: 24 }],
    ]);
  });
});
