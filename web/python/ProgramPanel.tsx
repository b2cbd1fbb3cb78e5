// "Edit and run": a lesson's Python listing in an editor, run in the page by CPython compiled to
// WebAssembly, its sockets opened for real by the bridge. The program's console is a terminal
// (input() reads it, print() writes it); its sockets appear in the lesson's flow and sockets panels
// like every other; the line of its latest socket call is lit in the editor. Everything the panel
// starts (the interpreter, the program, its sockets) ends when the panel goes.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LabLink } from '../console/link.js';
import { ConsoleTerminal } from '../console/terminal.js';
import '../console/console.css';
import { useLab } from '../lab/react.js';
import { ProgramEditor } from './editor.js';
import { PythonHost, pythonSupported, type HostState, type RunResult } from './host.js';
import { editedSource, programKey } from './program-store.js';
import { useLabHint } from './lab-hint.js';
import { ProgramTty } from './tty.js';
import './python.css';

/** Lines of the console repeated in the live region (screen readers, tests). */
const LIVE_LINES = 50;

export interface ProgramPanelProps {
  /** The listing's file name: the program's name in tracebacks and sys.argv[0]. */
  file: string;
  /** The listing as the lesson gives it ("Reset to the original"). */
  original: string;
  /** The lesson the listing belongs to: the student's edits are kept per lesson and listing. */
  lessonId: string;
  panelId: string;
}

type Status =
  { kind: Exclude<HostState, 'failed'> } | { kind: 'exited'; status: number } | { kind: 'stopped'; killed: boolean } | { kind: 'failed'; error: string };

