// A typed client for the bridge. The web app's lab core and the tests both use it, so the page and
// the test suite speak the contract through the same code. It needs only a WebSocket-like object:
// the browser's own, or the `ws` package's in Node.
import { bytesToBase64, base64ToBytes } from './base64.js';
import { parseFrame } from './codec.js';
import type { Event, EventOf, EventType, RelaySettings, RequestBody } from './messages.js';

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (ev: unknown) => void): void;
}

/** An error the bridge reported for a request: a LAB_* code or an OS code such as ECONNREFUSED. */
export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly event?: EventOf<'socket.error'>,
  ) {
    super(`${code}: ${message}`);
    this.name = 'LabError';
  }
}

export type Payload = Uint8Array | string;
const encoder = new TextEncoder();

export function toBase64(data: Payload): string {
  return bytesToBase64(typeof data === 'string' ? encoder.encode(data) : data);
}
export function fromBase64(data: string): Uint8Array {
  return base64ToBytes(data);
}
export function decodeText(data: string): string {
  return new TextDecoder().decode(base64ToBytes(data));
}

type Listener = (event: Event) => void;

type Run = () => void;
interface TaskGlobals {
  setImmediate?: (run: Run) => unknown;
  MessageChannel?: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } };
}
/** Runs `run` in a task of its own, soon: setImmediate in Node, a MessageChannel in a browser
 * (where a setTimeout(0) that schedules the next is held to 4 ms after a few rounds). */
