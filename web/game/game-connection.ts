// The page's player: one TCP connection to the lab's game server, through the bridge, speaking
// the framed JSON protocol. Request/reply, one request at a time, as the seed's client does: the
// next request goes out when the reply to the last one has come, so the nth reply always answers
// the nth request. No DOM, no React: the panels subscribe to its snapshots, the tests drive it
// with a real LabClient.
import { fromBase64, type LabClient } from '../../protocol/client.js';
import type { Address, Event, LabServerStatus } from '../../protocol/messages.js';
import { encodeRequest, ReplyReader, type GameReply, type WireFrame } from './game-protocol.js';
import { mapFromUpdate, type GameMap } from './map-state.js';

export interface GameAccess {
  /** Resolves with the connected client (waits while the bridge is away). */
  ready(): Promise<LabClient>;
  /** A socket id not used before in this page. */
  newSocketId(prefix: string): string;
  servers(): readonly LabServerStatus[];
}

/** One frame in the panel's log: a request the page sent or a reply it read. */
export interface LogEntry {
  id: number;
  dir: 'out' | 'in';
  frame?: WireFrame;
  reply?: GameReply;
  /** A frame that is not a reply, or a stream that ended. */
  problem?: string;
  /** Sent by the map's polling, not by the student. */
  auto: boolean;
}

export type GameStatus = 'idle' | 'connecting' | 'open' | 'closed';

export interface GameSnapshot {
  status: GameStatus;
  sock?: string;
  local?: Address;
  remote?: Address;
  /** Logged in as (the server's state machine, as this connection's replies tell it). */
  player?: string;
  map?: GameMap;
  /** How many ["update"] replies have been read: the map's age. */
  updates: number;
  /** The flags of the latest reply. */
  flags: string[];
  log: LogEntry[];
  failure?: { code: string; message: string };
  busy: boolean;
}

export type Outcome = { ok: true; reply: GameReply } | { ok: false; code: string; message: string };

const LAB_HOST = '127.0.0.1';
/** The game server answers at once; this only catches a reply that never comes. */
export const REPLY_TIMEOUT_MS = 5000;
/** The log keeps this many frames. */
export const LOG_LIMIT = 200;

interface Waiter {
  resolve(outcome: Outcome): void;
  timer: ReturnType<typeof setTimeout>;
}

export class GameConnection {
  private snapshot: GameSnapshot = { status: 'idle', updates: 0, flags: [], log: [], busy: false };
  private readonly listeners = new Set<() => void>();
  private client: LabClient | undefined;
  private stopListening: (() => void) | undefined;
  private reader = new ReplyReader();
  private waiter: Waiter | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private nextId = 1;
  private lastSentAuto = false;
  private disposed = false;

  constructor(
    private readonly access: GameAccess,
    readonly server = 'game',
    private readonly timeoutMs = REPLY_TIMEOUT_MS,
  ) {}

  getSnapshot = (): GameSnapshot => this.snapshot;

