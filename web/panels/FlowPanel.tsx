// The packet-flow panel: the live diagram of every datagram and segment, its controls (pause,
// step, follow, clear, list), and the inspector for one arrow. The diagram is the model's view;
// this file only wires state, buttons and keys.
import { useCallback, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Event } from '../../protocol/messages.js';
import { useLab } from '../lab/react.js';
import { arrowOf, describeRow, type Translate } from '../flow/describe.js';
import { EarlierNote, HeldBackNote, SummaryMembers } from '../flow/FlowNotes.js';
import { FlowDiagram } from '../flow/FlowDiagram.js';
import { FlowList } from '../flow/FlowList.js';
import { FlowToolbar } from '../flow/FlowToolbar.js';
import { Inspector } from '../flow/Inspector.js';
import type { FlowRow, FlowView } from '../flow/types.js';
import { useFlow } from '../flow/use-flow.js';
import { captureNoteTexts, useCapture } from '../pcap/use-capture.js';
import '../flow/flow.css';
import '../pcap/pcap.css';
import type { PanelProps } from './registry.js';
import type { SpecOf } from './types.js';

/** A step: a row, and for a summary row which of its kept arrows. */
interface Position {
  row: number;
  member?: number;
}

const isStep = (row: FlowRow) => row.kind !== 'mark';

/** The step after (delta 1) or before (-1) `from`, skipping marks and walking through the arrows a
 * summary row keeps one by one. */
function nextStep(view: FlowView, from: Position, delta: 1 | -1): Position | undefined {
  const here = view.rows[from.row - view.firstRow];
  if (here?.kind === 'summary' && from.member !== undefined) {
    const member = from.member + delta;
    if (member >= 0 && member < here.members.length) return { row: from.row, member };
  }
  for (let i = from.row - view.firstRow + delta; i >= 0 && i < view.rows.length; i += delta) {
    const row = view.rows[i]!;
    if (!isStep(row)) continue;
    if (row.kind === 'summary') {
      if (row.members.length === 0) continue;
      return { row: row.row, member: delta > 0 ? 0 : row.members.length - 1 };
    }
    return { row: row.row };
  }
  return undefined;
}

/** Since which trace entry this panel draws: the lesson's opening, or its last Clear. */
function useWindow(lab: ReturnType<typeof useLab>) {
  const [since, setSince] = useState(() => lab.store.getState().nextSeq);
  const [earlierShown, setEarlierShown] = useState(false);
  return {
    since: earlierShown ? undefined : since,
    earlierShown,
    toggleEarlier: () => setEarlierShown((shown) => !shown),
    clear: () => {
      setEarlierShown(false);
      setSince(lab.store.getState().nextSeq);
    },
  };
}

/** A capture's times are microseconds since the epoch already. */
const captureTime = (t: number) => t / 1000;

