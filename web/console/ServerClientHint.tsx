// Under a server console: the command a student runs in a terminal to be its client, with a copy
// button. The textbook's client has the port in its source (serverPort = 12000), so the hint
// says which number to put there.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabState } from '../lab/react.js';
import { clipboard } from '../shell/browser.js';
import type { SpecOf } from '../panels/types.js';

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation('console');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    const done = (result: 'copied' | 'failed') => {
      setState(result);
      setTimeout(() => setState('idle'), 2000);
    };
    // the clipboard API needs a secure context; 127.0.0.1 and localhost are one
    const board = clipboard();
    if (!board) return done('failed');
    board.writeText(text).then(
      () => done('copied'),
      () => done('failed'),
    );
  };
  return (
    <button type="button" className="console-copy" onClick={copy} aria-label={`${t('panel.copy')}: ${text}`}>
      {state === 'copied' ? t('panel.copied') : state === 'failed' ? t('panel.copyFailed') : t('panel.copy')}
    </button>
  );
}

function Command({ text }: { text: string }) {
  return (
    <div className="console-command">
      <code data-testid="console-client-command">{text}</code>
      <CopyButton text={text} />
    </div>
  );
}

export function ServerClientHint({ spec, sock }: { spec: SpecOf<'console'>; sock: string | undefined }) {
  const { t } = useTranslation('console');
  const local = useLabState((s) => (sock ? s.sockets[sock]?.local : undefined));
  const port = local?.port ?? spec.port;
  if (!port) return null;
  const file = spec.proto === 'udp' ? 'UDPClient.py' : 'TCPClient.py';
  return (
    <div className="console-hint">
      <p>{t('panel.runClient', { file, port })}</p>
      <Command text={`python3 ${file}`} />
      <p>{t('panel.orNetcat')}</p>
      <Command text={spec.proto === 'udp' ? `nc -u 127.0.0.1 ${port}` : `nc 127.0.0.1 ${port}`} />
    </div>
  );
}
