// Lesson 7's map: every player online, as the latest ["update"] reply lists them. It shares the
// page's player with the game console, asks for ["update"] once a second while it is on screen
// (see polling.ts), and moves the player with the arrow keys when it has focus.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { ARROWS, movedBetween, type GameMap } from './map-state.js';
import { MapSvg } from './MapSvg.js';
import { pollDecision, POLL_MS } from './polling.js';
import { useGameConnection, useGameSnapshot } from './use-game.js';
import './game.css';

export function GameMapPanel({ spec, panelId }: PanelProps<SpecOf<'game-map'>>) {
  const { t } = useTranslation('game');
  const conn = useGameConnection(spec.server ?? 'game');
  const snap = useGameSnapshot(conn);
  const [live, setLive] = useState(true);
  const [stoppedBy, setStoppedBy] = useState<'student' | 'idle'>('student');
  const box = useRef<HTMLDivElement>(null);
  const inView = useRef(false);
  const idlePolls = useRef(0);
  /** Polls now, if polling is on; set by the polling effect. */
  const pollNow = useRef<() => void>(() => undefined);
  const previous = useRef<{ map?: GameMap; shown?: GameMap; moves: ReturnType<typeof movedBetween> }>({ moves: [] });

  // the student's own requests count as activity: the polling's idle count starts again
  const ownRequests = snap.log.reduce((n, e) => (e.dir === 'out' && !e.auto ? n + 1 : n), 0);
  useEffect(() => {
    idlePolls.current = 0;
    // a request of the student's own wakes a map that paused by itself, not one they stopped
    if (ownRequests > 0 && stoppedBy === 'idle') setLive(true);
  }, [ownRequests, stoppedBy]);

  useEffect(() => {
    const el = box.current;
    if (!el || typeof IntersectionObserver === 'undefined') {
      inView.current = true;
      return;
    }
    // a map scrolled back into view asks at once rather than at the next tick
    const observer = new IntersectionObserver((entries) => {
      const was = inView.current;
      inView.current = entries.some((e) => e.isIntersecting);
      if (inView.current && !was) pollNow.current();
    });
    observer.observe(el);
    const onVisibility = () => {
      if (document.visibilityState === 'visible') pollNow.current();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);

  const loggedIn = snap.player !== undefined;
  useEffect(() => {
    if (!live || !loggedIn) return;
    const tick = () => {
      const now = conn.getSnapshot();
      const decision = pollDecision({
        loggedIn: now.player !== undefined,
        visible: document.visibilityState === 'visible' && inView.current,
        busy: now.busy,
        idlePolls: idlePolls.current,
      });
      if (decision === 'pause') {
        setStoppedBy('idle');
        setLive(false);
      } else if (decision === 'poll') {
        idlePolls.current++;
        void conn.send(['update'], { auto: true });
      }
    };
    pollNow.current = tick;
    // at once after logging in (once the login's reply has settled), so the map appears
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, POLL_MS);
    return () => {
      pollNow.current = () => undefined;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [conn, live, loggedIn]);

  const map = loggedIn ? snap.map : undefined;
  if (map && previous.current.shown !== map) {
    previous.current = { shown: map, map, moves: movedBetween(previous.current.map, map).filter((m) => m.from !== undefined && m.name !== snap.player) };
  }
  const moves = previous.current.moves;

  const onKey = (e: KeyboardEvent) => {
    const step = ARROWS[e.key];
    if (!step || !loggedIn) return;
    e.preventDefault();
    void conn.send(['move', step]);
  };

  return (
    <section className="game-map-panel" aria-labelledby={`${panelId}-title`} data-testid="game-map" data-updates={snap.updates}>
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('map.title')}
      </h2>
      <div className="game-map-layout">
        <div ref={box} className="game-map-box" tabIndex={0} onKeyDown={onKey} aria-label={t('map.keys')}>
          {map ? (
            <MapSvg map={map} me={snap.player} titleId={`${panelId}-svg-title`} />
          ) : (
            <p className="game-map-empty">{t(loggedIn ? 'map.waiting' : 'map.loggedOut')}</p>
          )}
        </div>
        <div className="game-map-side">
          {map && (
            <>
              <ul className="game-map-players" data-testid="game-map-players">
                {map.players.map((p) => (
                  <li key={p.name} data-name={p.name} data-x={p.pos[0]} data-y={p.pos[1]} data-me={p.name === snap.player ? 'true' : undefined}>
                    <span className="game-map-visual">{p.visual}</span> {t('map.player', { name: p.name, x: p.pos[0], y: p.pos[1] })}
                    {p.name === snap.player && <span className="game-map-you"> {t('map.you')}</span>}
                    {p.say && <span className="game-map-say"> “{p.say}”</span>}
                  </li>
                ))}
              </ul>
              <p className="game-map-meta">
                {t('map.updates', { count: snap.updates })}
                {moves.length > 0 && ` · ${moves.map((m) => t('map.moved', { name: m.name, x: m.to[0], y: m.to[1] })).join(', ')}`}
              </p>
            </>
          )}
          {loggedIn && (
            <p className="game-map-live">
              {live ? t('map.live', { seconds: POLL_MS / 1000 }) : t(stoppedBy === 'idle' ? 'map.paused' : 'map.stopped')}{' '}
              <button
                type="button"
                onClick={() => {
                  setStoppedBy('student');
                  setLive(!live);
                }}
                data-testid="game-map-live"
              >
                {live ? t('map.stop') : t('map.resume')}
              </button>
            </p>
          )}
        </div>
      </div>
    </section>
  );
}
