// The packet-flow panel: the live diagram of every datagram and segment, its controls (pause,
// step, follow, clear, list), and the inspector for one arrow. The diagram is the model's view;
// this file only wires state, buttons and keys.
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Event } from '../../protocol/messages.js';
import { useLabState } from '../lab/react.js';
import { describeRow, type Translate } from '../flow/describe.js';
import { FlowDiagram } from '../flow/FlowDiagram.js';
import { FlowList } from '../flow/FlowList.js';
import { FlowToolbar } from '../flow/FlowToolbar.js';
import { Inspector } from '../flow/Inspector.js';
import type { FlowView } from '../flow/types.js';
import { useFlow } from '../flow/use-flow.js';
import { captureNoteTexts, useCapture } from '../pcap/use-capture.js';
import '../flow/flow.css';
import '../pcap/pcap.css';
import type { PanelProps } from './registry.js';
import type { FlowPanelSpec } from './types.js';

/** The arrow after (delta 1) or before (-1) absolute row `from`, skipping marks. */
function nextArrow(view: FlowView, from: number, delta: 1 | -1): number | undefined {
  for (let i = from - view.firstRow + delta; i >= 0 && i < view.rows.length; i += delta) {
    if (view.rows[i]!.kind === 'arrow') return view.firstRow + i;
  }
  return undefined;
}

/** A capture's times are microseconds since the epoch already. */
const captureTime = (t: number) => t / 1000;

export function FlowPanel({ spec, panelId }: PanelProps<FlowPanelSpec>) {
  const { t: translate } = useTranslation('flow');
  const t = translate as unknown as Translate;
  const flow = useFlow(spec.filter);
  const capture = useCapture();
  // an opened capture file takes the live flow's place until "Back to live"
  const view = capture.shown?.view ?? flow.view;
  const wallTime = capture.shown ? captureTime : flow.wallTime;
  const trace = useLabState((s) => s.trace);
  const [current, setCurrent] = useState<number | undefined>(undefined);
  const [inspected, setInspected] = useState<number | undefined>(undefined);
  const [follow, setFollow] = useState(true);
  const [listShown, setListShown] = useState(false);
  const diagram = useRef<HTMLDivElement>(null);

  const rowAt = (n: number | undefined) => (n === undefined ? undefined : view.rows[n - view.firstRow]);
  const currentRow = rowAt(current);
  const inspectedRow = rowAt(inspected);

  const step = (delta: 1 | -1) => {
    flow.pause();
    setFollow(false);
    const from = current ?? (delta < 0 ? view.firstRow + view.rows.length : view.firstRow - 1);
    const next = nextArrow(view, from, delta);
    if (next !== undefined) {
      setCurrent(next);
      if (inspected !== undefined) setInspected(next);
    }
  };
  const goLive = () => {
    flow.resume();
    setFollow(true);
    setCurrent(undefined);
  };
  const togglePause = () => (flow.paused ? goLive() : flow.pause());
  const clear = () => {
    flow.clear();
    setCurrent(undefined);
    setInspected(undefined);
    setFollow(true);
  };
  const closeInspector = () => {
    setInspected(undefined);
    diagram.current?.focus();
  };
  const pick = useCallback((row: number, open: boolean) => {
    setCurrent(row);
    setFollow(false);
    if (open) setInspected(row);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowUp: () => step(-1),
      ArrowLeft: () => step(-1),
      ArrowDown: () => step(1),
      ArrowRight: () => step(1),
      ' ': togglePause,
      Enter: () => current !== undefined && rowAt(current)?.kind === 'arrow' && setInspected(current),
      Escape: closeInspector,
      Home: () => {
        const first = nextArrow(view, view.firstRow - 1, 1);
        if (first !== undefined) pick(first, false);
        flow.pause();
      },
      End: () => {
        const last = nextArrow(view, view.firstRow + view.rows.length, -1);
        if (last !== undefined) pick(last, false);
        flow.pause();
      },
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  const eventOf = (seq: number | undefined): Event | undefined => {
    if (seq === undefined || capture.shown) return undefined;
    let lo = 0;
    let hi = trace.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = trace[mid]!.seq;
      if (s === seq) return trace[mid]!.event;
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };

  const arrowsBefore = (row: number) => {
    let n = 0;
    for (let i = 0; i <= row - view.firstRow && i < view.rows.length; i++) if (view.rows[i]!.kind === 'arrow') n++;
    return n;
  };
  const totalArrows = currentRow ? arrowsBefore(view.firstRow + view.rows.length - 1) : 0;

  return (
    <section className="flow" data-testid="flow-panel" data-panel-id={panelId} data-paused={flow.paused ? 'true' : 'false'} aria-label={t('title')}>
      <FlowToolbar
        t={t}
        paused={flow.paused}
        follow={follow}
        listShown={listShown}
        canStepBack={view.rows.length > 0 && (current === undefined || nextArrow(view, current, -1) !== undefined)}
        canStepForward={current !== undefined && nextArrow(view, current, 1) !== undefined}
        onPause={togglePause}
        onStep={step}
        onFollow={goLive}
        onClear={clear}
        onToggleList={() => setListShown((s) => !s)}
        captureShown={capture.shown !== undefined}
        onSave={() => capture.save({ view, eventOf, wallTime, t, only: currentRow?.kind === 'arrow' ? currentRow : undefined })}
        onOpen={(file) => {
          setCurrent(undefined);
          setInspected(undefined);
          setFollow(false);
          capture.open(file);
        }}
        onCloseCapture={() => {
          setCurrent(undefined);
          setInspected(undefined);
          capture.close();
          goLive();
        }}
      />
      <div className="flow-notes">
        {captureNoteTexts(capture.note, t).map((n) => (
          <p key={n.text} className={n.error ? 'flow-capture-note is-error' : 'flow-capture-note'} role={n.error ? 'alert' : 'status'} data-testid="flow-capture-note">
            {n.text}
          </p>
        ))}
        {view.rows.length === 0 && !capture.shown ? <p data-testid="flow-empty">{t('note.empty')}</p> : null}
        {flow.paused ? <p data-testid="flow-paused-note">{t('note.paused', { count: flow.newSincePause })}</p> : null}
        {view.dropped > 0 ? (
          <p className="flow-dropped" data-testid="flow-dropped" data-count={view.dropped}>
            {t('note.dropped', { count: view.dropped })}
          </p>
        ) : null}
        <p id="flow-keys" className="flow-keys">
          {t('note.keys')}
        </p>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {currentRow ? t('note.step', { index: arrowsBefore(currentRow.row), total: totalArrows, text: describeRow(currentRow, view, t) }) : ''}
      </p>
      <div className={inspectedRow?.kind === 'arrow' ? 'flow-body has-inspector' : 'flow-body'}>
        <FlowDiagram
          ref={diagram}
          view={view}
          t={t}
          current={current}
          follow={follow && !flow.paused}
          onUnfollow={() => setFollow(false)}
          onPick={pick}
          onKeyDown={onKeyDown}
          wallTime={wallTime}
        />
        {inspectedRow?.kind === 'arrow' ? <Inspector row={inspectedRow} view={view} t={t} eventOf={eventOf} onClose={closeInspector} /> : null}
      </div>
      <FlowList view={view} t={t} current={current} visible={listShown} wallTime={wallTime} onPick={pick} />
    </section>
  );
}
