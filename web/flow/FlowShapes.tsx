// One row of the diagram: an arrow between two lifelines, or a mark on one. Memoized on the row's
// revision, so a frame that adds rows redraws only the new ones.
import { memo } from 'react';
import { addrKey } from './addresses.js';
import { arrowhead } from './geometry.js';
import type { ArrowRow, MarkRow, SummaryRow } from './types.js';

interface ArrowProps {
  row: ArrowRow;
  rev: number;
  top: number;
  height: number;
  x1: number;
  x2: number;
  label: string;
  /** The relay's packet number ("#12"), drawn in bold before the label. */
  tag?: string;
  fromLabel: string;
  toLabel: string;
  osTag: string;
  current: boolean;
  fresh: boolean;
  onPick: (row: number, open: boolean) => void;
}

export const ArrowShape = memo(function ArrowShape({ row, top, height, x1, x2, label, tag, fromLabel, toLabel, osTag, current, fresh, onPick }: ArrowProps) {
  const y1 = top + height * 0.42;
  const y2 = top + height * 0.86;
  const dir = x2 >= x1 ? 1 : -1;
  const same = Math.abs(x2 - x1) < 1;
  // an arrow to its own column (rare) loops out to the right
  const path = same ? `M${x1},${y1} h24 V${y2} H${x2 + 4}` : `M${x1 + dir * 3},${y1} L${x2 - dir * 3},${y2}`;
  const end = same ? { x: x2 + 4, y: y2, fx: x2 + 24, fy: y2 } : { x: x2 - dir * 3, y: y2, fx: x1, fy: y1 };
  const lost = row.status === 'lost';
  const labelX = Math.min(x1, x2) + (same ? 30 : 10);
  return (
    <g
      className={`flow-arrow is-${row.proto} is-${row.status}${row.byOs ? ' is-os' : ''}${row.relay?.retransmission ? ' is-retransmission' : ''}${current ? ' is-current' : ''}${fresh ? ' is-fresh' : ''}`}
      data-testid="flow-arrow"
      data-row={row.row}
      data-arrow={row.arrow}
      data-proto={row.proto}
      data-status={row.status}
      data-from={fromLabel}
      data-to={toLabel}
      data-src={row.src ? addrKey(row.src) : undefined}
      data-dst={row.dst ? addrKey(row.dst) : undefined}
      data-src-port={row.src?.port}
      data-dst-port={row.dst?.port}
      data-bytes={row.size}
      data-packets={row.relay?.packets.join(' ') || undefined}
      data-relay-dir={row.relay?.dir}
      data-retransmission={row.relay?.retransmission ? 'true' : undefined}
      data-current={current ? 'true' : undefined}
      onClick={(e) => {
        e.stopPropagation();
        onPick(row.row, true);
      }}
    >
      <path className="flow-hit" d={path} />
      <path className="flow-line" d={path} />
      {lost ? (
        <g className="flow-cross">
          <path d={`M${end.x - 6},${end.y - 6} l12,12 M${end.x + 6},${end.y - 6} l-12,12`} />
        </g>
      ) : (
        <polygon className="flow-head" points={arrowhead(end.fx, end.fy, end.x, end.y)} />
      )}
      <text className="flow-label" x={labelX} y={top + height * 0.36}>
        {row.byOs ? <tspan className="flow-os">{osTag} </tspan> : null}
        {tag ? <tspan className="flow-tag">{tag} · </tspan> : null}
        {label}
      </text>
    </g>
  );
});

interface MarkProps {
  row: MarkRow;
  rev: number;
  top: number;
  height: number;
  x: number;
  /** accepted: the welcoming socket's column. */
  fromX?: number;
  label: string;
  onLabel: string;
  /** Put the words on the left of the lifeline (the rightmost column has no room on its right). */
  labelLeft: boolean;
  current: boolean;
  onPick: (row: number, open: boolean) => void;
}

/** Relay marks that end a packet's first journey at the relay: drawn as a cross, like a loss. */
const RELAY_LOSS = new Set(['lost', 'resent', 'dropped', 'retransmitted']);

export const MarkShape = memo(function MarkShape({ row, top, height, x, fromX, label, onLabel, labelLeft, current, onPick }: MarkProps) {
  const y = top + height * 0.6;
  const bad = row.mark === 'error' || row.mark === 'dropped' || (row.mark === 'relay' && RELAY_LOSS.has(row.code ?? ''));
  // waiting behind a lost piece is the loss's consequence, not news of its own: drawn lighter
  const relayClass = row.mark === 'relay' ? ` is-${row.code}` : '';
  return (
    <g
      className={`flow-mark is-${row.mark}${relayClass}${bad ? ' is-bad' : ''}${current ? ' is-current' : ''}`}
      data-testid="flow-mark"
      data-row={row.row}
      data-mark={row.mark}
      data-on={onLabel}
      data-code={row.code}
      data-packet={row.count}
      data-dir={row.dir}
      data-current={current ? 'true' : undefined}
      onClick={(e) => {
        e.stopPropagation();
        onPick(row.row, false);
      }}
    >
      {fromX !== undefined ? <path className="flow-spawn" d={`M${fromX},${y} H${x}`} /> : null}
      {row.mark === 'closed' ? (
        <path className="flow-end" d={`M${x - 9},${y} h18`} />
      ) : bad ? (
        <path className="flow-cross" d={`M${x - 5},${y - 5} l10,10 M${x + 5},${y - 5} l-10,10`} />
      ) : row.mark === 'relay' && row.code === 'held' ? (
        <rect className="flow-held" x={x - 5} y={y - 5} width={10} height={10} />
      ) : (
        <circle className="flow-dot" cx={x} cy={y} r={4} />
      )}
      <text className="flow-label" x={labelLeft ? x - 10 : x + 10} y={y - 4} textAnchor={labelLeft ? 'end' : 'start'}>
        {label}
      </text>
    </g>
  );
});

interface SummaryProps {
  row: SummaryRow;
  rev: number;
  top: number;
  height: number;
  xa: number;
  xb: number;
  label: string;
  fromLabel: string;
  toLabel: string;
  current: boolean;
  onPick: (row: number, open: boolean) => void;
}

/** Many arrows between two lifelines drawn as one double-headed band: there are too many to draw
 * (or read) one by one. */
export const SummaryShape = memo(function SummaryShape({ row, top, height, xa, xb, label, fromLabel, toLabel, current, onPick }: SummaryProps) {
  const y = top + height * 0.64;
  const left = Math.min(xa, xb);
  const right = Math.max(xa, xb);
  return (
    <g
      className={`flow-summary is-${row.proto}${row.open ? ' is-open' : ''}${current ? ' is-current' : ''}`}
      data-testid="flow-summary"
      data-row={row.row}
      data-count={row.count}
      data-kept={row.members.length}
      data-from={fromLabel}
      data-to={toLabel}
      data-current={current ? 'true' : undefined}
      onClick={(e) => {
        e.stopPropagation();
        onPick(row.row, true);
      }}
    >
      <rect className="flow-hit" x={left} y={top + height * 0.2} width={Math.max(1, right - left)} height={height * 0.7} />
      <path className="flow-band-line" d={`M${left + 3},${y} H${right - 3}`} />
      <polygon className="flow-head" points={arrowhead(left, y, right - 3, y)} />
      <polygon className="flow-head" points={arrowhead(right, y, left + 3, y)} />
      <text className="flow-label" x={left + 10} y={top + height * 0.4}>
        {label}
      </text>
    </g>
  );
});
