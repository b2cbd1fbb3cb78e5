// Lesson 5's "who was served when": one row per page connection to a lab server, on one time
// axis. Grey: connect() has returned (the kernel finished the handshake) but the server program
// has not accept()ed it yet; green: accepted, served until it closed; a dot: the first reply.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabState, useTraceFold } from '../lab/react.js';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { timelineFold, type ClientRow } from './timeline.js';
import './framing.css';

/** The most recent connections shown. */
const ROWS = 6;
/** The connections the fold remembers (the rows shown are the newest of them). */
const KEPT_ROWS = 64;
const NO_ROWS: ClientRow[] = [];
const SECOND = 1_000_000;

/** The bridge clock now (µs), estimated from the newest event and the time since it arrived. */
function useBridgeNow(ticking: boolean): number {
  const last = useLabState((s) => s.trace[s.trace.length - 1]);
  const anchor = useRef({ seq: -1, t: 0, wall: 0 });
  const [, tick] = useState(0);
  if (last && last.seq !== anchor.current.seq) anchor.current = { seq: last.seq, t: last.event.t, wall: performance.now() };
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => tick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [ticking]);
  return anchor.current.seq < 0 ? 0 : anchor.current.t + (performance.now() - anchor.current.wall) * 1000;
}

export function AcceptTimelinePanel({ spec, panelId }: PanelProps<SpecOf<'accept-timeline'>>) {
  const { t } = useTranslation('framing');
  const server = useLabState((s) => s.servers.find((x) => x.name === spec.server));
  const port = server?.port;
  const sock = server?.sock;
  const fold = useMemo(() => (port !== undefined && sock !== undefined ? timelineFold({ port, sock }, KEPT_ROWS) : undefined), [port, sock]);
  // rows are folded as events come, never re-read from the whole trace; copied for the view
  const rows = useTraceFold(fold, (state) => state.rows.slice(-ROWS).map((row) => ({ ...row }))) ?? NO_ROWS;
  const now = useBridgeNow(rows.some((r) => r.closedAt === undefined));
  const start = rows[0]?.connectedAt ?? 0;
  const end = Math.max(now, ...rows.map((r) => r.closedAt ?? r.firstReplyAt ?? r.connectedAt), start + SECOND);
  const x = (time: number) => `${(((Math.min(time, end) - start) / (end - start)) * 100).toFixed(2)}%`;
  const width = (from: number, to: number) => `${((Math.max(0, Math.min(to, end) - from) / (end - start)) * 100).toFixed(2)}%`;
  const titleId = `${panelId}-title`;

  return (
    <section className="accept-timeline" aria-labelledby={titleId} data-testid="accept-timeline">
      <h2 className="panel-title" id={titleId}>
        {t('timeline.title', { server: spec.server, port: server?.port ?? '?' })}
      </h2>
      <p className="timeline-legend">
        <span className="timeline-key" data-part="queued" /> {t('timeline.queued')} <span className="timeline-key" data-part="served" /> {t('timeline.served')}{' '}
        <span className="timeline-key" data-part="reply" /> {t('timeline.reply')}
      </p>
      {rows.length === 0 && <p className="frame-empty">{t('timeline.empty')}</p>}
      <ol className="timeline-rows">
        {rows.map((row) => {
          const accepted = row.acceptedAt === undefined ? undefined : Math.max(row.acceptedAt, row.connectedAt);
          const stop = row.closedAt ?? now;
          const waited = (accepted ?? stop) - row.connectedAt;
          return (
            <li
              key={row.sock}
              className="timeline-row"
              data-testid="timeline-row"
              data-sock={row.sock}
              data-state={rowState(row)}
              data-waited-ms={Math.round(waited / 1000)}
            >
              <span className="timeline-label">
                <code>{row.sock}</code> :{row.localPort}
              </span>
              <span className="timeline-track" aria-hidden="true">
                <span className="timeline-bar" data-part="queued" style={{ left: x(row.connectedAt), width: width(row.connectedAt, accepted ?? stop) }} />
                {accepted !== undefined && <span className="timeline-bar" data-part="served" style={{ left: x(accepted), width: width(accepted, stop) }} />}
                {row.firstReplyAt !== undefined && <span className="timeline-dot" style={{ left: x(row.firstReplyAt) }} />}
              </span>
              <span className="timeline-text">{describe(t, row, waited)}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function rowState(row: ClientRow): 'queued' | 'served' | 'closed' {
  if (row.closedAt !== undefined) return 'closed';
  return row.acceptedAt === undefined ? 'queued' : 'served';
}

function describe(t: (key: string, vars?: Record<string, unknown>) => string, row: ClientRow, waited: number): string {
  const seconds = (waited / SECOND).toFixed(1);
  const state = rowState(row);
  if (state === 'queued') return t('timeline.waiting', { seconds });
  if (row.acceptedAt === undefined) return t('timeline.neverAccepted', { seconds });
  const served = waited < 0.05 * SECOND ? t('timeline.servedAtOnce') : t('timeline.servedAfter', { seconds });
  return state === 'closed' ? `${served} ${t('timeline.closedNow')}` : served;
}
