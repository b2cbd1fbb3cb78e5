// The flow's rows, a window that slides: each row placed gets the next number and keeps it for
// good; once there are more than `maxRows`, the oldest go in chunks of a tenth (so a flood does not
// shift the array on every row), and the window counts what it let go. A window started after a
// reset numbers on from where the previous one stopped, so no number ever means two rows.
import type { FlowRow } from './types.js';

export class RowWindow {
  private readonly kept: FlowRow[] = [];
  private first: number;
  private next: number;
  private droppedCount = 0;

  constructor(
    readonly maxRows: number,
    start = 0,
  ) {
    this.first = start;
    this.next = start;
  }

  /** The rows in sight, oldest first; the same array as long as the window lives. */
  get rows(): readonly FlowRow[] {
    return this.kept;
  }

  /** The number of the oldest row kept (of the next one, while there is none). */
  get firstRow(): number {
    return this.first;
  }

  /** The number the next row will get. */
  get nextRow(): number {
    return this.next;
  }

  /** Rows dropped off the window, and trace entries that went before they could be drawn. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Adds a row at the end: it takes the next number. */
  place(row: FlowRow): void {
    row.row = this.next++;
    this.kept.push(row);
  }

  /** Whether no row has been placed since this one. */
  isLast(row: FlowRow): boolean {
    return row.row >= 0 && row.row === this.next - 1;
  }

  /** Whether the row is in sight: placed (not filtered out), and not dropped yet. */
  holds(row: FlowRow): boolean {
    return row.row >= this.first;
  }

  /** Counts trace entries the model never saw (pushed off the trace before a sync). */
  missed(count: number): void {
    this.droppedCount += count;
  }

  /** Drops the oldest rows once over the limit by a chunk; returns how many went. */
  trim(): number {
    const chunk = Math.max(1, Math.floor(this.maxRows / 10));
    if (this.kept.length <= this.maxRows + chunk - 1) return 0;
    const cut = this.kept.length - this.maxRows;
    this.kept.splice(0, cut);
    this.first += cut;
    this.droppedCount += cut;
    return cut;
  }

  /** An empty window that numbers on from this one (the trace was cleared). */
  restart(): RowWindow {
    return new RowWindow(this.maxRows, this.next);
  }
}
