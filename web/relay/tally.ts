// What the path did, counted from the relay's events: how many datagrams (or TCP pieces) went each
// way and what became of them, and which way each packet waiting in the hold is going. The relay
// panel shows it so a student can read "3 pings lost on the way to the server, 2 replies on the
// way back" without counting marks in the flow.
import type { TraceEntry } from '../lab/state.js';
import { foldAll, type TraceReducer } from '../lab/fold.js';

export type Direction = 'toServer' | 'toClient';

export interface DirectionTally {
  /** Datagrams or pieces that reached the relay. */
  arrived: number;
  /** Lost by the path (UDP), or lost and so sent again (TCP). */
  lost: number;
  duplicated: number;
  reordered: number;
  /** Removed from the hold by the instructor's Drop. */
  dropped: number;
}

export interface RelayTally {
  toServer: DirectionTally;
  toClient: DirectionTally;
  /** Packet number -> its direction and size, for every packet that waited in the hold. */
  held: Map<number, { dir: Direction; size: number }>;
}

export const emptyTally = (): DirectionTally => ({ arrived: 0, lost: 0, duplicated: 0, reordered: 0, dropped: 0 });

/** The tally as a fold of the trace (web/lab/fold.ts): the relay's events with seq >= since, from
 * its latest start on (a new start begins a new count). */
export function tallyFold(relay: string, since = 0): TraceReducer<RelayTally> {
  return {
    init: () => ({ toServer: emptyTally(), toClient: emptyTally(), held: new Map() }),
    step(tally, { seq, event: e }) {
      if (seq < since || !('sock' in e) || e.sock !== relay) return false;
      if (e.type === 'relay.started') {
        tally.toServer = emptyTally();
        tally.toClient = emptyTally();
        tally.held = new Map();
      } else if (e.type === 'relay.arrived') {
        const d = tally[e.dir];
        // a TCP retransmission is the same bytes again: count the piece once, when it first came
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
    },
  };
}

/** Counts the relay's events with seq >= since, back to the relay's latest start. */
export function tallyRelay(trace: readonly TraceEntry[], relay: string, since = 0): RelayTally {
  return foldAll(tallyFold(relay, since), trace);
}

/** A copy, for a view: the fold goes on changing its own. */
export function copyTally(tally: RelayTally): RelayTally {
  return { toServer: { ...tally.toServer }, toClient: { ...tally.toClient }, held: new Map(tally.held) };
}
