// A failure shown inside the panel it happened in: what went wrong, what to do, and a way to try
// again. Every panel uses this, so failures look and read the same everywhere.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeFailure, failureOf, type PanelFailure } from './errors.js';

export function PanelError({ failure, onRetry, retryLabel }: { failure: PanelFailure; onRetry?: () => void; retryLabel?: string }) {
  const { t, i18n } = useTranslation('errors');
  const said = describeFailure(failure, t, (key) => i18n.exists(key));
  return (
    <div className="panel-error" role="alert" data-testid="panel-error" data-code={said.code}>
      <p className="panel-error-what">{said.what}</p>
      <p className="panel-error-todo">{said.todo}</p>
      {said.os && <p className="panel-error-os">{said.os}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry} data-testid="panel-error-retry">
          {retryLabel ?? t('retry')}
        </button>
      )}
    </div>
  );
}

/** A panel's current failure: `fail(error)` from any catch, `clear()` before trying again. */
export function usePanelFailure(): { failure: PanelFailure | undefined; fail: (error: unknown, port?: number) => void; clear: () => void } {
  const [failure, setFailure] = useState<PanelFailure | undefined>();
  const fail = useCallback((error: unknown, port?: number) => setFailure(failureOf(error, port)), []);
  const clear = useCallback(() => setFailure(undefined), []);
  return { failure, fail, clear };
}
