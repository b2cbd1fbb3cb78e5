// Controls of the relay the lab puts between a client and a server: loss, delay, jitter,
// duplication, reordering and TCP piece size, each with a seed so a run can be repeated; and the
// instructor's hold: pause the path, step packets through one at a time, or drop a chosen one.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RelaySettings } from '../../protocol/messages.js';
import { useLab, useLabState, useTraceFold } from '../lab/react.js';
import type { SpecOf } from '../panels/types.js';
import { copyTally, emptyTally, tallyFold, type DirectionTally, type RelayTally } from './tally.js';
import { resolveTarget } from '../lab/targets.js';
import { PanelError, usePanelFailure } from '../panels/PanelError.js';
import './relay.css';

type NumericKey = 'loss' | 'delayMs' | 'jitterMs' | 'duplicate' | 'reorder' | 'segmentBytes' | 'seed';
const FIELDS: { key: NumericKey; min: number; max: number; step: number; percent?: boolean; proto?: 'udp' | 'tcp' }[] = [
  { key: 'loss', min: 0, max: 1, step: 0.05, percent: true },
  { key: 'delayMs', min: 0, max: 2000, step: 10 },
  { key: 'jitterMs', min: 0, max: 1000, step: 10 },
  { key: 'duplicate', min: 0, max: 1, step: 0.05, percent: true, proto: 'udp' },
  { key: 'reorder', min: 0, max: 1, step: 0.05, percent: true, proto: 'udp' },
  { key: 'segmentBytes', min: 1, max: 1460, step: 1, proto: 'tcp' },
  { key: 'seed', min: 0, max: 999999, step: 1 },
];

const NO_TALLY: RelayTally = { toServer: emptyTally(), toClient: emptyTally(), held: new Map() };

