// Where things go on the diagram, in pixels. Sizes come from CSS (see the probe in FlowDiagram), so
// projector mode's larger type makes a larger diagram.
import type { Column, FlowView, Lifeline } from './types.js';

export interface Metrics {
  row: number;
  col: number;
  gutter: number;
}

export const DEFAULT_METRICS: Metrics = { row: 34, col: 176, gutter: 104 };

/** Narrowest a column gets, as a share of its natural width, to keep every column in sight. */
const MIN_COLUMN_SHARE = 0.72;

/** The metrics with columns narrowed so `columns` of them fit `width` pixels, if they can. */
export function fitColumns(m: Metrics, columns: number, width: number): Metrics {
  if (width <= 0 || columns === 0 || m.gutter + columns * m.col <= width) return m;
  const col = Math.max(m.col * MIN_COLUMN_SHARE, Math.floor((width - m.gutter) / columns));
  return col === m.col ? m : { ...m, col };
}

export function columnX(m: Metrics, column: number): number {
  return m.gutter + column * m.col + m.col / 2;
}

export function lifelineX(m: Metrics, view: FlowView, id: string): number | undefined {
  const lane = view.lifelines.get(id)?.lane;
  if (lane === undefined) return undefined;
  const column = view.laneColumn[lane];
  return column === undefined ? undefined : columnX(m, column);
}

/** Rows [start, end) (indexes into view.rows) to draw for a scroll position, with some spare. */
export function visibleRange(m: Metrics, count: number, scrollTop: number, height: number, overscan = 8): [number, number] {
  const start = Math.max(0, Math.floor(scrollTop / m.row) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / m.row) + overscan);
  return [start, Math.max(start, end)];
}

/** The lifeline a column shows at absolute row `row`: the one alive then (the latest to start, in
 * a relay's column where several are), else the next to start, else the last one before. */
export function occupantAt(view: FlowView, column: Column, row: number): Lifeline | undefined {
  let before: Lifeline | undefined;
  let alive: Lifeline | undefined;
  for (const id of column.lifelines) {
    const line = view.lifelines.get(id);
    if (!line || line.startRow === undefined) continue;
    if (line.startRow > row) return alive ?? line;
    if (!line.closed || (line.endRow ?? Infinity) >= row) alive = line;
    else before = line;
  }
  return alive ?? before;
}

/** Points of a small arrowhead at (x2, y2) pointing away from (x1, y1). */
export function arrowhead(x1: number, y1: number, x2: number, y2: number, size = 7): string {
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const a = angle + Math.PI - 0.45;
  const b = angle + Math.PI + 0.45;
  return `${x2},${y2} ${x2 + size * Math.cos(a)},${y2 + size * Math.sin(a)} ${x2 + size * Math.cos(b)},${y2 + size * Math.sin(b)}`;
}
