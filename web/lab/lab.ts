// The page's lab core: one connection to the bridge, kept alive, feeding the store. Views and
// consoles talk to the bridge only through `lab.client` and read only the store.
import { BATCH_PARAM } from '../../protocol/batch.js';
import { LabClient, type WebSocketLike } from '../../protocol/client.js';
import { pageSocketId } from '../../protocol/socket-ids.js';
import type { SocketThread } from './socket-thread.js';
import { LabStore } from './store.js';

const TOKEN_KEY = 'socket-lab.token';

/** Takes the launch token from the address bar (then hides it there) or from this browser's memory. */
export function readToken(
  location: Pick<Location, 'search' | 'pathname' | 'hash'> = window.location,
  storage: Pick<Storage, 'getItem' | 'setItem'> = window.localStorage,
  replaceUrl: (url: string) => void = (url) => history.replaceState(history.state, '', url),
): string | undefined {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    storage.setItem(TOKEN_KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    replaceUrl(`${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return storage.getItem(TOKEN_KEY) ?? undefined;
}

/** The first wait before reconnecting, doubled after each failure up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 5000;
/** How often a page whose token was refused tries again (the lab may have been restarted). */
export const UNAUTHORIZED_RETRY_MS = 5000;

export interface LabOptions {
  token: string | undefined;
  /** ws://host:port/ws, the same origin as the page by default. */
  wsUrl?: string;
  /** Opens the WebSocket: the browser's by default (or `thread`'s); tests pass a fake. */
  open?: (url: string) => WebSocketLike;
  /** The socket worker that holds the WebSocket, so Python programs in the page reach the bridge
   * without the main thread (the page sees every frame all the same). */
  thread?: SocketThread;
  /** Whether the bridge serves the page, asked when the WebSocket did not open: true means the
   * upgrade (the token) was refused, false that the bridge is down. A HEAD of "/" by default. */
  probe?: () => Promise<boolean>;
  /** Runs `run` after `ms`; returns the function that cancels it. setTimeout by default. */
  schedule?: (run: () => void, ms: number) => () => void;
}

const browserOpen = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const browserProbe = async () => {
  try {
    return (await fetch('/', { method: 'HEAD', cache: 'no-store' })).ok;
  } catch {
    return false;
  }
};
const timerSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export class Lab {
  readonly store = new LabStore();
  private current: LabClient | undefined;
  private retryMs = RETRY_FIRST_MS;
  private cancelRetry: (() => void) | undefined;
  private disposed = false;
  private readonly waiters = new Set<(client: LabClient) => void>();
  private socketCounter = 0;

  constructor(private readonly options: LabOptions) {}

  /** The socket worker holding this page's WebSocket, if any. */
  get thread(): SocketThread | undefined {
    return this.options.thread;
  }

  /** The live client, or undefined while (re)connecting. */
  get client(): LabClient | undefined {
    return this.current;
  }

  /** Resolves with the client as soon as the bridge is connected. */
  ready(): Promise<LabClient> {
    if (this.current) return Promise.resolve(this.current);
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  /** A socket id not used before in this page: "udp-client-3". */
  newSocketId(prefix: string): string {
    return pageSocketId(prefix, ++this.socketCounter);
  }

  start(): void {
    if (!this.options.token) {
      this.store.dispatch({ type: 'connection', connection: { status: 'unauthorized' } });
      return;
    }
    this.store.dispatch({ type: 'connection', connection: { status: 'connecting' } });
    const url = `${this.options.wsUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`}?token=${encodeURIComponent(this.options.token)}&${BATCH_PARAM}=1`;
    LabClient.connect(url, this.options.open ?? this.options.thread?.open ?? browserOpen, { historyLimit: 0 }).then(
      (client) => this.opened(client),
      () => void this.failed(),
    );
  }

  private opened(client: LabClient): void {
    if (this.disposed) return client.close();
    this.current = client;
    this.retryMs = RETRY_FIRST_MS;
    if (client.hello) this.store.push(client.hello);
    client.onEvent((event) => {
      if (event.type !== 'hello') this.store.push(event);
    });
    client.socket.addEventListener('close', (ev) => {
      this.current = undefined;
      if (this.disposed) return;
      this.store.dispatch({ type: 'connection', connection: { status: 'closed', code: ev.code, reason: ev.reason } });
      this.scheduleRetry();
    });
    for (const waiter of this.waiters) waiter(client);
    this.waiters.clear();
  }

  /** The WebSocket did not open: find out whether the bridge is down or refused the token. */
  private async failed(): Promise<void> {
    if (this.disposed) return;
    const bridgeUp = await (this.options.probe ?? browserProbe)();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- dispose() may have run while the probe was awaited
    if (this.disposed) return;
    if (bridgeUp) {
      // the page is served but the upgrade was refused: the token is missing or from another launch
      this.store.dispatch({ type: 'connection', connection: { status: 'unauthorized' } });
      this.scheduleRetry(UNAUTHORIZED_RETRY_MS);
      return;
    }
    this.scheduleRetry();
  }

  private scheduleRetry(fixed?: number): void {
    const wait = fixed ?? this.retryMs;
    if (fixed === undefined) {
      this.store.dispatch({ type: 'connection', connection: { status: 'down', retryInMs: wait } });
      this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    }
    this.cancelRetry?.();
    this.cancelRetry = (this.options.schedule ?? timerSchedule)(() => this.start(), wait);
  }

  /** Closes the connection; the bridge then closes every socket of this page. Safe to call twice. */
  dispose(): void {
    this.disposed = true;
    this.cancelRetry?.();
    this.current?.close();
    this.current = undefined;
  }
}
