// Lesson 6's frame decoder view. The page keeps a connection to the framed echo server; the student
// sends frames (one, two in one go, a trickled reply) or exact bytes (bad ones too), and sees, at
// both ends, what each recv() returned and what seed 002's decoder made of it.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { concatBytes } from '../../protocol/bytes.js';
import { encodeFrame } from '../../protocol/framing.js';
import { useLabState, useTraceFold } from '../lab/react.js';
import type { PanelProps } from '../panels/registry.js';
import type { SpecOf } from '../panels/types.js';
import { parseEscapes } from './bytes.js';
import { DecoderColumn } from './DecoderColumn.js';
import { runDecoder } from './decoder-run.js';
import { followedIn, followFold } from './follow.js';
import { useFramedSocket } from './use-framed-socket.js';
import './framing.css';
import { PanelError } from '../panels/PanelError.js';

/** Inputs the student can try with "send exactly these bytes": good, split, and bad. */
const EMPTY_RUN = runDecoder([]);

const EXAMPLES = ['5 hello', '5 he', 'llo', 'hello', '99999 ', '2 \\xff\\xfe'];

export function FrameDecoderPanel({ spec, panelId }: PanelProps<SpecOf<'frame-decoder'>>) {
  const { t } = useTranslation('framing');
  const name = spec.server ?? 'framed-echo';
  const server = useLabState((s) => s.servers.find((x) => x.name === name && x.state === 'running'));
  const socket = useFramedSocket(name);
  const [text, setText] = useState('hello');
  const [inputError, setInputError] = useState<string | undefined>();

  // the connection of this panel's own Live section, never another console's
  const port = server?.port;
  const serverSock = server?.sock;
  const fold = useMemo(
    () => (port !== undefined && serverSock !== undefined && socket.sock ? followFold({ port, sock: serverSock }, socket.sock) : undefined),
    [port, serverSock, socket.sock],
  );
  // each event is read once, as it comes; the decoder runs again only when something new was folded in
  const view = useTraceFold(fold, (state) => {
    const { followed, pageChunks, labChunks } = followedIn(state);
    return { followed, pageRun: runDecoder(pageChunks), labRun: runDecoder(labChunks) };
  });
  const followed = view?.followed;
  const pageRun = view?.pageRun ?? EMPTY_RUN;
  const labRun = view?.labRun ?? EMPTY_RUN;

  const bytes = (): Uint8Array | undefined => {
    const parsed = parseEscapes(text);
    if (parsed.ok) {
      setInputError(undefined);
      return parsed.bytes;
    }
    setInputError(t('composer.badEscape', { what: parsed.what }));
    return undefined;
  };
  const act = (make: (b: Uint8Array) => Uint8Array[]) => {
    const b = bytes();
    if (b) void socket.send(...make(b));
  };
  const utf8 = new TextEncoder();
  const titleId = `${panelId}-title`;

  return (
    <section className="frame-panel" aria-labelledby={titleId} data-testid="frame-decoder">
      <h2 className="panel-title" id={titleId}>
        {t('title', { server: name, port: server?.port ?? '?' })}
      </h2>
      <form className="frame-composer" onSubmit={(e) => (e.preventDefault(), act((b) => [encodeFrame(b)]))}>
        <label>
          <span>{t('composer.label')}</span>
          <input value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} data-testid="frame-input" />
        </label>
        <div className="frame-buttons">
          <button type="submit" data-testid="send-frame">
            {t('composer.frame')}
          </button>
          {/* both frames in one send(), so they reach the server's recv() together whatever the
              timing (two send() calls on loopback often come apart: the lesson says so) */}
          <button type="button" data-testid="send-two" onClick={() => act((b) => [concatBytes(encodeFrame(b), encodeFrame(b))])}>
            {t('composer.two')}
          </button>
          <button type="button" data-testid="send-trickle" onClick={() => act((b) => [encodeFrame(new Uint8Array([...utf8.encode('trickle '), ...b]))])}>
            {t('composer.trickle')}
          </button>
          <button type="button" data-testid="send-raw" onClick={() => act((b) => [b])}>
            {t('composer.raw')}
          </button>
          <button type="button" data-testid="close-socket" onClick={socket.close} disabled={!socket.open}>
            {t('composer.close')}
          </button>
        </div>
        <p className="frame-hint">
          {t('composer.hint')}{' '}
          {EXAMPLES.map((x) => (
            <button key={x} type="button" className="frame-example" onClick={() => setText(x)}>
              <code>{x}</code>
            </button>
          ))}
        </p>
        {inputError && (
          <p className="frame-bad" role="alert">
            {inputError}
          </p>
        )}
        {!inputError && socket.error && <PanelError failure={socket.error} />}
      </form>
      <p className="frame-connection" data-testid="frame-connection">
        {!server
          ? t('notRunning', { server: name })
          : !followed
            ? t('noConnection')
            : t(followed.pageClosed ? 'closed' : followed.peerClosed ? 'serverClosed' : 'following', { sock: followed.page, port: followed.localPort })}
      </p>
      <div className="frame-sides">
        <DecoderColumn side="lab" title={t('side.lab')} sock={followed?.lab} run={labRun} />
        <DecoderColumn side="page" title={t('side.page')} sock={followed?.page} run={pageRun} />
      </div>
    </section>
  );
}
