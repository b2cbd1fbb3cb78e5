// What the path did, counted from the relay's events: how many datagrams (or TCP pieces) went each
// way and what became of them, and which way each packet waiting in the hold is going. The relay
// panel shows it so a student can read "3 pings lost on the way to the server, 2 replies on the
// way back" without counting marks in the flow.
import type { TraceEntry } from '../lab/state.js';

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

const empty = (): DirectionTally => ({ arrived: 0, lost: 0, duplicated: 0, reordered: 0, dropped: 0 });

/** Counts the relay's events with seq >= since, back to the relay's latest start. */
export function tallyRelay(trace: readonly TraceEntry[], relay: string, since = 0): RelayTally {
  let start = trace.length;
  while (start > 0) {
    const { seq, event } = trace[start - 1]!;
    if (seq < since) break;
    start--;
    if (event.type === 'relay.started' && event.sock === relay) break;
  }
  const tally: RelayTally = { toServer: empty(), toClient: empty(), held: new Map() };
  for (let i = start; i < trace.length; i++) {
    const e = trace[i]!.event;
    if (!('sock' in e) || e.sock !== relay) continue;
    if (e.type === 'relay.arrived') {
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
  }
  return tally;
}
