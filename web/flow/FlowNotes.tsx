// Small parts of the flow panel: the note that earlier lessons' traffic is hidden (with the toggle
// that shows it), what the bridge held back, and the arrows a summary row folded, which the student
// can open one by one.
import { describeRow, type Translate } from './describe.js';
import type { FlowView, HeldBackCounts, SummaryRow } from './types.js';

/** Arrows of a summary listed under the diagram (latest first), at most this many. */
const MEMBERS_SHOWN = 50;

export function EarlierNote({ t, earlier, shown, onToggle }: { t: Translate; earlier: number; shown: boolean; onToggle: () => void }) {
  if (!shown && earlier === 0) return null;
  return (
    <p data-testid="flow-earlier" data-count={earlier}>
      {shown ? t('note.earlierShown') : t('note.earlier', { count: earlier })}{' '}
      <button type="button" className="link-button" aria-pressed={shown} onClick={onToggle} data-testid="flow-earlier-toggle">
        {shown ? t('note.hideEarlier') : t('note.showEarlier')}
      </button>
    </p>
  );
}

/** What the bridge did not send this page, so the flow does not pass it off as all that happened. */
export function HeldBackNote({ t, heldBack }: { t: Translate; heldBack: HeldBackCounts }) {
  if (heldBack.outside === 0 && heldBack.behind === 0) return null;
  return (
    <>
      {heldBack.outside > 0 ? (
        <p className="flow-dropped" data-testid="flow-held-back" data-reason="outside" data-count={heldBack.outside}>
          {t('note.heldBackOutside', { count: heldBack.outside })}
        </p>
      ) : null}
      {heldBack.behind > 0 ? (
        <p className="flow-dropped" data-testid="flow-held-back" data-reason="behind" data-count={heldBack.behind}>
          {t('note.heldBackBehind', { count: heldBack.behind })}
        </p>
      ) : null}
    </>
  );
}

interface MembersProps {
  summary: SummaryRow;
  member: number | undefined;
  view: FlowView;
  t: Translate;
  onPick: (member: number) => void;
}

export function SummaryMembers({ summary, member, view, t, onPick }: MembersProps) {
  const last = summary.members.length - 1;
  // the chosen arrow and those just before it, latest first
  const top = Math.min(last, Math.max(member ?? last, MEMBERS_SHOWN - 1));
  const items = [];
  for (let i = top; i >= 0 && i > top - MEMBERS_SHOWN; i--) {
    const arrow = summary.members[i]!;
    items.push(
      <li key={i} data-testid="flow-summary-member" data-index={i} aria-current={i === member ? 'step' : undefined}>
        <button type="button" className="link-button" onClick={() => onPick(i)}>
          {t('summary.member', { index: summary.count - last + i, total: summary.count })}: {describeRow(arrow, view, t)}
        </button>
      </li>,
    );
  }
  return (
    <section className="flow-summary-members" aria-label={t('summary.members')} data-testid="flow-summary-members">
      <ol reversed>{items}</ol>
    </section>
  );
}
