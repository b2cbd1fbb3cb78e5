// The answer to the form's latest request: the connection it used, the response's bytes exactly
// as they arrived, and the same response read as HTTP (status, headers, body).
import { useTranslation } from 'react-i18next';
import type { Sent } from './HttpFormPanel.js';
import { RawText } from './RawText.js';
import { header } from './response-parser.js';
import { PanelError } from '../panels/PanelError.js';

const decoder = new TextDecoder();

/** A JSON body, indented; anything else as it is. */
function bodyText(body: Uint8Array, type: string | undefined): string {
  const text = decoder.decode(body);
  if (!type?.includes('json')) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function ResponseView({ sent }: { sent: Sent }) {
  const { t } = useTranslation('http');
  const { result } = sent;
  const parsed = result.parsed;
  const response = parsed.state === 'done' || parsed.state === 'body' ? parsed.response : undefined;
  const raw = decoder.decode(result.response);
  const status = response?.status;
  return (
    <div className="http-response" data-testid="http-response" data-status={status ?? ''} data-ending={result.ending}>
      <p className="http-connection">
        {result.local && result.remote
          ? t('connection', {
              local: `${result.local.address}:${result.local.port}`,
              remote: `${result.remote.address}:${result.remote.port}`,
              chunks: result.chunks,
            })
          : null}
      </p>
      {result.failure && <PanelError failure={{ code: result.failure.code }} />}
      {result.ending !== 'complete' && !result.failure && <p className="http-error">{t(`ending.${result.ending}`)}</p>}
      {parsed.state === 'error' && <p className="http-error">{t('parseError', { message: parsed.message })}</p>}
      <div className="http-response-grid">
        <div>
          <h3>{t('responseRaw', { count: result.response.length })}</h3>
          <RawText text={raw} label={t('responseRaw', { count: result.response.length })} testId="http-response-raw" />
        </div>
        {response && (
          <div className="http-parsed" data-testid="http-parsed">
            <h3>{t('parsed')}</h3>
            <p className="http-status" data-status-class={String(response.status)[0]} data-testid="http-status">
              {response.status} {response.reason}
            </p>
            <p className="http-note">{t(`status.${String(response.status)[0]}xx`, { defaultValue: '' })}</p>
            <table className="http-headers-table">
              <caption>{t('responseHeaders')}</caption>
              <tbody>
                {response.headers.map(([name, value], i) => (
                  <tr key={i}>
                    <th scope="row">{name}</th>
                    <td>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="http-note">{t(`framing.${response.framing}`, { count: response.body.length })}</p>
            {response.body.length > 0 && <pre className="http-body-view">{bodyText(response.body, header(response, 'content-type'))}</pre>}
          </div>
        )}
      </div>
    </div>
  );
}
