// The diagram as a list of sentences, for screen readers and for anyone who prefers reading; tests
// read it too. It holds the latest rows (or those around the current step), not all of them.
import { memo } from 'react';
import { addrKey } from './addresses.js';
import { describeRow, formatClock, lineLabel, WordCache, type Translate } from './describe.js';
import type { FlowRow, FlowView } from './types.js';

export const LIST_ROWS = 200;
const words = new WordCache();

interface Props {
  view: FlowView;
  t: Translate;
  current: number | undefined;
  visible: boolean;
  wallTime: (t: number) => number;
  onPick: (row: number, open: boolean) => void;
}

const Item = memo(function Item(props: {
  row: FlowRow;
  rev: number;
  text: string;
  time: string;
  current: boolean;
  interactive: boolean;
  from?: string;
  to?: string;
  onPick: (row: number, open: boolean) => void;
}) {
  const { row, text, time, current, interactive, from, to, onPick } = props;
  const arrow = row.kind === 'arrow' ? row : undefined;
  return (
    <li
      data-testid="flow-item"
      data-row={row.row}
      data-kind={row.kind}
      data-arrow={arrow?.arrow}
      data-mark={row.kind === 'mark' ? row.mark : undefined}
      data-count={row.kind === 'summary' ? row.count : undefined}
      data-proto={arrow?.proto}
      data-status={arrow?.status}
      data-from={from}
      data-to={to}
      data-src={arrow?.src ? addrKey(arrow.src) : undefined}
      data-dst={arrow?.dst ? addrKey(arrow.dst) : undefined}
      data-src-port={arrow?.src?.port}
      data-dst-port={arrow?.dst?.port}
      data-bytes={arrow?.size}
      aria-current={current ? 'step' : undefined}
    >
      {/* hidden, the list is for screen readers' reading cursor: no buttons to Tab through */}
      {(arrow || row.kind === 'summary') && interactive ? (
        <button type="button" className="link-button flow-item-button" onClick={() => onPick(row.row, true)}>
          <time>{time}</time> {text}
        </button>
      ) : (
        <>
          <time>{time}</time> {text}
        </>
      )}
    </li>
  );
});

export function FlowList({ view, t, current, visible, wallTime, onPick }: Props) {
  const count = view.rows.length;
  let from = Math.max(0, count - LIST_ROWS);
  if (current !== undefined && current - view.firstRow < from) from = Math.max(0, current - view.firstRow - LIST_ROWS / 2);
  const rows = view.rows.slice(from, from + LIST_ROWS);
  return (
    <ol className={visible ? 'flow-list' : 'flow-list visually-hidden'} aria-label={t('diagram.list')} start={view.firstRow + from + 1} data-testid="flow-list">
      {rows.map((row) => (
        <Item
          key={row.row}
          row={row}
          rev={row.rev}
          text={words.get(row, t, () => describeRow(row, view, t))}
          time={formatClock(wallTime(row.t))}
          current={row.row === current}
          interactive={visible}
          from={lineLabel(view, row.kind === 'arrow' ? row.from : row.kind === 'summary' ? row.a : row.on)}
          to={row.kind === 'arrow' ? lineLabel(view, row.to) : row.kind === 'summary' ? lineLabel(view, row.b) : undefined}
          onPick={onPick}
        />
      ))}
    </ol>
  );
}
