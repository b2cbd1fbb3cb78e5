// Every open socket, live: the page's and the lab's, with kind, addresses and state. Connection
// sockets stand indented under the welcoming socket that accepted them, with their 4-tuple; a
// socket that closes shows CLOSED (a UDP socket: closed) for a moment, then goes. The states are
// the bridge's, folded by protocol/socket-states.ts (web/lab/state.ts).
import { useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabState } from '../lab/react.js';
import type { SocketView } from '../lab/state.js';
import { addrKey } from '../flow/addresses.js';
import type { Translate } from '../flow/describe.js';
import { socketTree, type SocketEntry } from '../flow/sockets-view.js';
import { isClosedState } from '../../protocol/socket-states.js';
import '../flow/sockets.css';
import type { PanelProps } from './registry.js';
import type { SpecOf } from './types.js';

/** How long a closed socket stays on screen. */
const CLOSED_SHOWN_MS = 2500;

/** Sockets seen closing while this panel was open, and when (ms). Ones closed before it opened
 * are never shown. */
function useClosing(sockets: Readonly<Record<string, SocketView>>): Set<string> {
  const seenOpen = useRef(new Set<string>());
  const closedAt = useRef(new Map<string, number>());
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const now = Date.now();
  for (const s of Object.values(sockets)) {
    if (!isClosedState(s.state)) seenOpen.current.add(s.id);
    else if (seenOpen.current.delete(s.id)) closedAt.current.set(s.id, now);
  }
  for (const [id, at] of closedAt.current) if (now - at > CLOSED_SHOWN_MS) closedAt.current.delete(id);
  const pending = closedAt.current.size > 0;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(redraw, CLOSED_SHOWN_MS / 5);
    return () => clearTimeout(timer);
  });
  return new Set(closedAt.current.keys());
}

function SocketItem({ entry, t }: { entry: SocketEntry; t: Translate }) {
  const s = entry.socket;
  const connected = entry.role === 'tcp' || entry.role === 'client';
  return (
    <li>
      <div
        className="socket-row"
        data-testid="socket-row"
        data-sock={s.id}
        data-state={s.state}
        data-kind={s.kind}
        data-role={entry.role}
        data-owner={s.owner}
        data-parent={s.parent}
        data-local={s.local ? addrKey(s.local) : undefined}
        data-remote={s.remote ? addrKey(s.remote) : undefined}
      >
        <span className="socket-kind">{t(`sockets.kind.${entry.role}`)}</span>
        <span className="socket-id">{s.id}</span>
        <span className="socket-addr">
          {s.local ? addrKey(s.local) : '—'}
          {connected && s.remote ? ` ↔ ${addrKey(s.remote)}` : ''}
        </span>
        <span className="socket-state" data-state={s.state} title={t(`sockets.stateMeaning.${s.state}`)}>
          {s.state}
        </span>
        {entry.role === 'welcoming' && entry.connections.length > 0 ? (
          <span className="socket-kind">{t('sockets.connections', { count: entry.connections.length })}</span>
        ) : null}
      </div>
      {entry.connections.length > 0 ? (
        <ul aria-label={t('sockets.connections', { count: entry.connections.length })}>
          {entry.connections.map((c) => (
            <SocketItem key={c.socket.id} entry={c} t={t} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

export function SocketsPanel({ panelId }: PanelProps<SpecOf<'sockets'>>) {
  const { t: translate } = useTranslation('flow');
  const t = translate as unknown as Translate;
  const sockets = useLabState((s) => s.sockets);
  const servers = useLabState((s) => s.servers);
  const closing = useClosing(sockets);
  const { page, lab } = socketTree(sockets, servers, closing);
  const section = (title: string, entries: SocketEntry[], owner: string) => (
    <div className="sockets-section" data-owner={owner}>
      <h4>{title}</h4>
      {entries.length > 0 ? (
        <ul aria-label={title}>
          {entries.map((e) => (
            <SocketItem key={e.socket.id} entry={e} t={t} />
          ))}
        </ul>
      ) : (
        <p className="sockets-empty">{t('sockets.empty')}</p>
      )}
    </div>
  );
  return (
    <section className="sockets" data-testid="sockets-panel" data-panel-id={panelId} aria-label={t('sockets.title')}>
      {section(t('sockets.page'), page, 'page')}
      {section(t('sockets.lab'), lab, 'lab')}
    </section>
  );
}
