// The line above a console that says which socket it is and where it talks:
// "UDP client socket udp-client-1 · 127.0.0.1:54321 → 127.0.0.1:12000".
import { useTranslation } from 'react-i18next';
import { useLabState } from '../lab/react.js';
import type { SpecOf } from '../panels/types.js';
import { defaultTarget, resolveTarget } from '../lab/targets.js';
import { hostPort } from './text.js';

export function ConsoleHeader({ spec, sock, commandMode }: { spec: SpecOf<'console'>; sock: string | undefined; commandMode: boolean }) {
  const { t } = useTranslation('console');
  const socket = useLabState((s) => (sock ? s.sockets[sock] : undefined));
  const servers = useLabState((s) => s.servers);
  const proto = spec.proto.toUpperCase();
  const name = sock ?? t(commandMode ? 'panel.header.noSocket' : 'panel.header.notOpen');

  let title: string;
  let remote: string | undefined;
  if (commandMode) {
    title = sock ? t('panel.header.command', { sock }) : t('panel.header.commandNone');
    if (socket?.remote) remote = hostPort(socket.remote);
  } else if (spec.role === 'server') {
    title = t('panel.header.server', { proto, sock: name });
  } else {
    title = t('panel.header.client', { proto, sock: name });
    const target = resolveTarget(spec.target ?? defaultTarget(spec.proto), servers);
    remote = socket?.remote ? hostPort(socket.remote) : target.ok ? hostPort({ address: target.host, port: target.port }) : undefined;
  }
  const local = socket?.local ? hostPort(socket.local) : undefined;
  const where = [local, remote].filter(Boolean).join(' → ');
  const state = socket && socket.state !== 'bound' ? ` (${socket.state})` : '';

  return (
    <div className="console-header" data-testid="console-header">
      {spec.label && (
        <span className="console-label" data-testid="console-label">
          {spec.label}
        </span>
      )}
      <span className="console-title">{title}</span>
      {where && <span className="console-where"> · {where}</span>}
      {state && <span className="console-state">{state}</span>}
    </div>
  );
}
