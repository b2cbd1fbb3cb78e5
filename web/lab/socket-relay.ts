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
  /** The page has handled the frames it was last given for this socket (see SocketRelay). */
  | { kind: 'taken'; id: number }
  /** A Python interpreter's channel: its calls come on `program`, the page's side on `host`. */
  | { kind: 'attach'; buffers: ChannelBuffers; program: MessagePort; host: MessagePort };

/** Messages from the socket worker to the page: what happened to each WebSocket. */
export type FromSocketWorker =
  | { kind: 'started' }
  | { kind: 'open'; id: number }
  | { kind: 'message'; id: number; data: string }
  /** Frames that arrived while the page was busy with the last ones, in order. */
  | { kind: 'messages'; id: number; data: string[] }
  | { kind: 'error'; id: number }
  | { kind: 'close'; id: number; code: number; reason: string };

export type SocketMessage = Exclude<ToSocketWorker, { kind: 'attach' }>;

/** What the page has not taken yet of one WebSocket's frames. */
interface Outbox {
  /** A message is with the page, not yet `taken`. */
  busy: boolean;
  waiting: string[];
}

/**
 * Frames go to the page one message at a time: while the page has not taken the last one (its
 * main thread is drawing), the next frames wait here and go together as one message. An idle page
 * gets each frame at once; a busy one gets one task per turn instead of one per frame, however fast
 * the frames come. The programs' calls do not wait for it: they are answered in this worker.
 */
export class SocketRelay {
  private readonly sockets = new Map<number, WebSocketLike>();
  private readonly outboxes = new Map<number, Outbox>();
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
      case 'taken':
        this.taken(message.id);
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
      this.deliver(id, ev.data);
      if (greeted) return;
      greeted = true;
      this.current = socket;
      for (const waiter of this.waiters) waiter(socket);
      this.waiters.clear();
    });
    socket.addEventListener('error', () => {
      this.drain(id);
      this.post({ kind: 'error', id });
    });
    socket.addEventListener('close', (ev) => {
      this.drain(id);
      this.outboxes.delete(id);
      this.sockets.delete(id);
      if (this.current === socket) this.current = undefined;
      this.post({ kind: 'close', id, code: ev.code, reason: ev.reason });
    });
  }

  private deliver(id: number, data: string): void {
    let box = this.outboxes.get(id);
    if (!box) {
      box = { busy: false, waiting: [] };
      this.outboxes.set(id, box);
    }
    if (box.busy) {
      box.waiting.push(data);
      return;
    }
    box.busy = true;
    this.post({ kind: 'message', id, data });
  }

  /** The page took the last message: what waited goes now, or the page is idle again. */
  private taken(id: number): void {
    const box = this.outboxes.get(id);
    if (box && !this.drain(id)) box.busy = false;
  }

  /** Sends what waits as one message (also before an error or a close, which must follow it);
   * whether there was any. */
  private drain(id: number): boolean {
    const box = this.outboxes.get(id);
    if (!box || box.waiting.length === 0) return false;
    this.post({ kind: 'messages', id, data: box.waiting });
    box.waiting = [];
    return true;
  }
}
