// The sockets panel's rows: every open socket, the lab's servers included, with each connection
// socket under the welcoming socket accept() made it from.
import type { LabServerStatus } from '../../protocol/messages.js';
import type { SocketView } from '../lab/state.js';
import { LAB_HOST } from './addresses.js';
import { isClosedState, nextTcpState, nextUdpState } from '../../protocol/socket-states.js';

export type SocketRole = 'udp' | 'welcoming' | 'tcp' | 'client';

export interface SocketEntry {
  socket: SocketView;
  /** udp, welcoming, tcp (a connection socket from accept()) or client (from connect()). */
  role: SocketRole;
  connections: SocketEntry[];
}

/** The lab's servers report their bind()/listen() when the bridge starts, before any page is
 * there to see it: they are described from the server list instead. */
function serverSocket(s: LabServerStatus): SocketView {
  return {
    id: s.sock,
    kind: s.proto === 'udp' ? 'udp' : 'welcoming',
    owner: 'lab',
    state: s.proto === 'udp' ? nextUdpState('unbound', 'udp.bound') : nextTcpState('CLOSED', 'tcp.listening'),
    local: { address: LAB_HOST, port: s.port, family: 'IPv4' },
    openedAt: 0,
  };
}

/** Sockets to show: open ones, and closed ones still in `closing` (fading out). */
export function socketTree(
  sockets: Readonly<Record<string, SocketView>>,
  servers: readonly LabServerStatus[],
  closing: ReadonlySet<string> = new Set(),
): { page: SocketEntry[]; lab: SocketEntry[] } {
  const shown = new Map<string, SocketView>();
  for (const s of servers) if (s.state === 'running') shown.set(s.sock, serverSocket(s));
  for (const s of Object.values(sockets)) {
    if (!isClosedState(s.state) || closing.has(s.id)) shown.set(s.id, s);
    else if (shown.has(s.id)) shown.delete(s.id); // a lab server that stopped
  }
  const entries = new Map<string, SocketEntry>();
  for (const s of shown.values()) {
    const role: SocketRole = s.kind === 'udp' ? 'udp' : s.kind === 'welcoming' ? 'welcoming' : s.parent ? 'tcp' : 'client';
    entries.set(s.id, { socket: s, role, connections: [] });
  }
  const top: SocketEntry[] = [];
  for (const e of entries.values()) {
    const parent = e.socket.parent ? entries.get(e.socket.parent) : undefined;
    if (parent) parent.connections.push(e);
    else top.push(e);
  }
  const byOpened = (a: SocketEntry, b: SocketEntry) => a.socket.openedAt - b.socket.openedAt || a.socket.id.localeCompare(b.socket.id);
  for (const e of entries.values()) e.connections.sort(byOpened);
  const serverOrder = (id: string) => {
    const i = servers.findIndex((s) => s.sock === id);
    return i < 0 ? servers.length : i;
  };
  return {
    page: top.filter((e) => e.socket.owner === 'page').sort(byOpened),
    lab: top.filter((e) => e.socket.owner === 'lab').sort((a, b) => serverOrder(a.socket.id) - serverOrder(b.socket.id) || byOpened(a, b)),
  };
}
