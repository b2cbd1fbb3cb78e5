// Controls of the relay the lab puts between a client and a server: loss, delay, jitter,
// duplication, reordering and TCP piece size, each with a seed so a run can be repeated; and the
// instructor's hold: pause the path, step packets through one at a time, or drop a chosen one.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RelaySettings } from '../../protocol/messages.js';
import { useLab, useLabState } from '../lab/react.js';
import type { RelayPanelSpec } from '../panels/types.js';
import { resolveTarget } from './target.js';
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

export function RelayPanel({ spec, panelId }: { spec: RelayPanelSpec; panelId: string }) {
  const { t } = useTranslation('relay');
  const lab = useLab();
  const id = spec.relay ?? `relay-${panelId}`;
  const relay = useLabState((s) => s.relays[id]);
  const servers = useLabState((s) => s.servers);
  const connected = useLabState((s) => s.connection.status === 'open');
  const [error, setError] = useState<string | undefined>();
  const [draft, setDraft] = useState<Partial<RelaySettings>>(spec.settings ?? {});
  const starting = useRef(false);
  const live = relay && !relay.closed;

  // the relay belongs to this page's session: start it when the panel shows and the lab is there
  useEffect(() => {
    if (!connected || live || starting.current) return;
    const target = resolveTarget(spec.target, servers, spec.proto);
    if (!target) return;
    starting.current = true;
    void lab
      .ready()
      .then((client) => client.relayStart(id, spec.proto, target, { port: spec.port ?? 0, settings: spec.settings }))
      .then(
        () => setError(undefined),
        (e: { code?: string; message?: string }) => setError(`${e.code ?? ''} ${e.message ?? ''}`),
      )
      .finally(() => {
        starting.current = false;
      });
  }, [connected, live, servers, id, lab, spec]);

  const send = (act: (client: NonNullable<typeof lab.client>) => Promise<unknown>) => {
    const client = lab.client;
    if (!client) return;
    act(client).catch((e: { code?: string; message?: string }) => setError(`${e.code ?? ''} ${e.message ?? ''}`));
  };
  const apply = () => send((c) => c.relayConfigure(id, draft));
  const current = relay?.settings;

  return (
    <section className="relay-panel" data-testid={`relay-${panelId}`} data-held={relay?.held ?? false} aria-labelledby={`${panelId}-title`}>
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title', { proto: spec.proto.toUpperCase() })}
      </h2>
      {relay && (
        <p className="relay-path" data-testid="relay-path" data-port={relay.listen.port}>
          {t('path', { listen: `${relay.listen.address}:${relay.listen.port}`, target: `${relay.target.address}:${relay.target.port}` })}
        </p>
      )}
      {!relay && !error && <p className="relay-note">{connected ? t('starting') : t('offline')}</p>}
      {error && (
        <p className="relay-error" role="alert">
          {error}
        </p>
      )}
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
            </label>
          );
        })}
        <button type="submit" disabled={!live} data-testid="relay-apply">
          {t('apply')}
        </button>
      </form>
      <div className="relay-hold" role="group" aria-label={t('holdGroup')}>
        <button type="button" disabled={!live} aria-pressed={relay?.held ?? false} onClick={() => send((c) => c.relayHold(id, !relay?.held))} data-testid="relay-hold">
          {relay?.held ? t('letGo') : t('hold')}
        </button>
        <button type="button" disabled={!live || !relay?.waiting.length} onClick={() => send((c) => c.relayStep(id))} data-testid="relay-step">
          {t('step')}
        </button>
        <span className="relay-waiting" data-testid="relay-waiting" data-count={relay?.waiting.length ?? 0}>
          {t('waiting', { count: relay?.waiting.length ?? 0 })}
        </span>
      </div>
      {relay && relay.waiting.length > 0 && (
        <ol className="relay-queue" aria-label={t('queue')}>
          {relay.waiting.map((packet) => (
            <li key={packet} data-packet={packet}>
              <span>{t('packet', { packet })}</span>
              <button type="button" onClick={() => send((c) => c.relayDrop(id, packet))} data-testid={`relay-drop-${packet}`}>
                {t('drop')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
