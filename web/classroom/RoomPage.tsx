// /room: the instructor's room (this machine only, with the instructor's token): the poster to
// project, the roster, one student's flow, the class's use of the lab servers, and lesson 9's relay
// driven for everyone at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomState, RosterEntry } from '../../protocol/classroom.js';
import { Toolbar } from '../shell/Toolbar.js';
import { ClassTraffic } from './ClassTraffic.js';
import { JoinPoster } from './JoinPoster.js';
import { RoomClient, type RoomStatus } from './room-client.js';
import { Roster } from './Roster.js';
import { WatchPanel, type FrameSink } from './WatchPanel.js';
import './classroom.css';

export function RoomPage({ token }: { token: string | undefined }) {
  const { t } = useTranslation('classroom');
  const [status, setStatus] = useState<RoomStatus>(token ? 'connecting' : 'unauthorized');
  const [state, setState] = useState<RoomState | undefined>();
  const [watched, setWatched] = useState<string | undefined>();
  /** Frames of each watched student this page fell behind on and missed. */
  const [skipped, setSkipped] = useState<Record<string, number>>({});
  const client = useRef<RoomClient | undefined>(undefined);
  const sinks = useRef(new Set<FrameSink>());

  useEffect(() => {
    if (!token) return;
    const c = new RoomClient(token, {
      status: setStatus,
      state: setState,
      watched: (_student, frame) => {
        for (const sink of sinks.current) sink(frame);
      },
      skipped: (student, count) => setSkipped((was) => ({ ...was, [student]: (was[student] ?? 0) + count })),
    });
    client.current = c;
    return () => c.dispose();
  }, [token]);

  const watch = (id: string | undefined) => {
    setWatched(id);
    setSkipped({});
  };
  // the bridge follows the student watched: on each change, and again after a reconnection
  useEffect(() => {
    if (status === 'open') client.current?.send({ type: 'room.watch', student: watched ?? null });
  }, [status, watched]);
  const subscribe = useCallback((sink: FrameSink) => {
    sinks.current.add(sink);
    return () => sinks.current.delete(sink);
  }, []);
  const remove = (s: RosterEntry) => {
    if (!window.confirm(t('room.removeConfirm', { name: s.name }))) return;
    if (watched === s.id) watch(undefined);
    client.current?.send({ type: 'room.remove', student: s.id });
  };
  const relay = (action: 'hold' | 'step' | 'release') => client.current?.send({ type: 'room.relay', action });
  const watchedEntry = state?.students.find((s) => s.id === watched);

  return (
    <>
      <header className="topbar">
        <a className="app-name" href="/#/">
          {t('room.title')}
        </a>
        <Toolbar />
      </header>
      <main className="room" id="main" data-testid="room" data-status={status}>
        {status !== 'open' && (
          <p role="alert" className="connection-banner" data-severity={status === 'connecting' ? 'info' : 'error'}>
            {t(`room.status.${status}`)}
          </p>
        )}
        {state && (
          <>
            <JoinPoster joinUrl={state.joinUrl} code={state.code} onRotate={() => client.current?.send({ type: 'room.rotate' })} />
            <section aria-label={t('room.rosterLabel')}>
              <h2>{t('room.rosterLabel')}</h2>
              <Roster students={state.students} watched={watched} onWatch={watch} onRemove={remove} />
            </section>
            {watchedEntry && <WatchPanel key={watchedEntry.id} name={watchedEntry.name} subscribe={subscribe} skipped={skipped[watchedEntry.id] ?? 0} />}
            <section aria-label={t('room.trafficLabel')}>
              <h2>{t('room.trafficLabel')}</h2>
              <ClassTraffic traffic={state.traffic} />
            </section>
            <section aria-label={t('room.relayLabel')} className="class-relay">
              <h2>{t('room.relayLabel')}</h2>
              <p>{t('room.relayNote', { count: state.relays })}</p>
              <div role="group" aria-label={t('room.relayLabel')}>
                <button type="button" onClick={() => relay('hold')} data-testid="class-relay-hold">
                  {t('room.hold')}
                </button>
                <button type="button" onClick={() => relay('step')} data-testid="class-relay-step">
                  {t('room.step')}
                </button>
                <button type="button" onClick={() => relay('release')} data-testid="class-relay-release">
                  {t('room.release')}
                </button>
              </div>
            </section>
          </>
        )}
      </main>
    </>
  );
}
