// One student's view on the projector: their flow and sockets, drawn from the frames their page
// gets, mirrored by the bridge. A lab core of its own (never connected) holds them.
import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { parseEvent } from '../../protocol/codec.js';
import { Lab } from '../lab/lab.js';
import { LabProvider } from '../lab/react.js';
import { PANELS } from '../panels/registry.js';

export type FrameSink = (frame: string) => void;

/** `skipped`: frames of this student the room fell behind on and missed (the flow lacks them). */
export function WatchPanel({ name, subscribe, skipped }: { name: string; subscribe: (sink: FrameSink) => () => void; skipped: number }) {
  const { t } = useTranslation('classroom');
  const lab = useMemo(() => new Lab({ token: undefined }), []);
  useEffect(() => {
    lab.store.dispatch({ type: 'connection', connection: { status: 'open', session: 'watched' } });
    return subscribe((frame) => {
      const parsed = parseEvent(frame);
      if (parsed.ok) lab.store.push(parsed.value);
    });
  }, [lab, subscribe]);
  const Flow = PANELS.flow;
  const Sockets = PANELS.sockets;
  return (
    <section className="watch" aria-label={t('room.watching', { name })} data-testid="room-watch">
      <h2>{t('room.watching', { name })}</h2>
      <p className="muted">{t('room.watchNote')}</p>
      {skipped > 0 && (
        <p className="watch-skipped" role="status" data-testid="room-watch-skipped">
          {t('room.watchSkipped', { count: skipped, name })}
        </p>
      )}
      <LabProvider lab={lab}>
        <Suspense fallback={<p>…</p>}>
          <Flow spec={{ type: 'flow' }} panelId="watch-flow" />
          <Sockets spec={{ type: 'sockets' }} panelId="watch-sockets" />
        </Suspense>
      </LabProvider>
    </section>
  );
}
