// Arrows faster than a person can read them: more than SUMMARY_RATE between the same two lifelines
// within SUMMARY_WINDOW_US are folded into one summary row ("1,240 datagrams/s between A and B"),
// which keeps the latest MAX_MEMBERS of them so stepping through it stays exact. A pair that calms
// down closes its summary; its next burst starts a new one.
import type { RowWindow } from './row-window.js';
import type { ArrowRow, SummaryRow } from './types.js';

/** More arrows than this between the same two lifelines within SUMMARY_WINDOW_US are folded into
 * one summary row: a person reads about ten arrows a second. */
export const SUMMARY_RATE = 10;
export const SUMMARY_WINDOW_US = 1_000_000;
/** Arrows a summary keeps for stepping through it; older ones are counted, not kept. */
export const MAX_MEMBERS = 1000;

interface Burst {
  /** Times of the latest arrows between the pair, within the window. */
  times: number[];
  summary?: SummaryRow;
}

const pairKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);

export class Summaries {
  /** Arrows folded into summaries so far. */
  summarised = 0;
  private readonly bursts = new Map<string, Burst>();

  /** `rate`: arrows a second between two lifelines above which they fold (Infinity: never). */
  constructor(private readonly rate = SUMMARY_RATE) {}

  /** Folds the arrow into its pair's summary when the pair is busier than a person can follow,
   * placing a new summary row with `place` if it starts one; returns whether it folded. */
  fold(row: ArrowRow, rows: RowWindow, place: (summary: SummaryRow) => void): boolean {
    const key = pairKey(row.from, row.to);
    let burst = this.bursts.get(key);
    if (!burst) {
      burst = { times: [] };
      this.bursts.set(key, burst);
    }
    const open = burst.summary;
    if (open) {
      if (row.t - open.tLast <= SUMMARY_WINDOW_US && rows.holds(open)) {
        this.join(open, row);
        return true;
      }
      open.open = false;
      open.rev++;
      burst.summary = undefined;
    }
    const times = burst.times;
    times.push(row.t);
    while (times.length > 0 && times[0]! <= row.t - SUMMARY_WINDOW_US) times.shift();
    if (times.length <= this.rate) return false;
    const summary: SummaryRow = {
      kind: 'summary',
      row: -1,
      rev: 0,
      t: row.t,
      proto: row.proto,
      a: row.from,
      b: row.to,
      count: 0,
      bytes: 0,
      tLast: row.t,
      members: [],
      open: true,
    };
    place(summary);
    burst.summary = summary;
    burst.times = [];
    this.join(summary, row);
    return true;
  }

  /** Forgets the pairs with a lifeline the model let go, and the pairs gone quiet. */
  forget(isGone: (lifeline: string) => boolean): void {
    for (const [key, burst] of this.bursts) {
      const [a, b] = key.split('|');
      if (isGone(a!) || isGone(b!) || (!burst.summary && burst.times.length === 0)) this.bursts.delete(key);
    }
  }

  private join(summary: SummaryRow, row: ArrowRow): void {
    row.row = summary.row;
    row.summary = summary;
    summary.members.push(row);
    // cut in chunks so a long flood does not shift the array on every arrow
    if (summary.members.length >= MAX_MEMBERS * 1.25) summary.members.splice(0, summary.members.length - MAX_MEMBERS);
    summary.count++;
    summary.bytes += row.size;
    summary.tLast = row.t;
    summary.rev++;
    this.summarised++;
  }
}
