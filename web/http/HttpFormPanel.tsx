// Lesson 8's HTTP form: method, path, headers and body become the request's text, shown byte for
// byte; Send opens a real TCP connection to the lab's HTTP server through the bridge, sends that
// text, and shows what came back, raw and parsed. The form keeps the server's cookie and sends it
// with the next requests, as a browser does.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab, useLabState } from '../lab/react.js';
import { PanelError, usePanelFailure } from '../panels/PanelError.js';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { cookieHeader, storeCookies, type Cookie } from './cookies.js';
import { HTTP_FORM_SOCKET_PREFIX, runExchange, type ExchangeResult } from './http-exchange.js';
import { buildRequest } from './raw-request.js';
import { RawText } from './RawText.js';
import { headerValues } from './response-parser.js';
import { ResponseView } from './ResponseView.js';
import './http.css';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'] as const;
type Preset = 'list' | 'create' | 'me';
/** Earlier exchanges listed under the form, newest first. */
const HISTORY = 6;

export interface Sent {
  id: number;
  request: string;
  method: string;
  path: string;
  result: ExchangeResult;
}

export function HttpFormPanel({ spec, panelId }: PanelProps<SpecOf<'http-form'>>) {
  const { t } = useTranslation('http');
  const lab = useLab();
  const serverName = spec.server ?? 'http-api';
  const server = useLabState((s) => s.servers.find((x) => x.name === serverName));
  const connected = useLabState((s) => s.connection.status === 'open');
  const [method, setMethod] = useState('GET');
  const [path, setPath] = useState('/questions');
  const [hostEdit, setHostEdit] = useState<string | undefined>();
  const [headers, setHeaders] = useState('');
  const [body, setBody] = useState('');
  const [autoLength, setAutoLength] = useState(true);
  const [sendCookie, setSendCookie] = useState(true);
  const [jar, setJar] = useState<Cookie[]>([]);
  const [history, setHistory] = useState<Sent[]>([]);
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const count = useRef(0);
  const { failure, fail, clear } = usePanelFailure();
  // an exchange still under way ends (and closes its connection) when the panel goes
  useEffect(() => () => abort.current?.abort(), []);

  const host = hostEdit ?? `127.0.0.1:${server?.port ?? 12080}`;
  const cookie = sendCookie ? cookieHeader(jar) : undefined;
  const built = buildRequest({ method, path, host, headers, body, autoLength, ...(cookie ? { cookie } : {}) });
  const ready = connected && server?.state === 'running' && !running;

  const preset = (which: Preset) => {
    setMethod(which === 'create' ? 'POST' : 'GET');
    setPath(which === 'me' ? '/me' : '/questions');
    setHeaders(which === 'create' ? 'Content-Type: application/json' : '');
    setBody(which === 'create' ? JSON.stringify({ text: t('sample') }) : '');
  };

  const send = async () => {
    if (!server || !ready) return;
    setRunning(true);
    clear();
    const controller = new AbortController();
    abort.current = controller;
    try {
      const client = await lab.ready();
      const result = await runExchange(client, {
        sock: lab.newSocketId(HTTP_FORM_SOCKET_PREFIX),
        host: '127.0.0.1',
        port: server.port,
        bytes: built.bytes,
        method,
        signal: controller.signal,
      });
      if (result.parsed.state === 'done' || result.parsed.state === 'body') {
        const set = headerValues(result.parsed.response, 'set-cookie');
        if (set.length > 0) setJar((prev) => storeCookies(prev, set));
      }
      setHistory((prev) => [{ id: ++count.current, request: built.text, method, path, result }, ...prev].slice(0, HISTORY));
    } catch (error) {
      if (!controller.signal.aborted) fail(error);
    } finally {
      setRunning(false);
      abort.current = undefined;
    }
  };

  const latest = history[0];
  return (
    <section className="http-form-panel" aria-labelledby={`${panelId}-title`} data-testid="http-form">
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title')}
      </h2>
      <div className="http-presets" role="group" aria-label={t('presets')}>
        {(['list', 'create', 'me'] as const).map((p) => (
          <button key={p} type="button" onClick={() => preset(p)} data-testid={`http-preset-${p}`}>
            {t(`preset.${p}`)}
          </button>
        ))}
      </div>
      <form
        className="http-fields"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <label className="http-method">
          {t('method')}
          <select value={method} onChange={(e) => setMethod(e.target.value)} data-testid="http-method">
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="http-path">
          {t('path')}
          <input value={path} onChange={(e) => setPath(e.target.value)} spellCheck={false} data-testid="http-path" />
        </label>
        <label className="http-host">
          Host
          <input value={host} onChange={(e) => setHostEdit(e.target.value)} spellCheck={false} />
        </label>
        <label className="http-headers">
          {t('headers')}
          <textarea
            value={headers}
            onChange={(e) => setHeaders(e.target.value)}
            rows={2}
            spellCheck={false}
            placeholder="Name: value"
            data-testid="http-headers"
          />
        </label>
        <label className="http-body">
          {t('body')}
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={2} spellCheck={false} data-testid="http-body" />
        </label>
        <div className="http-options">
          <label>
            <input type="checkbox" checked={autoLength} onChange={(e) => setAutoLength(e.target.checked)} />
            {t('autoLength')}
          </label>
          <label>
            <input type="checkbox" checked={sendCookie} onChange={(e) => setSendCookie(e.target.checked)} />
            {t('sendCookie')}
          </label>
          <span className="http-jar" data-testid="http-cookie">
            {jar.length > 0 ? t('jar', { cookies: cookieHeader(jar) }) : t('jarEmpty')}
          </span>
          {jar.length > 0 && (
            <button type="button" onClick={() => setJar([])}>
              {t('forget')}
            </button>
          )}
        </div>
        <div className="http-request">
          <h3>{t('request', { count: built.bytes.length })}</h3>
          <RawText text={built.text} label={t('request', { count: built.bytes.length })} testId="http-request-raw" />
          {built.warnings.length > 0 && (
            <ul className="http-warnings">
              {built.warnings.map((w, i) => (
                <li key={i}>{t(`warning.${w.key}`, w.vars ?? {})}</li>
              ))}
            </ul>
          )}
        </div>
        <div className="http-send">
          <button type="submit" className="primary" disabled={!ready} data-testid="http-send">
            {running ? t('sending') : t('send')}
          </button>
          {running && (
            <button type="button" onClick={() => abort.current?.abort()}>
              {t('cancel')}
            </button>
          )}
          {!server && <span className="http-note">{t('noServer', { server: serverName })}</span>}
        </div>
      </form>
      {failure && <PanelError failure={failure} />}
      {latest && <ResponseView sent={latest} />}
      {history.length > 1 && (
        <div className="http-history">
          <h3>{t('history')}</h3>
          <ol data-testid="http-history">
            {history.map((h) => (
              <li key={h.id}>
                <code>
                  {h.method} {h.path}
                </code>{' '}
                → {h.result.parsed.state === 'done' ? `${h.result.parsed.response.status} ${h.result.parsed.response.reason}` : t(`ending.${h.result.ending}`)}
                {h.result.local && <span className="http-note"> · {t('historyPort', { port: h.result.local.port })}</span>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