const nextTask: (run: Run) => void = (() => {
  const scope = globalThis as unknown as TaskGlobals;
  const immediate = scope.setImmediate;
  if (immediate) return (run: Run) => void immediate(run);
  if (scope.MessageChannel) {
    const channel = new scope.MessageChannel();
    const queue: Run[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return (run: Run) => {
      queue.push(run);
      channel.port2.postMessage(null);
    };
  }
  return (run: Run) => void setTimeout(run, 0);
})();

/** The part of an AbortSignal a wait needs (protocol/ is built without the DOM and Node types). */
export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What a wait rejects with when its signal aborts: the signal's reason, or an AbortError. */
function abortReason(signal: CancelSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('cancelled');
  error.name = 'AbortError';
  return error;
}

interface Waiter {
  match: (event: Event) => boolean;
  req?: number;
  resolve: (event: Event) => void;
  reject: (error: unknown) => void;
  /** Set just after the waiter is made: its callback settles the waiter. */
  timer?: ReturnType<typeof setTimeout>;
  /** Stops listening to the caller's signal. */
  unlisten?: () => void;
}

export interface ClientOptions {
  /** How long a request waits for its answer before it fails, in ms. */
  timeoutMs?: number;
  /** How many past events to keep for waitFor (0 keeps none). */
  historyLimit?: number;
  /** The first request number. Two clients on one WebSocket (the page's, and its programs' in the
   * socket worker) number their requests from apart, so each knows its own answers. */
  firstReq?: number;
}

export class LabClient {
  private readonly listeners = new Set<Listener>();
  private readonly waiters = new Set<Waiter>();
  private nextReq: number;
  private closedInfo: { code: number; reason: string } | undefined;
  hello: EventOf<'hello'> | undefined;
  readonly timeoutMs: number;
  /** The latest events, oldest first, so a caller can wait for one that may already be here. */
  readonly history: Event[] = [];
  private readonly historyLimit: number;
  /** Events of batches not yet handed on (see drain), from backlogHead on. */
  private backlog: Event[] = [];
  private backlogHead = 0;
  /** An event settled a wait in this task: what comes next waits for a task of its own (drain). */
  private yielding = false;
  /** The connection's close, handled once the backlog has been handed on. */
  private afterBacklog: (() => void) | undefined;

  /** Opens a WebSocket to the bridge and resolves once the bridge has said hello. */
  static connect(url: string, open: (url: string) => WebSocketLike, options: ClientOptions = {}): Promise<LabClient> {
    const client = new LabClient(open(url), options);
    return client.next('hello').then(
      () => client,
      (error: unknown) => {
        client.close();
        throw error;
      },
    );
  }

  constructor(
    readonly socket: WebSocketLike,
    options: ClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.nextReq = options.firstReq ?? 1;
    this.historyLimit = options.historyLimit ?? 2000;
    socket.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return;
      // one event, or a batch of them in the order they happened (protocol/batch.ts)
      const parsed = parseFrame(ev.data);
      if (!parsed.ok) return; // the bridge is held to the contract by its tests; ignore noise
      this.take(parsed.value);
    });
    socket.addEventListener('close', (ev) => {
      // after the events still waiting to be handed on, as it comes after their frames
      this.afterBacklog = () => {
        this.closedInfo = { code: ev.code, reason: ev.reason };
        for (const w of [...this.waiters]) this.settle(w, new LabError('LAB_CLOSED', `connection closed (${ev.code}${ev.reason ? ` ${ev.reason}` : ''})`));
      };
      if (this.backlogHead === this.backlog.length) this.drain();
    });
  }

  get closed(): { code: number; reason: string } | undefined {
    return this.closedInfo;
  }

  /** Listens to every event; returns the function that stops listening. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sends one request as it is; returns its request number. */
  send(request: RequestBody): number {
    const req = this.nextReq++;
    this.socket.send(JSON.stringify({ ...request, req }));
    return req;
  }

  /** Sends a raw frame, bypassing the types (tests use it to send malformed input). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** Resolves with the first event of `type` that passes `match`; rejects with LAB_TIMEOUT after
   * `timeoutMs`, or at once with the signal's reason when `signal` aborts (a test or panel ended). */
  next<K extends EventType>(type: K, match: (e: EventOf<K>) => boolean = () => true, timeoutMs = this.timeoutMs, signal?: CancelSignal): Promise<EventOf<K>> {
    return this.wait((e): e is EventOf<K> => e.type === type && match(e as EventOf<K>), undefined, timeoutMs, undefined, signal) as Promise<EventOf<K>>;
  }

  /** Like next, but an event that already arrived counts too. */
  waitFor<K extends EventType>(
    type: K,
    match: (e: EventOf<K>) => boolean = () => true,
    timeoutMs = this.timeoutMs,
    signal?: CancelSignal,
  ): Promise<EventOf<K>> {
    const past = this.history.find((e): e is EventOf<K> => e.type === type && match(e as EventOf<K>));
    return past ? Promise.resolve(past) : this.next(type, match, timeoutMs, signal);
  }

  /** Sends `request` and resolves with the event that answers it, or rejects with the bridge's error. */
  request<K extends EventType>(request: RequestBody, answer: K, match: (e: EventOf<K>) => boolean = () => true): Promise<EventOf<K>> {
    const req = this.nextReq;
    const sock = 'sock' in request ? request.sock : undefined;
    // the answer carries this request's number (so two sends in flight on one socket each get their
    // own udp.sent); an answer without one (socket.closed) is matched by its socket
    const answers = (e: Event) => ('req' in e && e.req !== undefined ? e.req === req : sock === undefined || ('sock' in e && e.sock === sock));
    const promise = this.wait((e) => e.type === answer && answers(e) && match(e as EventOf<K>), req, this.timeoutMs, sock);
    this.send(request);
    return promise as Promise<EventOf<K>>;
  }

  udpOpen(sock: string, options: { host?: string; port?: number; bufsize?: number } = {}) {
    return this.request({ type: 'udp.open', sock, ...options }, 'udp.bound');
  }
  udpSend(sock: string, host: string, port: number, data: Payload) {
    return this.request({ type: 'udp.send', sock, host, port, data: toBase64(data) }, 'udp.sent');
  }
  tcpConnect(sock: string, host: string, port: number) {
    return this.request({ type: 'tcp.connect', sock, host, port }, 'tcp.connected');
  }
  tcpListen(sock: string, port: number, options: { host?: string; backlog?: number } = {}) {
    return this.request({ type: 'tcp.listen', sock, port, ...options }, 'tcp.listening');
  }
  tcpSend(sock: string, data: Payload) {
    return this.request({ type: 'tcp.send', sock, data: toBase64(data) }, 'tcp.sent');
  }
  tcpShutdown(sock: string) {
    return this.request({ type: 'tcp.shutdown', sock }, 'tcp.finSent');
  }
  relayStart(sock: string, proto: 'udp' | 'tcp', target: { host: string; port: number }, options: { port?: number; settings?: Partial<RelaySettings> } = {}) {
    return this.request({ type: 'relay.start', sock, proto, target, ...options }, 'relay.started');
  }
  relayConfigure(sock: string, settings: Partial<RelaySettings>) {
    return this.request({ type: 'relay.configure', sock, settings }, 'relay.configured');
  }
  relayHold(sock: string, on: boolean) {
    return this.request({ type: 'relay.hold', sock, on }, 'relay.configured');
  }
  relayStep(sock: string, count = 1) {
    return this.request({ type: 'relay.step', sock, count }, 'relay.configured');
  }
  relayDrop(sock: string, packet: number) {
    return this.request({ type: 'relay.drop', sock, packet }, 'relay.configured');
  }
  closeSocket(sock: string) {
    return this.request({ type: 'socket.close', sock }, 'socket.closed');
  }

  /** Closes the WebSocket; the bridge then closes every socket of the session. */
  close(code = 1000): void {
    try {
      this.socket.close(code);
    } catch {
      // already closing
    }
  }

  private wait(match: (e: Event) => boolean, req: number | undefined, timeoutMs: number, sock?: string, signal?: CancelSignal): Promise<Event> {
    if (this.closedInfo) return Promise.reject(new LabError('LAB_CLOSED', 'connection closed'));
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the signal's own reason, as fetch() rejects with it
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match: (e) =>
          match(e) ||
          // an error answering this request, or (for requests without one) an error on its socket
          (e.type === 'socket.error' && (req !== undefined ? e.req === req : sock !== undefined && e.sock === sock)),
        req,
        resolve,
        reject,
      };
      waiter.timer = setTimeout(() => this.settle(waiter, new LabError('LAB_TIMEOUT', `no answer within ${timeoutMs} ms`)), timeoutMs);
      if (signal) {
        const onAbort = () => this.settle(waiter, { aborted: abortReason(signal) });
        signal.addEventListener('abort', onAbort);
        waiter.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiters.add(waiter);
    });
  }

  private settle(waiter: Waiter, outcome: Event | Error | { aborted: unknown }): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    waiter.unlisten?.();
    if ('aborted' in outcome) waiter.reject(outcome.aborted);
    else if (outcome instanceof Error) waiter.reject(outcome);
    else if (outcome.type === 'socket.error' && waiter.req !== undefined) waiter.reject(new LabError(outcome.code, outcome.message, outcome));
    else waiter.resolve(outcome);
  }

  /** Hands on the events of a frame, in order, behind any still waiting. */
  private take(events: Event[]): void {
    if (this.yielding || this.backlogHead < this.backlog.length) {
      for (const event of events) this.backlog.push(event);
      return;
    }
    this.backlog = events;
    this.backlogHead = 0;
    this.drain();
  }

  /** Hands on waiting events. An event that settles a wait (a request's answer, next()) is the last
   * of its task: the rest of its batch, and any frame that comes in the same task (Node's ws hands
   * on every frame of one read at once; the socket worker a busy page's frames in one message),
   * follow in a new one, so whoever awaited it has run first and may wait for the next event, as
   * when every frame was a task of its own. A listener that throws does not cost the others the
   * rest of the batch: its error is thrown at the end. */
  private drain(): void {
    let failure: { error: unknown } | undefined;
    while (this.backlogHead < this.backlog.length) {
      const event = this.backlog[this.backlogHead++]!;
      let settled = false;
      try {
        settled = this.dispatch(event);
      } catch (error) {
        failure ??= { error };
      }
      if (settled) {
        this.yielding = true;
        nextTask(() => {
          this.yielding = false;
          this.drain();
        });
        break;
      }
    }
    if (this.backlogHead === this.backlog.length) {
      this.backlog = [];
      this.backlogHead = 0;
      const after = this.afterBacklog;
      this.afterBacklog = undefined;
      after?.();
    }
    if (failure) throw failure.error;
  }

  /** Hands one event on; returns whether it settled a wait. */
  private dispatch(event: Event): boolean {
    if (event.type === 'hello') this.hello = event;
    if (this.historyLimit > 0) {
      this.history.push(event);
      if (this.history.length > this.historyLimit) this.history.splice(0, this.history.length - this.historyLimit);
    }
    let settled = false;
    if (this.waiters.size > 0)
      for (const waiter of [...this.waiters])
        if (waiter.match(event)) {
          this.settle(waiter, event);
          settled = true;
        }
    for (const listener of this.listeners) listener(event);
    return settled;
  }
}
