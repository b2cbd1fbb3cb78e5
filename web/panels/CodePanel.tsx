// A lesson's Python listing with line numbers and colours; the line of the latest socket call
// (on the page's sockets or the lab server's, as the spec says) is lit as it happens.
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab, useLabState } from '../lab/react.js';
import { useLesson } from '../lessons/context.js';
import { litLine } from '../lessons/lit-line.js';
import { tokenizePython } from '../lessons/python.js';
import type { ListingCall } from '../lessons/schema.js';
import type { PanelProps } from './registry.js';
import type { SpecOf } from './types.js';

// the editor, Python and its console load only when a student first asks for them
const ProgramPanel = lazy(() => import('../python/ProgramPanel.js').then((m) => ({ default: m.ProgramPanel })));

export function CodePanel({ spec, panelId }: PanelProps<SpecOf<'code'>>) {
  const { t } = useTranslation('lessons');
  const { t: tp } = useTranslation('python');
  const lab = useLab();
  const lesson = useLesson();
  const listing = lesson.listings[spec.listing];
  const [editing, setEditing] = useState(false);
  // light only what happens from now on, not what an earlier lesson did
  const [since] = useState(() => lab.store.getState().nextSeq);
  const trace = useLabState((s) => s.trace);
  const sockets = useLabState((s) => s.sockets);
  const lines = useMemo(() => tokenizePython(listing?.source ?? ''), [listing]);
  const tags = useMemo(() => {
    const byLine = new Map<number, ListingCall>();
    for (const [call, line] of Object.entries(listing?.lines ?? {})) if (!byLine.has(line)) byLine.set(line, call as ListingCall);
    return byLine;
  }, [listing]);
  const lit = useMemo(
    () => (listing ? litLine(trace, sockets, spec.follows, listing.lines, since) : undefined),
    [trace, sockets, spec.follows, listing, since],
  );
  if (!listing) return null;
  const captionId = `${panelId}-caption`;
  return (
    <figure className="code-panel" data-follows={spec.follows} data-lit-call={lit?.call} data-lit-line={lit?.line}>
      <figcaption id={captionId}>
        <span className="code-file">{listing.file}</span>
        <span className="code-follows">{spec.follows === 'page' ? t('code.followsPage') : t('code.followsLab')}</span>
        <ListingActions file={listing.file} source={listing.source} />
        <button type="button" className="code-edit" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
          {editing ? tp('closeEditor') : tp('editAndRun')}
        </button>
      </figcaption>
      {/* focusable so keyboard users can scroll a long listing; Ctrl+A selects the listing only */}
      <pre className="code" tabIndex={0} aria-labelledby={captionId} onKeyDown={selectListingOnly}>
        <code>
          {lines.map((tokens, i) => {
            const n = i + 1;
            const isLit = lit?.line === n;
            const next = lit?.next.find((x) => x.line === n);
            return (
              <span
                key={n}
                className="code-line"
                data-testid="code-line"
                data-line={n}
                data-call={isLit ? lit.call : (next?.call ?? tags.get(n))}
                data-lit={isLit ? 'true' : next ? 'next' : undefined}
                aria-current={isLit ? 'step' : undefined}
              >
                <span className="code-ln" aria-hidden="true">
                  {n}
                </span>
                <span className="code-src">
                  {tokens.map((tok, j) =>
                    tok.kind === 'space' || tok.kind === 'name' || tok.kind === 'op' ? (
                      tok.text
                    ) : (
                      <span key={j} className={`tok-${tok.kind}`}>
                        {tok.text}
                      </span>
                    ),
                  )}
                  {'\n'}
                </span>
              </span>
            );
          })}
        </code>
      </pre>
      <p className="code-status visually-hidden" aria-live="polite">
        {lit ? t('code.lit', { line: lit.line, call: lit.call }) : t('code.idle')}
      </p>
      {editing && (
        <Suspense fallback={<p className="program-loading">{t('panel.loading')}</p>}>
          <ProgramPanel file={listing.file} original={listing.source} lessonId={lesson.id} panelId={`${panelId}-program`} />
        </Suspense>
      )}
    </figure>
  );
}

/** Ctrl+A (Cmd+A) in a listing selects the listing, not the whole page. */
function selectListingOnly(e: KeyboardEvent<HTMLPreElement>) {
  if (e.key.toLowerCase() !== 'a' || !(e.ctrlKey || e.metaKey) || e.altKey) return;
  e.preventDefault();
  const range = document.createRange();
  range.selectNodeContents(e.currentTarget);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/** "Copy" and "Download" for a listing the lesson asks the student to save and run. */
function ListingActions({ file, source }: { file: string; source: string }) {
  const { t } = useTranslation('lessons');
  const [said, setSaid] = useState<'copied' | 'copyFailed' | undefined>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const tell = (what: 'copied' | 'copyFailed') => {
    setSaid(what);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSaid(undefined), 4000);
  };
  const copy = () => {
    // the Clipboard API needs a secure context (127.0.0.1 and localhost are; a classroom LAN
    // address is not); without it, say how to copy by hand
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) return tell('copyFailed');
    clipboard.writeText(source).then(
      () => tell('copied'),
      () => tell('copyFailed'),
    );
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/x-python;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  };
  return (
    <span className="code-actions">
      <button type="button" onClick={copy} data-testid="code-copy" aria-label={t('code.copyFile', { file })}>
        {t('code.copy')}
      </button>
      <button type="button" onClick={download} data-testid="code-download" aria-label={t('code.downloadFile', { file })}>
        {t('code.download')}
      </button>
      <span role="status" className="code-said" data-testid="code-said" data-said={said}>
        {said ? t(`code.${said}`) : ''}
      </span>
    </span>
  );
}
