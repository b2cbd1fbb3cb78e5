// The relay panel's counts: what the path did to each direction, and which way held packets go.
import { describe, expect, it } from 'vitest';
import type { Event } from '../../../protocol/messages.js';
import { TraceFold } from '../../../web/lab/fold.js';
import type { TraceEntry } from '../../../web/lab/state.js';
import { copyTally, emptyTally, tallyFold, tallyRelay } from '../../../web/relay/tally.js';
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

/** The panel's former whole-trace count, kept as the oracle of the fold. */
function oldTallyRelay(entries: readonly TraceEntry[], relay: string, since = 0) {
  let start = entries.length;
  while (start > 0) {
    const { seq, event } = entries[start - 1]!;
    if (seq < since) break;
    start--;
    if (event.type === 'relay.started' && event.sock === relay) break;
  }
  const tally = { toServer: emptyTally(), toClient: emptyTally(), held: new Map<number, { dir: 'toServer' | 'toClient'; size: number }>() };
  for (let i = start; i < entries.length; i++) {
    const e = entries[i]!.event;
    if (!('sock' in e) || e.sock !== relay) continue;
    if (e.type === 'relay.arrived') {
      const d = tally[e.dir];
      if (!e.retransmission || e.lost) d.arrived++;
      if (e.lost) d.lost++;
      if (e.copies.length > 1) d.duplicated++;
      if (e.reordered) d.reordered++;
    } else if (e.type === 'relay.held') {
      tally.held.set(e.packet, { dir: e.dir, size: e.size });
    } else if (e.type === 'relay.dropped') {
      const dir = tally.held.get(e.packet)?.dir;
      if (dir) tally[dir].dropped++;
    }
  }
  return tally;
}

describe('the relay panel, folding the trace as it comes', () => {
  it.each([0, 40, 150])('counts at every frame what re-reading the whole trace counted (from seq %i)', (since) => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const dir = () => (random() < 0.5 ? 'toServer' : 'toClient');
    const events: Event[] = [];
    for (let i = 0; i < 300; i++) {
      const r = random();
      if (r < 0.03) events.push(started(random() < 0.7 ? 'path' : 'other'));
      else if (r < 0.75)
        events.push(
          arrived(
            dir(),
            { lost: random() < 0.3, copies: random() < 0.1 ? [1, 2] : [1], reordered: random() < 0.1, retransmission: random() < 0.1 },
            random() < 0.9 ? 'path' : 'other',
          ),
        );
      else if (r < 0.9) events.push(held(i, dir()));
      else events.push(dropped(i - 1 - Math.floor(random() * 10)));
    }
    const all = trace(...events);
    const fold = new TraceFold(tallyFold('path', since));
    for (let end = 0; end <= all.length; end += 1 + (end % 4)) {
      const prefix = all.slice(0, end);
      expect(copyTally(fold.sync(prefix))).toEqual(oldTallyRelay(prefix, 'path', since));
    }
  });
});