export function FlowPanel({ spec, panelId }: PanelProps<SpecOf<'flow'>>) {
  const { t: translate } = useTranslation('flow');
  const t = translate as unknown as Translate;
  const lab = useLab();
  const range = useWindow(lab);
  const flow = useFlow(spec.filter, range.since);
  const capture = useCapture();
  // an opened capture file takes the live flow's place until "Back to live"
  const view = capture.shown?.view ?? flow.view;
  const wallTime = capture.shown ? captureTime : flow.wallTime;
  const [position, setPosition] = useState<Position | undefined>(undefined);
  const [inspecting, setInspecting] = useState(false);
  const [follow, setFollow] = useState(true);
  const [listShown, setListShown] = useState(false);
  const diagram = useRef<HTMLDivElement>(null);

  const rowAt = (n: number | undefined) => (n === undefined ? undefined : view.rows[n - view.firstRow]);
  const current = position?.row;
  const currentRow = rowAt(current);
  const currentArrow = arrowOf(currentRow, position?.member);
  const inspectedArrow = inspecting ? currentArrow : undefined;

  const step = (delta: 1 | -1) => {
    flow.pause();
    setFollow(false);
    const from = position ?? { row: delta < 0 ? view.firstRow + view.rows.length : view.firstRow - 1 };
    const next = nextStep(view, from, delta);
    if (next !== undefined) setPosition(next);
  };
  const goLive = () => {
    flow.resume();
    setFollow(true);
    setPosition(undefined);
  };
  const togglePause = () => (flow.paused ? goLive() : flow.pause());
  const clear = () => {
    range.clear();
    flow.resume();
    setPosition(undefined);
    setInspecting(false);
    setFollow(true);
  };
  const closeInspector = () => {
    setInspecting(false);
    diagram.current?.focus();
  };
  const pick = useCallback((row: number, open: boolean, member?: number) => {
    setPosition({ row, member });
    setFollow(false);
    if (open) setInspecting(true);
  }, []);
  // the diagram's rows are memoized on their callbacks: keep this one the same from redraw to redraw
  const shown = useRef(view);
  shown.current = view;
  const pickRow = useCallback(
    (row: number, open: boolean) => {
      // a summary opens on its latest arrow; the list under the diagram shows the others
      const target = shown.current.rows[row - shown.current.firstRow];
      pick(row, open, target?.kind === 'summary' ? target.members.length - 1 : undefined);
    },
    [pick],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      ArrowUp: () => step(-1),
      ArrowLeft: () => step(-1),
      ArrowDown: () => step(1),
      ArrowRight: () => step(1),
      ' ': togglePause,
      Enter: () => currentArrow && setInspecting(true),
      Escape: closeInspector,
      Home: () => {
        const first = nextStep(view, { row: view.firstRow - 1 }, 1);
        if (first !== undefined) pick(first.row, false, first.member);
        flow.pause();
      },
      End: () => {
        const last = nextStep(view, { row: view.firstRow + view.rows.length }, -1);
        if (last !== undefined) pick(last.row, false, last.member);
        flow.pause();
      },
    };
    const act = keys[e.key];
    if (!act) return;
    e.preventDefault();
    act();
  };

  // the trace is read only when the inspector asks: the panel does not re-render on every event
  const eventOf = (seq: number | undefined): Event | undefined => {
    if (seq === undefined || capture.shown) return undefined;
    const trace = lab.store.getState().trace;
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

  /** How many steps up to and including `at` (a summary's kept arrows count one each). */
  const stepsBefore = (at: Position | undefined) => {
    let n = 0;
    const last = at ? at.row - view.firstRow : view.rows.length - 1;
    for (let i = 0; i <= last && i < view.rows.length; i++) {
      const row = view.rows[i]!;
      if (row.kind === 'arrow') n++;
      else if (row.kind === 'summary') n += at && i === last && at.member !== undefined ? at.member + 1 : row.members.length;
    }
    return n;
  };
  const totalSteps = currentRow ? stepsBefore(undefined) : 0;
  const summary = currentRow?.kind === 'summary' ? currentRow : undefined;

  return (
    <section className="flow" data-testid="flow-panel" data-panel-id={panelId} data-paused={flow.paused ? 'true' : 'false'} aria-label={t('title')}>
      <FlowToolbar
        t={t}
        paused={flow.paused}
        follow={follow}
        listShown={listShown}
        canStepBack={view.rows.length > 0 && (position === undefined || nextStep(view, position, -1) !== undefined)}
        canStepForward={position !== undefined && nextStep(view, position, 1) !== undefined}
        onPause={togglePause}
        onStep={step}
        onFollow={goLive}
        onClear={clear}
        onToggleList={() => setListShown((s) => !s)}
        captureShown={capture.shown !== undefined}
        onSave={() => capture.save({ view, eventOf, wallTime, t, only: currentArrow })}
        onOpen={(file) => {
          setPosition(undefined);
          setInspecting(false);
          setFollow(false);
          capture.open(file);
        }}
        onCloseCapture={() => {
          setPosition(undefined);
          setInspecting(false);
          capture.close();
          goLive();
        }}
      />
      <div className="flow-notes">
        {captureNoteTexts(capture.note, t).map((n) => (
          <p
            key={n.text}
            className={n.error ? 'flow-capture-note is-error' : 'flow-capture-note'}
            role={n.error ? 'alert' : 'status'}
            data-testid="flow-capture-note"
          >
            {n.text}
          </p>
        ))}
        {view.rows.length === 0 && !capture.shown ? <p data-testid="flow-empty">{t('note.empty')}</p> : null}
        {capture.shown ? null : <EarlierNote t={t} earlier={view.earlier} shown={range.earlierShown} onToggle={range.toggleEarlier} />}
        {flow.paused ? <p data-testid="flow-paused-note">{t('note.paused', { count: flow.newSincePause })}</p> : null}
        {view.dropped > 0 ? (
          <p className="flow-dropped" data-testid="flow-dropped" data-count={view.dropped}>
            {t('note.dropped', { count: view.dropped })}
          </p>
        ) : null}
        {view.summarised > 0 ? (
          <p className="flow-dropped" data-testid="flow-summarised" data-count={view.summarised}>
            {t('note.summarised', { count: view.summarised })}
          </p>
        ) : null}
        <HeldBackNote t={t} heldBack={view.heldBack} />
        <p id="flow-keys" className="flow-keys">
          {t('note.keys')}
        </p>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {currentRow
          ? t('note.step', {
              index: stepsBefore(position),
              total: totalSteps,
              text: currentArrow && summary ? describeRow(currentArrow, view, t) : describeRow(currentRow, view, t),
            })
          : ''}
      </p>
      <div className={inspectedArrow ? 'flow-body has-inspector' : 'flow-body'}>
        <FlowDiagram
          ref={diagram}
          view={view}
          t={t}
          current={current}
          follow={follow && !flow.paused}
          onUnfollow={() => setFollow(false)}
          onPick={pickRow}
          onKeyDown={onKeyDown}
          wallTime={wallTime}
        />
        {inspectedArrow ? <Inspector row={inspectedArrow} view={view} t={t} eventOf={eventOf} onClose={closeInspector} /> : null}
      </div>
      {summary ? <SummaryMembers summary={summary} member={position?.member} view={view} t={t} onPick={(member) => pick(summary.row, true, member)} /> : null}
      <FlowList view={view} t={t} current={current} visible={listShown} wallTime={wallTime} onPick={pickRow} />
    </section>
  );
}