  get isDisposed(): boolean {
    return this.disposed;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Sends one request and resolves with its reply. Requests wait their turn; an automatic one
   * (the map's polling) is skipped instead when anything is already waiting. */
  send(request: readonly unknown[], options: { auto?: boolean } = {}): Promise<Outcome> {
    const auto = options.auto ?? false;
    if (auto && this.inFlight > 0) return Promise.resolve({ ok: false, code: 'BUSY', message: 'another request is on its way' });
    this.inFlight++;
    this.set({ busy: true });
    const run = this.queue.then(() => this.exchange(request, auto));
    this.queue = run.catch(() => undefined);
    return run.finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) this.set({ busy: false });
    });
  }

  /** close(): the server sees the connection end and the player leaves the map. */
  close(): void {
    const { sock } = this.snapshot;
    if (sock && this.snapshot.status !== 'closed') this.client?.closeSocket(sock).catch(() => undefined);
    this.ended('closed', undefined);
  }

  /** Closes the connection and forgets the listeners. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.close();
    this.disposed = true;
    this.listeners.clear();
  }

  private async exchange(request: readonly unknown[], auto: boolean): Promise<Outcome> {
    if (this.disposed) return { ok: false, code: 'CLOSED', message: 'the panel is gone' };
    const opened = await this.open();
    if (!opened.ok) return opened;
    const { client, sock } = opened;
    const { frame, bytes } = encodeRequest(request);
    this.log({ dir: 'out', frame, auto });
    const reply = new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve({ ok: false, code: 'TIMEOUT', message: `no reply within ${this.timeoutMs / 1000} s` });
      }, this.timeoutMs);
      this.waiter = { resolve, timer };
    });
    try {
      await client.tcpSend(sock, bytes);
    } catch (error) {
      this.settle(failure(error));
    }
    const outcome = await reply;
    if (outcome.ok) this.understand(request, outcome.reply);
    return outcome;
  }

  /** The connection, opened on the first request: socket(), connect(). */
  private async open(): Promise<{ ok: true; client: LabClient; sock: string } | Extract<Outcome, { ok: false }>> {
    const client = await this.access.ready();
    if (this.snapshot.status === 'open' && this.client === client && this.snapshot.sock) return { ok: true, client, sock: this.snapshot.sock };
    const server = this.access.servers().find((s) => s.name === this.server);
    if (!server || server.state !== 'running') {
      const outcome = { ok: false as const, code: 'NO_SERVER', message: `the lab's ${this.server} server is not running` };
      this.set({ failure: outcome });
      return outcome;
    }
    const sock = this.access.newSocketId('game');
    this.listen(client, sock);
    this.reader = new ReplyReader();
    this.set({ status: 'connecting', sock, player: undefined, local: undefined, remote: undefined, failure: undefined, flags: [] });
    try {
      const done = await client.tcpConnect(sock, LAB_HOST, server.port);
      if (this.snapshot.sock !== sock) return { ok: false, code: 'CLOSED', message: 'closed while connecting' };
      this.set({ status: 'open', local: done.local, remote: done.remote });
      return { ok: true, client, sock };
    } catch (error) {
      const outcome = failure(error);
      this.ended('closed', outcome);
      return outcome;
    }
  }

  private listen(client: LabClient, sock: string): void {
    this.stopListening?.();
    this.client = client;
    const stop = client.onEvent((event) => this.arrived(sock, event));
    this.stopListening = stop;
    // the bridge connection went away: every socket of the session went with it
    client.socket.addEventListener('close', () => {
      if (this.client === client && this.snapshot.sock === sock) this.ended('closed', { code: 'LAB_CLOSED', message: 'the connection to the bridge closed' });
    });
  }

  private arrived(sock: string, event: Event): void {
    if (!('sock' in event) || event.sock !== sock || this.snapshot.sock !== sock) return;
    switch (event.type) {
      case 'tcp.received':
        for (const item of this.reader.push(fromBase64(event.data))) {
          if (item.kind === 'reply') {
            this.log({ dir: 'in', frame: item.frame, reply: item.reply, auto: false });
            this.settle({ ok: true, reply: item.reply });
          } else {
            this.log({ dir: 'in', frame: item.frame, problem: item.message, auto: false });
            this.settle({ ok: false, code: 'BAD_REPLY', message: item.message });
          }
        }
        return;
      case 'tcp.peerClosed':
        this.log({ dir: 'in', problem: 'the server closed the connection (FIN)', auto: false });
        this.close();
        return;
      case 'tcp.reset':
        this.ended('closed', { code: event.code, message: 'the connection was reset' });
        return;
      case 'socket.closed':
        if (this.snapshot.status !== 'closed') this.ended('closed', undefined);
        return;
      case 'socket.error':
        if (this.snapshot.status === 'open') this.ended('closed', { code: event.code, message: event.message });
        return;
      default:
        return;
    }
  }

  /** What a reply tells the page about the server's state: logged in, the map. */
  private understand(request: readonly unknown[], reply: GameReply): void {
    const command = request[0];
    const patch: Partial<GameSnapshot> = { flags: reply.flags };
    if (reply.ok && (command === 'login' || command === 'new') && reply.result === true) patch.player = String(request[1]);
    if (!reply.ok && reply.error.error === 'LOGIN_REQUIRED') patch.player = undefined;
    if (reply.ok && command === 'update') {
      const map = mapFromUpdate(reply.result);
      if (map) {
        patch.map = map;
        patch.updates = this.snapshot.updates + 1;
      }
    }
    this.set(patch);
  }

  private settle(outcome: Outcome): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = undefined;
    clearTimeout(waiter.timer);
    waiter.resolve(outcome);
  }

  private ended(status: GameStatus, why: { code: string; message: string } | undefined): void {
    this.stopListening?.();
    this.stopListening = undefined;
    this.settle({ ok: false, code: why?.code ?? 'CLOSED', message: why?.message ?? 'the connection closed' });
    if (this.snapshot.status === 'idle' && !why) return;
    this.set({ status, player: undefined, ...(why ? { failure: why } : {}) });
  }

  private log(entry: Omit<LogEntry, 'id'>): void {
    // a reply is automatic when the request it answers was
    const auto = entry.dir === 'in' ? this.lastSentAuto : entry.auto;
    if (entry.dir === 'out') this.lastSentAuto = entry.auto;
    const log = [...this.snapshot.log, { ...entry, auto, id: this.nextId++ }];
    this.set({ log: log.length > LOG_LIMIT ? log.slice(log.length - LOG_LIMIT) : log });
  }

  private set(patch: Partial<GameSnapshot>): void {
    if (this.disposed) return;
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

function failure(error: unknown): Extract<Outcome, { ok: false }> {
  const e = error as { code?: string; message?: string };
  return { ok: false, code: e.code ?? 'ERROR', message: e.message ?? String(error) };
}
