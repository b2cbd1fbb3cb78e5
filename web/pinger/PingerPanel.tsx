// Lesson 9's pinger client in the page: ten pings, one second each, RTT or "Request timed out",
// the summary, and a chart of the RTTs. It can ping a lab server directly or through a relay.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab, useLabState } from '../lab/react.js';
import type { SpecOf } from '../panels/types.js';
import { resolveTarget } from '../lab/targets.js';
import { runPinger, summarize, type Ping } from './pinger.js';
import { RttChart } from './RttChart.js';
import { PanelError, usePanelFailure } from '../panels/PanelError.js';
import './pinger.css';

export function PingerPanel({ spec, panelId }: { spec: SpecOf<'pinger'>; panelId: string }) {
  const { t } = useTranslation('pinger');
  const lab = useLab();
  const servers = useLabState((s) => s.servers);
  const relay = useLabState((s) => (spec.relay ? s.relays[spec.relay] : undefined));
  const connected = useLabState((s) => s.connection.status === 'open');
  const [pings, setPings] = useState<Ping[]>([]);
  const [running, setRunning] = useState(false);
  const { failure, fail, clear } = usePanelFailure();
  const runs = useRef(0);
  const abort = useRef(new AbortController());
  // everything the panel starts stops when it unmounts: the run ends and closes its socket
  useEffect(() => () => abort.current.abort(), []);

  const direct = resolveTarget(spec.target, servers);
  const destination = spec.relay
    ? relay && !relay.closed
      ? { host: relay.listen.address, port: relay.listen.port }
      : undefined
    : direct.ok
      ? { host: direct.host, port: direct.port }
      : undefined;

  const start = async () => {
    if (!destination || running) return;
    setRunning(true);
    setPings([]);
    clear();
    abort.current = new AbortController();
    try {
      const client = await lab.ready();
      await runPinger(client, {
        sock: `${panelId}-pinger-${++runs.current}`,
        ...destination,
        count: spec.count ?? 10,
        timeoutMs: spec.timeoutMs ?? 1000,
        signal: abort.current.signal,
        onPing: (p) => setPings((prev) => [...prev, p]),
      });
    } catch (e) {
      if (!abort.current.signal.aborted) fail(e);
    } finally {
      setRunning(false);
    }
  };

  const summary = summarize(pings);
  const ms = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
  return (
    <section className="pinger-panel" data-testid={`pinger-${panelId}`} aria-labelledby={`${panelId}-title`}>
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title')}
      </h2>
      <p className="pinger-target">{destination ? t('target', { address: `${destination.host}:${destination.port}` }) : t('noTarget')}</p>
      <div className="pinger-buttons">
        <button type="button" className="primary" disabled={!connected || !destination || running} onClick={() => void start()} data-testid="pinger-start">
          {running ? t('running') : t('start')}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current.abort()} data-testid="pinger-stop">
            {t('stop')}
          </button>
        )}
      </div>
      {failure && <PanelError failure={failure} />}
      <div className="pinger-body">
        <ol className="pinger-output" data-testid="pinger-output" aria-live="polite">
          {pings.map((p) => (
            <li key={p.n} data-ping={p.n} data-result={p.rttMs === undefined ? 'timeout' : 'reply'}>
              {p.rttMs === undefined ? t('timedOut', { n: p.n }) : t('reply', { reply: p.reply, rtt: p.rttMs.toFixed(3) })}
            </li>
          ))}
        </ol>
        <RttChart pings={pings} count={spec.count ?? 10} timeoutMs={spec.timeoutMs ?? 1000} />
      </div>
      {pings.length > 0 && !running && (
        <p className="pinger-summary" data-testid="pinger-summary" data-loss={summary.lossPercent} data-received={summary.received}>
          {t('summary', {
            sent: summary.sent,
            received: summary.received,
            loss: summary.lossPercent,
            min: ms(summary.minMs),
            avg: ms(summary.avgMs),
            max: ms(summary.maxMs),
          })}
        </p>
      )}
    </section>
  );
}
