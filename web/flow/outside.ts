// The columns of outside addresses (a program outside the lab, another machine): each is drawn
// while it takes part, folds away after EXTERNAL_IDLE_US of quiet, and at most
// MAX_EXTERNAL_COLUMNS share a side, the quietest making room. A client rerun every second has a
// new port each time: without these bounds its columns would push the lab's servers off-screen.
// This module only keeps the bridge times; FlowBuilder closes the lifelines it names.
import type { Lifeline } from './types.js';

/** An outside address quiet this long folds its column away (it comes back if it speaks again). */
export const EXTERNAL_IDLE_US = 10_000_000;
/** Columns for outside addresses on one side at most: the quietest one makes room. */
export const MAX_EXTERNAL_COLUMNS = 3;

export class OutsideColumns {
  /** Outside lifelines drawn now, and the bridge time each last took part. */
  private readonly seen = new Map<string, number>();

  /** Whether the lifeline has been quiet long enough to fold (it speaks again: a new column). */
  stale(id: string, now: number): boolean {
    const t = this.seen.get(id);
    return t !== undefined && now - t > EXTERNAL_IDLE_US;
  }

  /** The lifeline took part in something at `now`. */
  saw(id: string, now: number): void {
    this.seen.set(id, now);
  }

  /** The lifelines quiet for longer than EXTERNAL_IDLE_US, forgotten here. */
  takeIdle(now: number): string[] {
    const idle: string[] = [];
    for (const [id, t] of this.seen) {
      if (now - t <= EXTERNAL_IDLE_US) continue;
      this.seen.delete(id);
      idle.push(id);
    }
    return idle;
  }

  /** The drawn outside lifeline to fold so that `line` gets a column on its side, forgotten here;
   * undefined while the side has room. */
  makeRoom(line: Lifeline, lifelines: ReadonlyMap<string, Lifeline>): Lifeline | undefined {
    let quietest: Lifeline | undefined;
    let quietestAt = Infinity;
    let drawn = 0;
    for (const [id, t] of this.seen) {
      const other = lifelines.get(id);
      if (!other || other === line || other.closed || other.lane === undefined || other.side !== line.side) continue;
      drawn++;
      if (t < quietestAt) {
        quietest = other;
        quietestAt = t;
      }
    }
    if (drawn < MAX_EXTERNAL_COLUMNS || !quietest) return undefined;
    this.seen.delete(quietest.id);
    return quietest;
  }
}
