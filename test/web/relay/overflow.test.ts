// The relay panel learns from relay.overflowed that the path was full, and keeps a running count of
// the datagrams dropped, so it can say what happened in the student's language.
import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../../web/lab/state.js';
import type { Event } from '../../../protocol/messages.js';
import en from '../../../web/i18n/locales/en/relay.json';
import ko from '../../../web/i18n/locales/ko/relay.json';

const address = { address: '127.0.0.1', port: 40000, family: 'IPv4' } as const;
const settings = { loss: 0, delayMs: 0, jitterMs: 0, duplicate: 0, reorder: 0, reorderMs: 50, seed: 1, segmentBytes: 65536, retransmitMs: 200 };
const started: Event = { type: 'relay.started', t: 1, sock: 'r', proto: 'udp', listen: address, target: { ...address, port: 12000 }, settings, held: true };
const overflow = (dropped: number): Event => ({
  type: 'relay.overflowed',
  t: 2,
  sock: 'r',
  dir: 'toServer',
  action: 'dropped',
  dropped,
  packets: 17,
  bytes: 1_020_000,
  maxPackets: 1024,
  maxBytes: 1048576,
});

describe('relay.overflowed', () => {
  it('adds up the datagrams dropped across reports', () => {
    const state = reduce(initialState, { type: 'events', events: [started, overflow(1), overflow(40)] });
    expect(state.relays.r!.overflow).toEqual({ dir: 'toServer', action: 'dropped', dropped: 41, maxPackets: 1024, maxBytes: 1048576 });
  });

  it('is explained in English and Korean for both actions and directions', () => {
    for (const locale of [en, ko]) {
      expect(locale.overflow.paused).toMatch(/\{\{dir\}\}/);
      expect(locale.overflow.dropped_other).toMatch(/\{\{count\}\}/);
      expect(Object.keys(locale.overflow.dir).sort()).toEqual(['toClient', 'toServer']);
    }
  });
});
