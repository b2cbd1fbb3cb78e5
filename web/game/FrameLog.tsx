// The frames of the game connection as they went over the wire ("14 [\"move\",[1,0]]"), each
// with what it means: the result, the flags the server appended, or the error. The map's
// automatic ["update"] requests are hidden unless asked for, so the student's own stay in view.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntry } from './game-connection.js';

/** A long frame (an update with many players) is cut for display; its size is still shown whole. */
const SHOWN_CHARS = 240;

export function FrameLog({ log }: { log: LogEntry[] }) {
  const { t } = useTranslation('game');
  const [showAuto, setShowAuto] = useState(false);
  const list = useRef<HTMLOListElement>(null);
  const shown = showAuto ? log : log.filter((e) => !e.auto);
  const hidden = log.length - shown.length;
  const last = shown.at(-1)?.id;

  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last]);

  return (
    <div className="game-log">
      <div className="game-log-head">
        <h3>{t('log.title')}</h3>
        <label>
          <input type="checkbox" checked={showAuto} onChange={(e) => setShowAuto(e.target.checked)} />
          {t('log.showAuto')}
        </label>
        {!showAuto && hidden > 0 && <span className="game-log-hidden">{t('log.hidden', { count: hidden })}</span>}
      </div>
      {shown.length === 0 ? (
        <p className="game-log-empty">{t('log.empty')}</p>
      ) : (
        <ol ref={list} className="game-log-list" data-testid="game-log" aria-live="polite">
          {shown.map((entry) => (
            <Frame key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
    </div>
  );
}

function Frame({ entry }: { entry: LogEntry }) {
  const { t } = useTranslation('game');
  const { frame, reply } = entry;
  const raw = frame ? (frame.raw.length > SHOWN_CHARS ? `${frame.raw.slice(0, SHOWN_CHARS)}…` : frame.raw) : undefined;
  const tone = entry.problem || (reply && !reply.ok) ? 'error' : entry.dir;
  return (
    <li className="game-frame" data-dir={entry.dir} data-tone={tone} data-auto={entry.auto ? 'true' : undefined}>
      <span className="game-frame-dir" aria-label={t(`log.${entry.dir}`)} title={t(`log.${entry.dir}`)}>
        {entry.dir === 'out' ? '→' : '←'}
      </span>
      <span className="game-frame-body">
        {raw !== undefined && <code className="game-frame-raw">{raw}</code>}
        {frame && frame.raw.length > SHOWN_CHARS && <span className="game-frame-note">{t('log.cut', { size: frame.size })}</span>}
        {reply && !reply.ok && (
          <span className="game-frame-error">
            <strong>{reply.error.error}</strong>: {reply.error.message}
          </span>
        )}
        {reply && reply.flags.length > 0 && (
          <span className="game-frame-flags">
            {reply.flags.map((flag) => (
              <span key={flag} className="game-flag" data-flag={flag}>
                {t(`flag.${flag}`, { defaultValue: flag })}
              </span>
            ))}
          </span>
        )}
        {entry.problem && <span className="game-frame-error">{entry.problem}</span>}
      </span>
    </li>
  );
}
