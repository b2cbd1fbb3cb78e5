import { describe, expect, it } from 'vitest';
import { RowWindow } from '../../../web/flow/row-window.js';
import type { MarkRow } from '../../../web/flow/types.js';

const mark = (t: number): MarkRow => ({ kind: 'mark', mark: 'bound', on: 'u', seq: t, row: -1, rev: 0, t });

function filled(window: RowWindow, count: number): MarkRow[] {
  return Array.from({ length: count }, (_, i) => {
    const row = mark(i);
    window.place(row);
    return row;
  });
}

describe('row window', () => {
  it('numbers the rows it places, in order', () => {
    const window = new RowWindow(100);
    const [a, b] = filled(window, 2);
    expect([a!.row, b!.row]).toEqual([0, 1]);
    expect(window.rows).toEqual([a, b]);
    expect(window.firstRow).toBe(0);
    expect(window.nextRow).toBe(2);
    expect(window.isLast(b!)).toBe(true);
    expect(window.isLast(a!)).toBe(false);
  });

  it('tells a row never placed (filtered out) from one in sight', () => {
    const window = new RowWindow(100);
    const placed = filled(window, 1)[0]!;
    const left = mark(1);
    expect(window.holds(placed)).toBe(true);
    expect(window.holds(left)).toBe(false);
    expect(window.isLast(left)).toBe(false);
  });

  it('keeps up to the limit plus a tenth, then drops the oldest down to the limit and counts them', () => {
    const window = new RowWindow(100);
    const rows = filled(window, 109);
    const same = window.rows;
    expect(window.trim()).toBe(0);
    expect(window.rows).toHaveLength(109);
    window.place(mark(109));
    expect(window.trim()).toBe(10);
    expect(window.rows).toBe(same);
    expect(window.rows).toHaveLength(100);
    expect(window.firstRow).toBe(10);
    expect(window.rows[0]).toBe(rows[10]);
    expect(window.dropped).toBe(10);
    expect(window.holds(rows[9]!)).toBe(false);
    expect(window.holds(rows[10]!)).toBe(true);
  });

  it('drops one row at a time under a limit below ten', () => {
    const window = new RowWindow(5);
    filled(window, 6);
    expect(window.trim()).toBe(1);
    expect(window.firstRow).toBe(1);
  });

  it('counts trace entries that went before they were drawn with the rows it dropped', () => {
    const window = new RowWindow(100);
    window.missed(7);
    filled(window, 111);
    window.trim();
    expect(window.dropped).toBe(7 + 11);
  });

  it('starts again empty, numbering on from where it stopped', () => {
    const window = new RowWindow(100);
    filled(window, 3);
    window.missed(2);
    const next = window.restart();
    expect(next.rows).toEqual([]);
    expect(next.firstRow).toBe(3);
    expect(next.nextRow).toBe(3);
    expect(next.dropped).toBe(0);
    expect(next.maxRows).toBe(100);
    const row = mark(0);
    next.place(row);
    expect(row.row).toBe(3);
  });
});
