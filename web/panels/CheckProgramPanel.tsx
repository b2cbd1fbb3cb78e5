// "Check my program": the lab becomes the client of the student's server (or the server of their
// client), runs the battery for this lesson and explains each result in plain words.
import { pageSocketId } from '../../protocol/socket-ids.js';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyCommand } from '../checker/ui/CopyCommand.js';
import { BATTERIES, runBattery, type CaseResult, type CheckContext } from '../checker/index.js';
import type { SpecOf } from './types.js';
import { useLab, useLabState } from '../lab/react.js';
import { useLesson } from '../lessons/context.js';
import { useLabHint } from '../python/lab-hint.js';
import type { PageRun } from '../python/page-run.js';
import { editedSource } from '../python/program-store.js';
import { PanelError, usePanelFailure } from './PanelError.js';
import '../checker/ui/checker.css';

/** How long a page server may take to start listening, Python's first load included. */
const PAGE_SERVER_START_MS = 30_000;
/** How long a page client may take to finish once the check has answered it. */
const PAGE_CLIENT_END_MS = 10_000;

/** Waits for `promise` to settle, at most `ms` or until `signal` aborts. */
function settledWithin(promise: Promise<unknown>, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    promise.then(done, done);
  });
}

export function CheckProgramPanel({ spec, panelId }: { spec: SpecOf<'check-program'>; panelId: string }) {
  const { t } = useTranslation('checker');
  const lab = useLab();
  const servers = useLabState((s) => s.servers);
  const connected = useLabState((s) => s.connection.status === 'open');
  const [port, setPort] = useState(String(spec.port ?? 12100));
  const [running, setRunning] = useState(false);
  const [listening, setListening] = useState<number | undefined>();
  const [results, setResults] = useState<CaseResult[]>([]);
  const { t: tp } = useTranslation('python');
  const lesson = useLesson();
  const labHint = useLabHint();
  // "check my program" runs the program in a terminal (python3) or the one in the page's editor
  const [where, setWhere] = useState<'terminal' | 'page'>('terminal');
  const [pageOutput, setPageOutput] = useState<string | undefined>();
  const [pageProblem, setPageProblem] = useState<string | undefined>();
  const [cancelled, setCancelled] = useState(false);
  const { failure, fail, clear } = usePanelFailure();
  const ids = useRef(0);
  const runControl = useRef<AbortController | undefined>(undefined);
  // a check that is still running stops when its panel goes (leaving the lesson)
  useEffect(() => () => runControl.current?.abort(), []);
  const battery = BATTERIES[spec.battery];
  const server = battery.kind === 'server';
  const program = battery.program;
  const portNumber = Number(port);
  const portOk = Number.isInteger(portNumber) && portNumber >= 1024 && portNumber <= 65535;
  const listing = lesson.listings[program];
  const inPage = where === 'page' && listing !== undefined;

  /** Starts the editor's program for a check (a client gets one sentence for its input()). Python's
   * host is fetched then, the first time a check runs a page program. */
  const startInPage = async (): Promise<PageRun> =>
    (await import('../python/page-run.js')).startPageRun(
      { ready: () => lab.ready(), newSocketId: (p) => lab.newSocketId(p), servers: () => lab.store.getState().servers, programs: lab.thread },
      {
        source: editedSource(lesson.id, program, listing?.source) ?? '',
        file: program,
        input: ['hello from the check'],
        noThreads: tp('noThreads'),
        hint: labHint,
      },
    );

  const run = async () => {
    if (!portOk || running) return;
    const control = new AbortController();
    runControl.current = control;
    const { signal } = control;
    setRunning(true);
    setResults([]);
    setListening(undefined);
    setPageOutput(undefined);
    setPageProblem(undefined);
    let page: PageRun | undefined;
    let starting: Promise<PageRun> | undefined;
    setCancelled(false);
    clear();
    try {
      const client = await lab.ready();
      const ctx: CheckContext = {
        client,
        host: '127.0.0.1',
        port: portNumber,
        newId: (prefix) => pageSocketId(`${panelId}-${prefix}`, ++ids.current),
        waitMs: 2000,
        labPorts: Object.fromEntries(servers.filter((s) => s.state === 'running').map((s) => [s.name, s.port])),
        signal,
      };
      const add = (r: CaseResult) => setResults((prev) => [...prev, r]);
      if (battery.kind === 'server') {
        if (inPage) {
          // the page's server: check the port it really listens on, once it does
          page = await (starting = startInPage());
          // Python loads (a few seconds the first time), then the program binds; or it ends first
          const bound = await Promise.race([
            page.bound,
            new Promise<undefined>((r) => {
              setTimeout(() => r(undefined), PAGE_SERVER_START_MS);
              signal.addEventListener('abort', () => r(undefined), { once: true });
            }),
          ]);
          if (signal.aborted) return setCancelled(true);
          if (bound === undefined) return setPageProblem(tp('check.neverListened', { file: program }));
          ctx.port = bound;
          setPageProblem(tp('check.listening', { file: program, port: bound }));
        }
        await runBattery((await battery.load()).cases, ctx, add);
      } else {
        const onReady = (p: number) => {
          setListening(p);
          if (inPage) starting = startInPage();
        };
        const check = await battery.load();
        for (const r of await check(ctx, { onReady, arriveMs: inPage ? 15_000 : 60_000 })) add(r);
        // the page's client still has to read the reply and print it: let it end by itself (its output
        // is shown below), and stop it only if it does not
        if (starting) page = await starting;
        if (page) await settledWithin(page.result, PAGE_CLIENT_END_MS, signal);
      }
    } catch (error) {
      // shown in the panel, in the page's language: "port 12110 is already in use…"
      if (signal.aborted) setCancelled(true);
      else fail(error, portNumber);
    } finally {
      // a page program whose runner was still on its way when the check ended
      page ??= await starting?.catch(() => undefined);
      if (page) {
        page.stop();
        await page.result;
        setPageOutput(page.output());
        page.dispose();
      }
      if (runControl.current === control) runControl.current = undefined;
      setRunning(false);
      setListening(undefined);
    }
  };

  const passed = results.filter((r) => r.ok).length;
  return (
    <section className="check-program" data-testid={`check-program-${panelId}`} aria-labelledby={`${panelId}-title`}>
      <h2 className="panel-title" id={`${panelId}-title`}>
        {t('title')}: {t(`batteries.${spec.battery}`)}
      </h2>
      <div className="check-program-setup">
        <fieldset className="check-program-where">
          <legend>{tp('check.where')}</legend>
          <label>
            <input type="radio" name={`${panelId}-where`} checked={where === 'terminal'} onChange={() => setWhere('terminal')} disabled={running} />{' '}
            {tp('check.terminal')}
          </label>
          <label>
            <input
              type="radio"
              name={`${panelId}-where`}
              checked={where === 'page'}
              onChange={() => setWhere('page')}
              disabled={running || !listing}
              data-testid="check-in-page"
            />{' '}
            {listing ? tp('check.page', { file: program }) : tp('check.noListing', { file: program })}
          </label>
        </fieldset>
        <label>
          {server ? t('port') : t('portClient')}{' '}
          <input type="number" min={1024} max={65535} value={port} onChange={(e) => setPort(e.target.value)} aria-invalid={!portOk} data-testid="check-port" />
        </label>
        {server && !inPage && (
          <p>
            {t('startYours', { port })} <CopyCommand command={`python3 ${program}`} />
          </p>
        )}
        {!server && listening === undefined && !running && <p>{t('clientFirst', { port })}</p>}
        {!server && listening !== undefined && (
          <p role="status" data-testid="check-listening" data-port={listening}>
            {inPage ? (
              tp('check.runningClient', { file: program, port: listening })
            ) : (
              <>
                {t('nowRun', { port: listening })} <CopyCommand command={`python3 ${program}`} />
              </>
            )}
          </p>
        )}
        <button type="button" className="primary" onClick={() => void run()} disabled={!connected || running || !portOk} data-testid="check-run">
          {running ? t('running') : results.length ? t('again') : t('run')}
        </button>
        {running && (
          <button type="button" onClick={() => runControl.current?.abort()} data-testid="check-cancel">
            {t('cancel')}
          </button>
        )}
        {!connected && <p className="check-program-note">{t('noBridge')}</p>}
      </div>
      {running && !server && listening === undefined && <p>{t('waiting')}</p>}
      {pageProblem && (
        <p role="status" data-testid="check-page-note">
          {pageProblem}
        </p>
      )}
      {pageOutput !== undefined && (
        <details className="check-program-output" open={results.every((r) => r.ok) ? undefined : true}>
          <summary>{tp('check.output', { file: program })}</summary>
          <pre data-testid="check-page-output">{pageOutput}</pre>
        </details>
      )}
      {cancelled && (
        <p role="status" data-testid="check-cancelled">
          {t('cancelled')}
        </p>
      )}
      {failure && <PanelError failure={failure} onRetry={() => void run()} />}
      {results.length > 0 && (
        <>
          <p className="check-program-summary" data-testid="check-summary" data-passed={passed} data-total={results.length} aria-live="polite">
            {t('summary', { passed, total: results.length })}
          </p>
          <ul className="check-program-results">
            {results.map((r, i) => (
              <li key={`${r.case}-${i}`} data-case={r.case} data-ok={r.ok} data-code={r.finding.code} className={r.ok ? 'ok' : 'bad'}>
                <span className="mark" aria-label={r.ok ? t('passed') : t('failed')}>
                  {r.ok ? '✓' : '✗'}
                </span>
                <strong>{t(`cases.${r.case}`)}</strong>{' '}
                <span>
                  {r.finding.params?.which !== undefined ? t('client', { which: r.finding.params.which }) : ''}
                  {t(`findings.${r.finding.code}`, r.finding.params ?? {})}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
