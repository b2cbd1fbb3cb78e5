// What every command of command mode works with: the console's sockets as the student named them,
// and the way to the bridge. A socket made with `socket udp` exists only here until a call needs
// the operating system (bind, sendto, connect, listen), as in Python, where socket() sends nothing.
import type { Address, Event } from '../../../protocol/messages.js';
import { isClosedState, isFinishedState, nextSocketState, socketRefusal, type Refusal, type SocketState } from '../../../protocol/socket-states.js';
import type { Dest } from './parse-args.js';
import type { ConsoleIO } from '../io.js';
import type { LabLink, Linked } from '../link.js';
import { resolveTarget } from '../../lab/targets.js';

export interface OwnSocket {
  name: string;
  proto: 'udp' | 'tcp';
  /** Its state by protocol/socket-states.ts, folded from the bridge's events as they arrive (the
   * bridge moved its own by the same table): CLOSED or unbound while only socket() made it. */
  state: SocketState;
  /** The bridge has let go of it (its socket.closed arrived): close() has nothing left to ask. */
  released?: boolean;
  /** For TCP: bind() before listen() keeps the address here; the lab binds when listen() runs. */
  bindTo?: { host?: string; port: number };
  local?: Address;
  peer?: Address;
  /** The welcoming socket an accepted connection came from. */
  parent?: string;
}

/** A socket only socket() made (or whose connect() failed): nothing of it exists outside this
 * console. A socket the bridge has let go of (both FINs gone by, a reset) is CLOSED too, with the
 * address it had. */
export function isFresh(socket: OwnSocket): boolean {
  return (socket.state === 'CLOSED' || socket.state === 'unbound') && socket.local === undefined;
}

/** The console's words (console.json `cmd.<key>`) for each reason the table refuses a call. */
export const REFUSAL_KEYS: Readonly<Record<Refusal, string>> = {
  notFresh: 'notFresh',
  notConnected: 'notConnected',
  notListening: 'notListening',
  welcoming: 'welcomingNoData',
  finSent: 'finSent',
  notBound: 'notBound',
};

/** Whether `call` fits the socket's state by the table; prints the table's reason when not. */
export function fits(ctx: CommandContext, socket: OwnSocket, call: string): boolean {
  const why = socketRefusal(socket.state, call);
  if (why === undefined) return true;
  // bind() twice has words of its own: a socket is bound once
  refuse(ctx, why === 'notFresh' && call === 'bind' ? 'alreadyBound' : REFUSAL_KEYS[why], { name: socket.name, call, state: socket.state });
  return false;
}

/** Connections kept for accept() at most, per table (the bridge's socket quota bounds the open ones). */
const BACKLOG_KEPT = 128;

export class SocketTable {
  private readonly sockets = new Map<string, OwnSocket>();
  /** Connections the kernel accepted on a welcoming socket of this table, followed until accept()
   * takes them: the peer may have sent its FIN before then. */
  private readonly backlog = new Map<string, OwnSocket>();
  /** The socket a command acts on when it names none: the one made or used last. */
  current: string | undefined;

  /** Folds one of the bridge's events into the state of the socket it names. */
  observe(e: Event): void {
    if (e.type === 'tcp.accepted' && this.sockets.has(e.sock)) {
      this.backlog.set(e.conn, { name: e.conn, proto: 'tcp', state: 'CLOSED', local: e.local, peer: e.remote, parent: e.sock });
      if (this.backlog.size > BACKLOG_KEPT) this.backlog.delete(this.backlog.keys().next().value!);
    }
    const id = e.type === 'tcp.accepted' ? e.conn : 'sock' in e ? e.sock : undefined;
    const socket = id === undefined ? undefined : (this.sockets.get(id) ?? this.backlog.get(id));
    if (!socket) return;
    if (e.type === 'socket.closed') socket.released = true;
    // a finished connection the bridge let go of stays the program's until its close()
    if (e.type === 'socket.closed' && isFinishedState(socket.state)) return;
    const next = nextSocketState(socket.state, e.type);
    // connect() again after a failed one: the bridge has the socket anew
    if (isClosedState(socket.state) && !isClosedState(next)) socket.released = false;
    socket.state = next;
  }

  /** accept(): the connection socket the kernel accepted, in the state its events left it. */
  take(conn: string): OwnSocket | undefined {
    const socket = this.backlog.get(conn);
    this.backlog.delete(conn);
    return socket;
  }

  add(socket: OwnSocket): void {
    this.sockets.set(socket.name, socket);
    this.current = socket.name;
  }

  get(name: string): OwnSocket | undefined {
    return this.sockets.get(name);
  }

  remove(name: string): void {
    this.sockets.delete(name);
    if (this.current === name) this.current = [...this.sockets.keys()].pop();
  }

  names(): string[] {
    return [...this.sockets.keys()];
  }

  all(): OwnSocket[] {
    return [...this.sockets.values()];
  }

  clear(): void {
    this.sockets.clear();
    this.backlog.clear();
    this.current = undefined;
  }
}

export interface CommandContext {
  io: ConsoleIO;
  link: LabLink;
  linked: Linked;
  table: SocketTable;
  signal: AbortSignal;
  /** How long recvfrom/recv/accept wait before the console stops waiting. */
  waitMs: number;
  /** Where sendto/connect go when the student names no DEST (the lesson's target). */
  target?: Dest;
}

/** The socket a command names, or the current one; prints why there is none. */
export function pick(ctx: CommandContext, name: string | undefined, call: string): OwnSocket | undefined {
  const chosen = name ?? ctx.table.current;
  const socket = chosen === undefined ? undefined : ctx.table.get(chosen);
  if (!socket) {
    ctx.io.print(ctx.io.t('cmd.noSocket', { call }), 'error');
    return undefined;
  }
  ctx.table.current = socket.name;
  return socket;
}

/** Prints why a call does not fit the socket (Python would raise OSError). */
export function refuse(ctx: CommandContext, key: string, vars: Record<string, unknown> = {}): void {
  ctx.io.print(ctx.io.t(`cmd.${key}`, vars), 'error');
}

/** A DEST (or the console's target) as an address: a lab server's name becomes the port the
 * bridge reports for it. */
export function destAddress(ctx: CommandContext, dest: Dest | undefined): { host: string; port: number } | undefined {
  const chosen = dest ?? ctx.target;
  if (!chosen) {
    ctx.io.print(ctx.io.t('parse.need-dest', { usage: 'HOST PORT' }), 'error');
    return undefined;
  }
  const resolved = resolveTarget(chosen, ctx.link.lab.servers());
  if (resolved.ok) return { host: resolved.host, port: resolved.port };
  ctx.io.print(ctx.io.t(`target.${resolved.reason}`, { server: resolved.server }), 'error');
  return undefined;
}
