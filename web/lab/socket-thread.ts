// The page's side of the socket worker (socket-worker.ts), which holds the page's WebSocket to the
// bridge so that Python programs' calls are answered off the main thread. The Lab gets a
// WebSocket-like ThreadSocket from `open` and sees every frame as before; a Python interpreter
// gets its channel to the worker from `attach`. If the worker cannot start, the page falls back
// to a WebSocket of its own (and the programs' calls to the page).
import type { WebSocketLike } from '../../protocol/client.js';
import type { ChannelBuffers } from '../python/channel.js';
import type { FromSocketWorker, SocketMessage, ToSocketWorker } from './socket-relay.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

type Listeners = {
  open: Set<() => void>;
  message: Set<(ev: { data: unknown }) => void>;
  error: Set<(ev: unknown) => void>;
  close: Set<(ev: { code: number; reason: string }) => void>;
};

/** A WebSocket held by the socket worker, as the page's LabClient sees it. */
export class ThreadSocket implements WebSocketLike {
  readyState = CONNECTING;
  private readonly listeners: Listeners = { open: new Set(), message: new Set(), error: new Set(), close: new Set() };
  /** The browser's own WebSocket, once the worker could not start. */
  private direct: WebSocketLike | undefined;

  constructor(
    readonly url: string,
    private readonly post: (message: SocketMessage) => void,
    readonly id: number,
  ) {}

  send(data: string): void {
    if (this.direct) return this.direct.send(data);
    if (this.readyState === CONNECTING) throw new Error('InvalidStateError: still connecting');
    if (this.readyState === OPEN) this.post({ kind: 'send', id: this.id, data });
  }

  close(code?: number, reason?: string): void {
    if (this.direct) return this.direct.close(code, reason);
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.post({ kind: 'close', id: this.id, ...(code === undefined ? {} : { code }), ...(reason === undefined ? {} : { reason }) });
  }

  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (ev: unknown) => void): void;
  addEventListener(type: keyof Listeners, listener: (ev: never) => void): void {
    (this.listeners[type] as Set<unknown>).add(listener);
  }

  /** What the worker reported for this socket. */
  receive(message: Exclude<FromSocketWorker, { kind: 'started' }>): void {
    switch (message.kind) {
      case 'open':
        this.readyState = OPEN;
        for (const listener of this.listeners.open) listener();
        return;
      case 'message':
        for (const listener of this.listeners.message) listener({ data: message.data });
        return;
      case 'messages':
        for (const data of message.data) for (const listener of this.listeners.message) listener({ data });
        return;
      case 'error':
        for (const listener of this.listeners.error) listener({});
        return;
      case 'close':
        this.readyState = CLOSED;
        for (const listener of this.listeners.close) listener({ code: message.code, reason: message.reason });
        return;
      default:
        message satisfies never;
    }
  }

  /** The worker could not start: go on over a WebSocket of the page's own. */
  useDirect(open: (url: string) => WebSocketLike): void {
    if (this.readyState !== CONNECTING) return this.receive({ kind: 'close', id: this.id, code: 1006, reason: '' });
    const direct = open(this.url);
    this.direct = direct;
    direct.addEventListener('open', () => this.receive({ kind: 'open', id: this.id }));
    direct.addEventListener('message', (ev) => {
      if (typeof ev.data === 'string') this.receive({ kind: 'message', id: this.id, data: ev.data });
    });
    direct.addEventListener('error', () => this.receive({ kind: 'error', id: this.id }));
    direct.addEventListener('close', (ev) => this.receive({ kind: 'close', id: this.id, code: ev.code, reason: ev.reason }));
  }
}

/** The part of a Worker used here (the tests pass a fake). */
export interface WorkerLike {
  postMessage(message: ToSocketWorker, transfer?: Transferable[]): void;
  onmessage: ((ev: MessageEvent<FromSocketWorker>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  terminate(): void;
}

/** A Python interpreter's channel to the socket worker: `program` goes to the Python worker,
 * `host` stays with the page. */
export interface ProgramPorts {
  program: MessagePort;
  host: MessagePort;
}

const browserWorker = (): WorkerLike => new Worker(new URL('./socket-worker.ts', import.meta.url), { type: 'module', name: 'sockets' });
const browserOpen = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

export class SocketThread {
  private worker: WorkerLike | undefined;
  /** The worker said it started: an error after that is not a failure to start. */
  private started = false;
  private broken = false;
  private readonly sockets = new Map<number, ThreadSocket>();
  private ids = 0;

  constructor(
    private readonly create: () => WorkerLike = browserWorker,
    private readonly openDirect: (url: string) => WebSocketLike = browserOpen,
  ) {}

  /** The Lab's way to open its WebSocket. */
  readonly open = (url: string): WebSocketLike => {
    const worker = this.start();
    if (!worker) return this.openDirect(url);
    const id = ++this.ids;
    const socket = new ThreadSocket(url, (message) => worker.postMessage(message), id);
    this.sockets.set(id, socket);
    socket.addEventListener('close', () => this.sockets.delete(id));
    worker.postMessage({ kind: 'open', id, url });
    return socket;
  };

  /** Connects an interpreter's channel to the socket worker; undefined when there is no worker
   * (the page answers that interpreter's calls itself). */
  attach(buffers: ChannelBuffers): ProgramPorts | undefined {
    const worker = this.worker;
    if (!worker || this.broken) return undefined;
    const program = new MessageChannel();
    const host = new MessageChannel();
    worker.postMessage({ kind: 'attach', buffers, program: program.port2, host: host.port2 }, [program.port2, host.port2]);
    return { program: program.port1, host: host.port1 };
  }

  private start(): WorkerLike | undefined {
    if (this.broken) return undefined;
    if (this.worker) return this.worker;
    let worker: WorkerLike;
    try {
      worker = this.create();
    } catch {
      this.broken = true;
      return undefined;
    }
    this.worker = worker;
    worker.onmessage = (ev) => {
      const message = ev.data;
      if (message.kind === 'started') {
        this.started = true;
        return;
      }
      const socket = this.sockets.get(message.id);
      try {
        socket?.receive(message);
      } finally {
        // the worker holds the next frames until the page has handled these (SocketRelay)
        if (message.kind === 'message' || message.kind === 'messages') worker.postMessage({ kind: 'taken', id: message.id });
      }
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      // a failure inside a started worker is its own to report; one that kept it from starting
      // (its script refused or missing) sends the page's sockets the ordinary way
      if (this.started) return;
      this.broken = true;
      this.worker = undefined;
      worker.terminate();
      for (const socket of this.sockets.values()) socket.useDirect(this.openDirect);
    };
    return worker;
  }
}