export function ProgramPanel({ file, original, lessonId, panelId }: ProgramPanelProps) {
  const { t } = useTranslation('python');
  const lab = useLab();
  const editorBox = useRef<HTMLDivElement>(null);
  const screenBox = useRef<HTMLDivElement>(null);
  const editor = useRef<ProgramEditor | undefined>(undefined);
  const host = useRef<PythonHost | undefined>(undefined);
  const tty = useRef<ProgramTty | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'cold' });
  const [running, setRunning] = useState(false);
  const [edited, setEdited] = useState(() => (editedSource(lessonId, file, original) ?? original) !== original);
  const [output, setOutput] = useState<{ lines: readonly string[]; total: number; partial: string }>({ lines: [], total: 0, partial: '' });
  const [lit, setLit] = useState<{ line: number; call: string } | undefined>();
  const [args, setArgs] = useState('');
  const [copied, setCopied] = useState(false);
  /** Runs finished so far: tests wait for it to move on. */
  const [runs, setRuns] = useState(0);
  /** Shows the console's latest lines in the live region now (at the end of a run). */
  const flushOutput = useRef<() => void>(() => undefined);
  const supported = pythonSupported();
  // read at call time: the page's language may change while the panel is open
  const hint = useLabHint();
  const labHint = useRef(hint);
  labHint.current = hint;

  const run = useCallback(async () => {
    const h = host.current;
    const e = editor.current;
    if (!h || !e || h.isRunning) return;
    tty.current?.reset();
    setRunning(true);
    setLit(undefined);
    e.light(null);
    let result: RunResult;
    try {
      result = await h.run(e.text, file, args.trim() ? args.trim().split(/\s+/) : []);
    } catch (error) {
      result = { status: 1, error: error instanceof Error ? error.message : String(error) };
    }
    setRunning(false);
    if (result.error && h.state === 'failed') setStatus({ kind: 'failed', error: result.error });
    else if (result.killed || result.status === 130) setStatus({ kind: 'stopped', killed: result.killed === true });
    else setStatus({ kind: 'exited', status: result.status });
    const note = result.killed ? t('status.killed') : result.status === 130 ? t('status.stopped') : t('status.exited', { status: result.status });
    tty.current?.note(note);
    flushOutput.current();
    setRuns((n) => n + 1);
  }, [args, file, t]);

  const runRef = useRef(run);
  runRef.current = run;

  useEffect(() => {
    if (!editorBox.current || !screenBox.current) return;
    let latest: { line: number; call: string } | undefined;
    let frame = 0;
    let shown: { lines: readonly string[]; partial: string } | undefined;
    let outputFrame = 0;
    flushOutput.current = () => {
      cancelAnimationFrame(outputFrame);
      if (shown) setOutput({ lines: shown.lines.slice(-LIVE_LINES), total: shown.lines.length, partial: shown.partial });
      shown = undefined;
    };
    const screen = new ConsoleTerminal(screenBox.current, {
      ariaLabel: t('console', { file }),
      onData: (data) => tty.current?.input(data),
    });
    tty.current = new ProgramTty(
      screen,
      () => host.current?.stop(),
      // a program printing in a loop writes thousands of times a second: the live region (the last
      // lines, for screen readers) follows once per frame; the terminal shows every write at once
      (lines, partial) => {
        const first = shown === undefined;
        shown = { lines, partial };
        if (first) outputFrame = requestAnimationFrame(flushOutput.current);
      },
    );
    const link = new LabLink({
      ready: () => lab.ready(),
      newSocketId: (prefix) => lab.newSocketId(prefix),
      servers: () => lab.store.getState().servers,
      programs: lab.thread,
    });
    host.current = new PythonHost(link, {
      output: { write: (text, stream) => tty.current?.write(text, stream) },
      readLine: (signal) => tty.current?.readLine(signal) ?? Promise.resolve(null),
      hint: (code) => labHint.current(code),
      newSocketId: (prefix) => lab.newSocketId(prefix),
      noThreads: t('noThreads'),
      // a loop makes thousands of calls a second: light the latest once per frame
      onCall: (call, line) => {
        if (line <= 0) return;
        const first = latest === undefined;
        latest = { line, call };
        if (!first) return;
        frame = requestAnimationFrame(() => {
          if (latest) {
            editor.current?.light(latest.line);
            setLit(latest);
          }
          latest = undefined;
        });
      },
      onState: (state, detail) => {
        if (state === 'failed') setStatus({ kind: 'failed', error: detail?.error ?? '' });
        else if (state === 'loading' || state === 'running') setStatus({ kind: state });
        if (state === 'ready' && detail?.loadMs !== undefined) setStatus({ kind: 'ready' });
      },
    });
    editor.current = new ProgramEditor(editorBox.current, {
      doc: editedSource(lessonId, file, original) ?? original,
      label: t('editorLabel', { file }),
      onChange: (text) => {
        try {
          if (text === original) localStorage.removeItem(programKey(lessonId, file));
          else localStorage.setItem(programKey(lessonId, file), text);
        } catch {
          // storage full or refused: the edit still runs, it is only not kept
        }
        setEdited(text !== original);
      },
      onRun: () => void runRef.current(),
    });
    return () => {
      cancelAnimationFrame(frame);
      cancelAnimationFrame(outputFrame);
      host.current?.dispose();
      link.dispose();
      editor.current?.dispose();
      screen.dispose();
      host.current = undefined;
      editor.current = undefined;
      tty.current = undefined;
    };
    // the panel is made once per listing; t changes with the language but the objects need not
  }, [lab, file, original, lessonId]); // eslint-disable-line react-hooks/exhaustive-deps

  const reset = () => {
    if (!editor.current || editor.current.text === original) return;
    if (!window.confirm(t('resetConfirm'))) return;
    editor.current.setText(original);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(editor.current?.text ?? '');
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  const download = () => {
    const blob = new Blob([editor.current?.text ?? ''], { type: 'text/x-python;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };

  const statusText = (() => {
    switch (status.kind) {
      case 'cold':
        return t('status.cold');
      case 'loading':
        return t('status.loading');
      case 'ready':
        return t('status.ready');
      case 'running':
        return t('status.running');
      case 'exited':
        return t('status.exited', { status: status.status });
      case 'stopped':
        return status.killed ? t('status.killed') : t('status.stopped');
      case 'failed':
        return t('status.failed', { error: status.error });
    }
  })();

  return (
    <section
      className="program-panel"
      aria-label={t('label', { file })}
      data-panel-id={panelId}
      data-program-status={status.kind}
      data-program-running={running}
      data-program-runs={runs}
    >
      {!supported && (
        <p className="program-unsupported" role="alert">
          {t('unsupported')}
        </p>
      )}
      <div className="program-toolbar" role="toolbar" aria-label={t('toolbar', { file })}>
        <button type="button" className="program-run" onClick={() => void run()} disabled={running || !supported} title={t('runTitle')}>
          {t('run')}
        </button>
        <button type="button" className="program-stop" onClick={() => host.current?.stop()} disabled={!running}>
          {t('stop')}
        </button>
        <label className="program-args">
          <span>{t('args', { file })}</span>
          <input type="text" value={args} onChange={(e) => setArgs(e.target.value)} spellCheck={false} />
        </label>
        <button type="button" onClick={reset} disabled={!edited || running}>
          {t('reset')}
        </button>
        <button type="button" onClick={() => void copy()}>
          {copied ? t('copied') : t('copy')}
        </button>
        <button type="button" onClick={download}>
          {t('download')}
        </button>
      </div>
      <div ref={editorBox} className="program-editor" data-testid="program-editor" />
      <p className="program-status" role="status" data-testid="program-status">
        {statusText}
        {lit && <span className="program-lit"> · {t('lit', { line: lit.line, call: lit.call })}</span>}
      </p>
      <div ref={screenBox} className="console-screen program-screen" />
      <div className="console-live visually-hidden" aria-live="polite" data-testid="program-output">
        {output.lines.map((line, i) => (
          <div key={`${output.total}-${i}`}>{line}</div>
        ))}
        {output.partial && <div>{output.partial}</div>}
      </div>
    </section>
  );
}