export function RelayPanel({ spec, panelId }: { spec: SpecOf<'relay'>; panelId: string }) {
  const { t } = useTranslation('relay');
  const lab = useLab();
  const id = spec.relay ?? `relay-${panelId}`;
  const relay = useLabState((s) => s.relays[id]);
  const servers = useLabState((s) => s.servers);
  const connected = useLabState((s) => s.connection.status === 'open');
  const { failure, fail, clear } = usePanelFailure();
  // which life of the panel a start belongs to: an answer that comes after the panel went (or
  // after React's development double mount) is not this life's
  const life = useRef(0);
  const [attempt, setAttempt] = useState(0);
  const [draft, setDraft] = useState<Partial<RelaySettings>>(spec.settings ?? {});
  // the counts start again at each Apply, so "same seed, same losses" can be read off them
  const [countFrom, setCountFrom] = useState(0);
  const starting = useRef(false);
  const live = relay && !relay.closed;
  const fold = useMemo(() => tallyFold(id, countFrom), [id, countFrom]);
  // the relay's events are counted as they come, never by re-reading the trace
  const tally = useTraceFold(fold, copyTally) ?? NO_TALLY;

  // the relay belongs to this page's session: start it when the panel shows and the lab is there
  useEffect(() => {
    if (!connected || live || starting.current || failure) return;
    const resolved = resolveTarget(spec.target, servers);
    if (!resolved.ok) return;
    const target = { host: resolved.host, port: resolved.port };
    starting.current = true;
    const mine = life.current;
    void lab
      .ready()
      .then((client) => client.relayStart(id, spec.proto, target, { port: spec.port ?? 0, settings: spec.settings }))
      .then(
        () => mine === life.current && clear(),
        (e: unknown) => mine === life.current && fail(e, spec.port),
      )
      .finally(() => {
        if (mine === life.current) starting.current = false;
      });
  }, [connected, live, servers, id, lab, spec, failure, attempt, clear, fail]);

  // ... and it goes with the panel: leaving the lesson frees its port for another tab at once
  useEffect(
    () => () => {
      life.current++;
      starting.current = false;
      lab.client?.closeSocket(id).catch(() => undefined);
    },
    [lab, id],
  );

  const retry = () => {
    // a start that timed out may have left the relay half-made: close it before starting again
    lab.client?.closeSocket(id).catch(() => undefined);
    clear();
    setAttempt((n) => n + 1);
  };

  const send = (act: (client: NonNullable<typeof lab.client>) => Promise<unknown>) => {
    const client = lab.client;
    if (!client) return;
    clear();
    act(client).catch((e: unknown) => fail(e));
  };
  const apply = () => {
    setCountFrom(lab.store.getState().nextSeq);
    send((c) => c.relayConfigure(id, draft));
  };
  const current = relay?.settings;
  const dirty = current !== undefined && FIELDS.some((f) => draft[f.key] !== undefined && draft[f.key] !== current[f.key]);

  return (
    <section
      className="relay-panel"
      data-testid={`relay-${panelId}`}
      data-held={relay?.held ?? false}
      data-loss={current?.loss}
      data-seed={current?.seed}
      aria-labelledby={`${panelId}-title`}
    >
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title', { proto: spec.proto.toUpperCase() })}
      </h2>
      {relay && (
        <p className="relay-path" data-testid="relay-path" data-port={relay.listen.port}>
          {t('path', { listen: `${relay.listen.address}:${relay.listen.port}`, target: `${relay.target.address}:${relay.target.port}` })}
        </p>
      )}
      {!relay && !failure && <p className="relay-note">{connected ? t('starting') : t('offline')}</p>}
      {failure && <PanelError failure={failure} onRetry={live ? undefined : retry} />}
      <form
        className="relay-settings"
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        {FIELDS.filter((f) => !f.proto || f.proto === spec.proto).map((f) => {
          const value = draft[f.key] ?? current?.[f.key] ?? 0;
          return (
            <label key={f.key}>
              <span>{t(`settings.${f.key}`)}</span>
              <span className="relay-input">
                <input
                  type="number"
                  min={f.percent ? 0 : f.min}
                  max={f.percent ? 100 : f.max}
                  step={f.percent ? 5 : f.step}
                  value={f.percent ? Math.round(value * 100) : value}
                  data-setting={f.key}
                  onChange={(e) => {
                    const n = Number(e.target.value);
                    if (!Number.isFinite(n)) return;
                    setDraft((d) => ({ ...d, [f.key]: f.percent ? Math.min(1, Math.max(0, n / 100)) : Math.min(f.max, Math.max(f.min, Math.round(n))) }));
                  }}
                />
                {f.percent && <span aria-hidden="true">%</span>}
              </span>
            </label>
          );
        })}
        <button type="submit" className={dirty ? 'primary' : undefined} disabled={!live} data-testid="relay-apply" title={t('applyHint')}>
          {t('apply')}
        </button>
      </form>
      {live && <Tally proto={spec.proto} toServer={tally.toServer} toClient={tally.toClient} />}
      <div className="relay-hold" role="group" aria-label={t('holdGroup')}>
        <button
          type="button"
          disabled={!live}
          aria-pressed={relay?.held ?? false}
          onClick={() => send((c) => c.relayHold(id, !relay?.held))}
          data-testid="relay-hold"
        >
          {relay?.held ? t('letGo') : t('hold')}
        </button>
        <button type="button" disabled={!live || !relay.waiting.length} onClick={() => send((c) => c.relayStep(id))} data-testid="relay-step">
          {t('step')}
        </button>
        <span className="relay-waiting" data-testid="relay-waiting" data-count={relay?.waiting.length ?? 0}>
          {t('waiting', { count: relay?.waiting.length ?? 0 })}
        </span>
      </div>
      {relay?.overflow && (
        <p className="relay-overflow" role="status" data-testid="relay-overflow" data-action={relay.overflow.action} data-dropped={relay.overflow.dropped}>
          {t(`overflow.${relay.overflow.action}`, {
            count: relay.overflow.dropped,
            dir: t(`overflow.dir.${relay.overflow.dir}`),
            packets: relay.overflow.maxPackets,
            kib: Math.round(relay.overflow.maxBytes / 1024),
          })}
        </p>
      )}
      {relay && relay.waiting.length > 0 && (
        <ol className="relay-queue" aria-label={t('queue')}>
          {relay.waiting.map((packet) => {
            const info = tally.held.get(packet);
            return (
              <li key={packet} data-packet={packet} data-dir={info?.dir}>
                <span>{t('packet', { packet })}</span>
                {info && <span className="relay-dir">{t(`dir.${info.dir}`, { size: info.size })}</span>}
                <button
                  type="button"
                  onClick={() => send((c) => c.relayDrop(id, packet))}
                  data-testid={`relay-drop-${packet}`}
                  aria-label={t('dropPacket', { packet })}
                >
                  {t('drop')}
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** "To the server: 10 arrived, 3 lost…": what the path did since the relay started or Apply. */
function Tally({ proto, toServer, toClient }: { proto: 'udp' | 'tcp'; toServer: DirectionTally; toClient: DirectionTally }) {
  const { t } = useTranslation('relay');
  const line = (d: DirectionTally) =>
    [
      t(`tally.arrived_${proto}`, { count: d.arrived }),
      t(proto === 'udp' ? 'tally.lost' : 'tally.resent', { count: d.lost }),
      d.duplicated ? t('tally.duplicated', { count: d.duplicated }) : '',
      d.reordered ? t('tally.reordered', { count: d.reordered }) : '',
      d.dropped ? t('tally.dropped', { count: d.dropped }) : '',
    ]
      .filter(Boolean)
      .join(', ');
  return (
    <dl className="relay-tally" data-testid="relay-tally" data-lost-to-server={toServer.lost} data-lost-to-client={toClient.lost}>
      <dt>{t('tally.toServer')}</dt>
      <dd>{line(toServer)}</dd>
      <dt>{t('tally.toClient')}</dt>
      <dd>{line(toClient)}</dd>
    </dl>
  );
}
