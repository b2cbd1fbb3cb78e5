// The socket worker's core: it holds the page's WebSocket to the bridge and relays every frame to
// the page (which draws them), while the programs' calls are answered here, off the page's main
// thread (web/python/program-server.ts). No DOM: the tests drive it with fake sockets.
import type { WebSocketLike } from '../../protocol/client.js';
import type { ChannelBuffers } from '../python/channel.js';

/** Messages from the page to the socket worker. */
export type ToSocketWorker =
  | { kind: 'open'; id: number; url: string }
  | { kind: 'send'; id: number; data: string }
  | { kind: 'close'; id: number; code?: number; reason?: string }
  /** A Python interpreter's channel: its calls come on `program`, the page's side on `host`. */
  | { kind: 'attach'; buffers: ChannelBuffers; program: MessagePort; host: MessagePort };

/** Messages from the socket worker to the page: what happened to each WebSocket. */
export type FromSocketWorker =
  | { kind: 'started' }
  | { kind: 'open'; id: number }
  | { kind: 'message'; id: number; data: string }
  | { kind: 'error'; id: number }
  | { kind: 'close'; id: number; code: number; reason: string };

export type SocketMessage = Exclude<ToSocketWorker, { kind: 'attach' }>;

export class SocketRelay {
  private readonly sockets = new Map<number, WebSocketLike>();
  /** The page's live connection: open, and the bridge said hello (its first frame). */
  private current: WebSocketLike | undefined;
  private readonly waiters = new Set<(socket: WebSocketLike) => void>();

  constructor(
    private readonly post: (message: FromSocketWorker) => void,
    private readonly open: (url: string) => WebSocketLike,
  ) {}

  receive(message: SocketMessage): void {
    switch (message.kind) {
      case 'open':
        this.connect(message.id, message.url);
        return;
      case 'send':
        try {
          this.sockets.get(message.id)?.send(message.data);
        } catch {
          // closing: the page hears the close
        }
        return;
      case 'close':
        try {
          this.sockets.get(message.id)?.close(message.code, message.reason);
        } catch {
          // already closing
        }
        return;
      default:
        message satisfies never;
    }
  }

  /** The page's connection once the bridge said hello (waits while there is none). */
  ready(): Promise<WebSocketLike> {
    if (this.current) return Promise.resolve(this.current);
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private connect(id: number, url: string): void {
    let socket: WebSocketLike;
    try {
      socket = this.open(url);
    } catch {
      this.post({ kind: 'close', id, code: 1006, reason: '' });
      return;
    }
    this.sockets.set(id, socket);
    let greeted = false;
    socket.addEventListener('open', () => this.post({ kind: 'open', id }));
    socket.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return;
      this.post({ kind: 'message', id, data: ev.data });
      if (greeted) return;
      greeted = true;
      this.current = socket;
      for (const waiter of this.waiters) waiter(socket);
      this.waiters.clear();
    });
    socket.addEventListener('error', () => this.post({ kind: 'error', id }));
    socket.addEventListener('close', (ev) => {
      this.sockets.delete(id);
      if (this.current === socket) this.current = undefined;
      this.post({ kind: 'close', id, code: ev.code, reason: ev.reason });
    });
  }
}
