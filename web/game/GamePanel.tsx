// Lesson 7's game console: buttons for the protocol's commands (ver, new, login before login;
// update, move after), a pad for moving with the arrow keys, a field for any request, and the
// frames exactly as they went over the connection.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { FrameLog } from './FrameLog.js';
import { ARROWS } from './map-state.js';
import { useGameConnection, useGameSnapshot } from './use-game.js';
import './game.css';
import { PanelError } from '../panels/PanelError.js';

const hostPort = (a: { address: string; port: number }) => `${a.address}:${a.port}`;

export function GamePanel({ spec, panelId }: PanelProps<SpecOf<'game'>>) {
  const { t } = useTranslation('game');
  const conn = useGameConnection(spec.server ?? 'game');
  const snap = useGameSnapshot(conn);
  const [name, setName] = useState(() => `player${Math.floor(100 + Math.random() * 900)}`);
  const [password, setPassword] = useState('pw');
  const [version, setVersion] = useState('1.0');
  const [rawEdit, setRawEdit] = useState<string | undefined>();
  // until the student edits it, the example asks for their own position
  const raw = rawEdit ?? JSON.stringify(['get', name, 'pos']).replace(/,/g, ', ');
  const [rawError, setRawError] = useState<string | undefined>();

  const send = (request: unknown[]) => void conn.send(request);
  const account = (command: 'login' | 'new') => send(version.trim() ? [command, name, password, version.trim()] : [command, name, password]);
  const move = (dx: number, dy: number) => send(['move', [dx, dy]]);
  const onPadKey = (e: KeyboardEvent) => {
    const step = ARROWS[e.key];
    if (!step) return;
    e.preventDefault();
    move(...step);
  };
  const sendRaw = () => {
    try {
      const value: unknown = JSON.parse(raw);
      if (!Array.isArray(value)) throw new Error(t('raw.notList'));
      setRawError(undefined);
      send(value);
    } catch (error) {
      setRawError((error as Error).message);
    }
  };

  const status =
    snap.status === 'open' && snap.local && snap.remote
      ? t('status.open', { local: hostPort(snap.local), remote: hostPort(snap.remote) })
      : t(`status.${snap.status}`, { server: spec.server ?? 'game' });
  return (
    <section className="game-panel" aria-labelledby={`${panelId}-title`} data-testid="game-panel" data-status={snap.status} data-player={snap.player ?? ''}>
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title')}
      </h2>
      <p className="game-status" role="status">
        <span>{status}</span>
        <span className="game-login" data-logged-in={snap.player ? 'true' : 'false'}>
          {snap.player ? t('loggedIn', { name: snap.player }) : t('loggedOut')}
        </span>
      </p>
      {snap.failure && <PanelError failure={{ code: snap.failure.code }} />}
      <div className="game-controls">
        <fieldset className="game-account">
          <legend>{t('beforeLogin')}</legend>
          <label>
            {t('name')}
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" spellCheck={false} data-testid="game-name" />
          </label>
          <label>
            {t('password')}
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
          </label>
          <label>
            {t('version')}
            <input value={version} onChange={(e) => setVersion(e.target.value)} size={5} autoComplete="off" spellCheck={false} />
          </label>
          <div className="game-buttons">
            <button type="button" onClick={() => send(['ver'])} data-testid="game-ver">
              ver
            </button>
            <button type="button" onClick={() => account('new')} data-testid="game-new">
              new
            </button>
            <button type="button" onClick={() => account('login')} data-testid="game-login">
              login
            </button>
          </div>
        </fieldset>
        <fieldset className="game-play">
          <legend>{t('afterLogin')}</legend>
          <div className="game-pad" tabIndex={0} role="group" aria-label={t('pad')} onKeyDown={onPadKey} data-testid="game-pad">
            <button type="button" className="up" onClick={() => move(0, -1)} aria-label={t('dir.up')} data-testid="game-up">
              ↑
            </button>
            <button type="button" className="left" onClick={() => move(-1, 0)} aria-label={t('dir.left')} data-testid="game-left">
              ←
            </button>
            <button type="button" className="right" onClick={() => move(1, 0)} aria-label={t('dir.right')} data-testid="game-right">
              →
            </button>
            <button type="button" className="down" onClick={() => move(0, 1)} aria-label={t('dir.down')} data-testid="game-down">
              ↓
            </button>
          </div>
          <p className="game-pad-hint">{t('padHint')}</p>
          <div className="game-buttons">
            <button type="button" onClick={() => send(['update'])} data-testid="game-update">
              update
            </button>
            <button type="button" onClick={() => conn.close()} disabled={snap.status !== 'open'}>
              {t('close')}
            </button>
          </div>
        </fieldset>
        <form
          className="game-raw"
          onSubmit={(e) => {
            e.preventDefault();
            sendRaw();
          }}
        >
          <label>
            {t('raw.label')}
            <input value={raw} onChange={(e) => setRawEdit(e.target.value)} spellCheck={false} autoComplete="off" data-testid="game-raw" />
          </label>
          <button type="submit">{t('raw.send')}</button>
          {rawError && (
            <p className="game-failure" role="alert">
              {rawError}
            </p>
          )}
        </form>
      </div>
      <FrameLog log={snap.log} />
    </section>
  );
}
