// Says plainly when the page cannot reach the lab, and what to do about it. The lab core retries
// by itself (web/lab/lab.ts), so the banner goes away when the bridge comes back. Also says, for a
// while, when the bridge reads this page more slowly because it sends more than its share.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabState } from '../lab/react.js';
import { describeFailure } from '../panels/errors.js';
import { forgetSeat, JOIN_PATH } from '../classroom/student.js';

/** "Connecting…" only shows if connecting takes longer than this, so a normal start does not flash. */
const CONNECTING_GRACE_MS = 1500;
/** How long the word that the page is slowed stays (the bridge says it again after 10 s held). */
const SLOWED_SHOWN_MS = 10_000;

/** The bridge's latest `session.slowed`, while it is recent. */
function useSlowed(): { perSecond: number } | undefined {
  const slowed = useLabState((s) => s.slowed);
  const [shown, setShown] = useState<{ perSecond: number } | undefined>();
  useEffect(() => {
    if (!slowed) return;
    setShown(slowed);
    const timer = setTimeout(() => setShown(undefined), SLOWED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [slowed]);
  return shown;
}

export function ConnectionBanner({ hasToken, student = false }: { hasToken: boolean; student?: boolean }) {
  const { t } = useTranslation('shell');
  const errors = useTranslation('errors');
  const { t: tc } = useTranslation('classroom');
  const connection = useLabState((s) => s.connection);
  const servers = useLabState((s) => s.servers);
  const slowed = useSlowed();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (connection.status !== 'connecting') return setSlow(false);
    const timer = setTimeout(() => setSlow(true), CONNECTING_GRACE_MS);
    return () => clearTimeout(timer);
  }, [connection.status]);

  let message: string | undefined;
  let detail: string | undefined;
  switch (connection.status) {
    case 'open':
      break;
    case 'connecting':
      if (slow) message = t('connection.connecting');
      break;
    case 'unauthorized':
      // a student's seat ends when the instructor removes it or restarts the lab: join again
      if (student) {
        return (
          <div className="connection-banner" data-testid="connection-banner" data-status="removed" data-severity="error" role="alert">
            <p>
              <strong>{tc('student.removed')}</strong>{' '}
              <a href={JOIN_PATH} onClick={() => forgetSeat()}>
                {tc('student.joinAgain')}
              </a>
            </p>
          </div>
        );
      }
      message = hasToken ? t('connection.unauthorized') : t('connection.noToken');
      break;
    case 'down':
      message = t('connection.down');
      detail = t('connection.downRetry', { seconds: Math.max(1, Math.round(connection.retryInMs / 1000)) });
      break;
    case 'closed':
      message = t('connection.closed');
      break;
  }
  const unavailable = connection.status === 'open' ? servers.filter((s) => s.state === 'unavailable') : [];
  const slowedNow = connection.status === 'open' ? slowed : undefined;
  if (!message && unavailable.length === 0 && !slowedNow)
    return <div className="connection-banner" data-testid="connection-banner" data-status={connection.status} role="status" hidden />;
  const severe = connection.status === 'down' || connection.status === 'unauthorized';
  return (
    <div
      className="connection-banner"
      data-testid="connection-banner"
      data-status={connection.status}
      data-severity={severe ? 'error' : 'info'}
      role={severe ? 'alert' : 'status'}
    >
      {message && (
        <p>
          <strong>{message}</strong> {detail}
        </p>
      )}
      {unavailable.map((s) => (
        <p key={s.name} data-testid={`server-unavailable-${s.name}`}>
          {t('connection.serverUnavailable', {
            name: s.name,
            proto: s.proto.toUpperCase(),
            port: s.port,
            reason:
              s.code === 'EADDRINUSE'
                ? t('connection.portBusy', { port: s.port })
                : s.code
                  ? describeFailure({ code: s.code }, errors.t, (key) => errors.i18n.exists(key)).what
                  : (s.message ?? ''),
          })}
        </p>
      ))}
      {slowedNow && <p data-testid="session-slowed">{t('connection.slowed', { perSecond: slowedNow.perSecond })}</p>}
    </div>
  );
}
