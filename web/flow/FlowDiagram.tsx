// The sequence diagram: lifelines as columns (sticky headers on top), one row per arrow or mark,
// time running down. Only the rows in sight (and a few more) are in the DOM, so thousands of rows
// cost what a screenful costs.
import { forwardRef, useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { arrowLabel, formatClock, lineLabel, markLabel, relayTag, summaryLabel, WordCache, type Translate } from './describe.js';
import { columnX, DEFAULT_METRICS, fitColumns, lifelineX, occupantAt, visibleRange, type Metrics } from './geometry.js';
import { ArrowShape, MarkShape, SummaryShape } from './FlowShapes.js';
import { addrKey } from './addresses.js';
import type { Column, FlowView, Lifeline, MarkRow } from './types.js';

interface Props {
  view: FlowView;
  t: Translate;
  current: number | undefined;
  follow: boolean;
  /** The user scrolled away from the live end. */
  onUnfollow: () => void;
  onPick: (row: number, open: boolean) => void;
  onKeyDown: (e: KeyboardEvent<HTMLDivElement>) => void;
  wallTime: (t: number) => number;
}

const labels = new WordCache();
const tags = new WordCache();

/** A column's name: the socket's, or for a relay's server-facing column, which stands for one
 * socket per client, "udp-path → server". */
function columnName(column: Column, line: Lifeline, t: Translate): string {
  if (column.relay?.role === 'upstream') return t('head.upstream', { relay: column.relay.id });
  return column.relay ? column.relay.id : line.label;
}

/** Reads the sizes flow.css gives rows and columns, again whenever they change (projector mode). */
function useMetrics(): [Metrics, (el: HTMLDivElement | null) => void] {
  const [metrics, setMetrics] = useState(DEFAULT_METRICS);
  const observer = useRef<ResizeObserver | undefined>(undefined);
  const ref = useCallback((el: HTMLDivElement | null) => {
    observer.current?.disconnect();
    if (!el) return;
    const measure = () => {
      const cell = el.children[0] as HTMLElement | undefined;
      const gutter = el.children[1] as HTMLElement | undefined;
      if (!cell || !gutter || cell.offsetHeight === 0) return;
      setMetrics((m) =>
        m.row === cell.offsetHeight && m.col === cell.offsetWidth && m.gutter === gutter.offsetWidth
          ? m
          : { row: cell.offsetHeight, col: cell.offsetWidth, gutter: gutter.offsetWidth },
      );
    };
    measure();
    observer.current = new ResizeObserver(measure);
    for (const child of Array.from(el.children)) observer.current.observe(child);
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);
  return [metrics, ref];
}

export const FlowDiagram = forwardRef<HTMLDivElement, Props>(function FlowDiagram(
  { view, t, current, follow, onUnfollow, onPick, onKeyDown, wallTime },
  forwarded,
) {
  const [measured, probe] = useMetrics();
  const scroller = useRef<HTMLDivElement | null>(null);
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const [boxWidth, setBoxWidth] = useState(0);
  // columns narrow (down to a limit) rather than push the servers off the right edge
  const m = fitColumns(measured, view.columns.length, boxWidth);
  const programmatic = useRef(false);
  const freshFrom = useRef(view.firstRow + view.rows.length);
  const previousEnd = useRef(view.firstRow + view.rows.length);

  const count = view.rows.length;
  const setRef = (el: HTMLDivElement | null) => {
    scroller.current = el;
    if (typeof forwarded === 'function') forwarded(el);
    else if (forwarded) forwarded.current = el;
  };

  // rows added since the last render are "fresh" (drawn with a short animation, unless reduced motion)
  const end = view.firstRow + count;
  if (end !== previousEnd.current) {
    freshFrom.current = previousEnd.current;
    previousEnd.current = end;
  }

  // follow the live end, or bring the current step into sight; computed from sizes already known,
  // so a frame of new rows costs no forced layout (reading scrollHeight would)
  const header = useRef(0);
  const following = follow && current === undefined;
  const bottom = Math.max(0, header.current + count * m.row - scroll.height);
  const lastTop = useRef(0);
  const scrollTo = (target: number) => {
    const el = scroller.current;
    if (!el || Math.abs(lastTop.current - target) <= 1) return;
    programmatic.current = true;
    lastTop.current = target;
    el.scrollTop = target;
  };
  useLayoutEffect(() => {
    if (following) scrollTo(bottom);
  }, [following, bottom]);
  // a new current step is brought into sight (only when it, or the row height, changes: the
  // student may scroll away)
  useLayoutEffect(() => {
    if (current === undefined) return;
    const y = (current - view.firstRow) * m.row;
    if (y < scroll.top || y + m.row > scroll.top + scroll.height - header.current) scrollTo(Math.max(0, y - scroll.height / 2));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a new step only: following the scroll would pull the student back
  }, [current, m.row]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const heads = el.querySelector<HTMLElement>('.flow-columns');
    const ro = new ResizeObserver(() => {
      header.current = heads?.offsetHeight ?? 0;
      setScroll((s) => (s.height === el.clientHeight ? s : { ...s, height: el.clientHeight }));
      setBoxWidth(el.clientWidth);
    });
    ro.observe(el);
    if (heads) ro.observe(heads);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current!;
    const top = el.scrollTop;
    lastTop.current = top;
    setScroll((s) => (s.top === top && s.height === el.clientHeight ? s : { top, height: el.clientHeight }));
    if (programmatic.current) {
      programmatic.current = false;
      return;
    }
    if (follow && el.scrollTop + el.clientHeight < el.scrollHeight - m.row * 2) onUnfollow();
  };

  // while following, draw the live end at once rather than after the scroll event comes back
  const [start, stop] = visibleRange(m, count, following ? bottom : scroll.top, scroll.height);
  const firstVisible = view.firstRow + start;
  const lastVisible = view.firstRow + stop;
  const width = m.gutter + Math.max(1, view.columns.length) * m.col;
  const top = start * m.row;
  const y = (row: number) => (row - view.firstRow - start) * m.row;
  // a column's header names the socket drawn lowest in sight: the one in use now, not an older
  // one of the same role that closed further up
  const headRow =
    view.firstRow + Math.min(count - 1, Math.max(0, Math.floor(((following ? bottom : scroll.top) + scroll.height - header.current) / m.row) - 1));

  const lifelines = view.columns.flatMap((column, c) =>
    column.lifelines.flatMap((id) => {
      const line = view.lifelines.get(id);
      if (!line || line.startRow === undefined) return [];
      const from = Math.max(line.startRow, firstVisible);
      const to = Math.min(line.closed ? (line.endRow ?? line.startRow) + 1 : lastVisible, lastVisible);
      if (to <= from) return [];
      const x = columnX(m, c);
      return [
        <line
          key={id}
          className={`flow-lifeline is-${line.owner} is-${line.kind}`}
          x1={x}
          x2={x}
          y1={y(from) + (from === line.startRow ? m.row * 0.5 : 0)}
          y2={y(to) - (line.closed && to === (line.endRow ?? 0) + 1 ? m.row * 0.4 : 0)}
        />,
      ];
    }),
  );

  const fromX = (row: MarkRow) => (row.mark === 'accepted' && row.from ? lifelineX(m, view, row.from) : undefined);
  const shapes = [];
  for (let i = start; i < stop; i++) {
    const row = view.rows[i]!;
    const rowTop = y(row.row);
    if (row.kind === 'arrow') {
      const x1 = lifelineX(m, view, row.from);
      const x2 = lifelineX(m, view, row.to);
      if (x1 === undefined || x2 === undefined) continue;
      shapes.push(
        <ArrowShape
          key={row.row}
          row={row}
          rev={row.rev}
          top={rowTop}
          height={m.row}
          x1={x1}
          x2={x2}
          label={labels.get(row, t, () => arrowLabel(row, t))}
          tag={row.relay ? tags.get(row, t, () => relayTag(row, t) ?? '') : undefined}
          fromLabel={lineLabel(view, row.from)}
          toLabel={lineLabel(view, row.to)}
          osTag={t('os')}
          current={row.row === current}
          fresh={row.row >= freshFrom.current}
          onPick={onPick}
        />,
      );
    } else if (row.kind === 'summary') {
      const xa = lifelineX(m, view, row.a);
      const xb = lifelineX(m, view, row.b);
      if (xa === undefined || xb === undefined) continue;
      shapes.push(
        <SummaryShape
          key={row.row}
          row={row}
          rev={row.rev}
          top={rowTop}
          height={m.row}
          xa={xa}
          xb={xb}
          label={labels.get(row, t, () => summaryLabel(row, view, t))}
          fromLabel={lineLabel(view, row.a)}
          toLabel={lineLabel(view, row.b)}
          current={row.row === current}
          onPick={onPick}
        />,
      );
    } else {
      const x = lifelineX(m, view, row.on);
      if (x === undefined) continue;
      shapes.push(
        <MarkShape
          key={row.row}
          row={row}
          rev={row.rev}
          top={rowTop}
          height={m.row}
          x={x}
          fromX={fromX(row)}
          label={labels.get(row, t, () => markLabel(row, view, t))}
          onLabel={lineLabel(view, row.on)}
          // accept()'s words sit over the line from the welcoming socket; others go where there is room
          labelLeft={row.mark === 'accepted' ? (fromX(row) ?? x) < x : view.columns.length > 1 && x > width - m.col * 1.5}
          current={row.row === current}
          onPick={onPick}
        />,
      );
    }
  }

  const times = [];
  for (let i = start; i < stop; i++) {
    const row = view.rows[i]!;
    times.push(
      <text key={row.row} className="flow-time" x={6} y={y(row.row) + m.row * 0.62}>
        {formatClock(wallTime(row.t))}
      </text>,
    );
  }

  const band =
    current !== undefined && current >= firstVisible && current < lastVisible ? (
      <rect className="flow-band" x={0} y={y(current)} width={width} height={m.row} />
    ) : null;

  return (
    <div
      ref={setRef}
      className="flow-scroll"
      tabIndex={0}
      role="group"
      aria-label={t('diagram.label')}
      aria-describedby="flow-keys"
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="flow-diagram"
    >
      <div ref={probe} className="flow-probe" aria-hidden="true">
        <div className="flow-probe-cell" />
        <div className="flow-probe-gutter" />
      </div>
      <div className="flow-columns" style={{ width }} aria-hidden="true">
        <div className="flow-groups">
          {view.groups.map((g) =>
            // a group of one column says nothing its column's header does not say already
            g.label && g.columns.length > 1 ? (
              <div
                key={g.key}
                className={`flow-group is-${g.side} is-${g.owner}`}
                style={{ left: m.gutter + g.columns[0]! * m.col, width: g.columns.length * m.col }}
              >
                {g.label}
              </div>
            ) : null,
          )}
        </div>
        <div className="flow-heads">
          <div className="flow-head-time" style={{ width: m.gutter }}>
            {t('diagram.time')}
          </div>
          {view.columns.map((column, c) => {
            const line = count > 0 ? occupantAt(view, column, headRow) : undefined;
            if (!line) return null;
            return (
              <div
                key={column.lane}
                className={`flow-head is-${line.owner} is-${line.kind}${column.relay ? ` is-relay-${column.relay.role}` : ''}`}
                style={{ left: m.gutter + c * m.col, width: m.col }}
                data-testid="flow-lifeline"
                data-sock={line.label}
                data-owner={line.owner}
                data-kind={line.kind}
                data-relay-role={column.relay?.role}
              >
                <span className="flow-head-name">{columnName(column, line, t)}</span>
                <span className="flow-head-addr">{line.local && line.owner !== 'external' ? addrKey(line.local) : t(`owner.${line.owner}`)}</span>
              </div>
            );
          })}
        </div>
      </div>
      <div className="flow-space" style={{ height: count * m.row, width }}>
        {/* the list below says the same in words; screen readers read that */}
        <svg className="flow-svg" aria-hidden="true" width={width} height={Math.max(0, (stop - start) * m.row)} style={{ top }}>
          {band}
          {lifelines}
          {times}
          {shapes}
        </svg>
      </div>
    </div>
  );
});
