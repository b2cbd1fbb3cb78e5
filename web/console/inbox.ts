// What the kernel keeps for a socket until the program asks: datagrams waiting for recvfrom(),
// stream bytes waiting for recv(), connections waiting for accept(). The bridge reports arrivals
// as events the moment they happen; the consoles take them when the student's program "calls".
// No DOM: the consoles and the tests use it with a real LabClient.
import { fromBase64 } from '../../protocol/client.js';
import type { Event, EventOf } from '../../protocol/messages.js';

export interface EventSource {
  onEvent(listener: (event: Event) => void): () => void;
}

export type Outcome<T> =
  { ok: true; value: T } | { ok: false; reason: 'timeout' | 'aborted' | 'closed' } | { ok: false; reason: 'error'; code: string; message: string };

/** recv() on a stream: some bytes, or b'' once the peer has closed and everything was read. */
export type StreamRead = { bytes: Uint8Array; eof: boolean };

interface Box {
  datagrams: EventOf<'udp.received'>[];
  chunks: Uint8Array[];
  buffered: number;
  eof: boolean;
  accepted: EventOf<'tcp.accepted'>[];
  failure?: { code: string; message: string };
  closed: boolean;
  wake: Set<() => void>;
}

/** Bounds, so a flood a console never reads cannot grow without limit. */
const MAX_DATAGRAMS = 256;
const MAX_STREAM_BYTES = 1 << 20;
const MAX_PENDING_ACCEPTS = 64;
/** setTimeout fires at once past 2^31-1 ms: a longer wait (a blocking call) is taken in turns. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Inbox {
  private readonly boxes = new Map<string, Box>();
  private readonly stop: () => void;

  constructor(source: EventSource) {
    this.stop = source.onEvent((event) => this.arrived(event));
  }

  /** Starts keeping what arrives for this socket (call before the request that may cause it). */
  watch(sock: string): void {
    if (!this.boxes.has(sock)) {
      this.boxes.set(sock, { datagrams: [], chunks: [], buffered: 0, eof: false, accepted: [], closed: false, wake: new Set() });
    }
  }

  unwatch(sock: string): void {
    const box = this.boxes.get(sock);
    if (!box) return;
    this.boxes.delete(sock);
    for (const wake of box.wake) wake();
  }

  /** Datagrams already waiting (taken away), e.g. replies that came after a timeout. */
  drainDatagrams(sock: string): EventOf<'udp.received'>[] {
    const box = this.boxes.get(sock);
    if (!box) return [];
    return box.datagrams.splice(0);
  }

  recvfrom(sock: string, timeoutMs: number, signal?: AbortSignal): Promise<Outcome<EventOf<'udp.received'>>> {
    return this.take(sock, timeoutMs, signal, (box) => box.datagrams.shift());
  }

  /** recv(max): up to max bytes of what has arrived, or b'' (eof) once the peer closed. */
  recv(sock: string, max: number, timeoutMs: number, signal?: AbortSignal): Promise<Outcome<StreamRead>> {
    return this.take(sock, timeoutMs, signal, (box) => {
      if (box.buffered > 0) return { bytes: this.read(box, max), eof: false };
      if (box.eof) return { bytes: new Uint8Array(0), eof: true };
      return undefined;
    });
  }

  accept(sock: string, timeoutMs: number, signal?: AbortSignal): Promise<Outcome<EventOf<'tcp.accepted'>>> {
    return this.take(sock, timeoutMs, signal, (box) => box.accepted.shift());
  }

  /** Which of these sockets a read would not block on now: select()'s readable list. */
  readable(socks: readonly string[]): string[] {
    return socks.filter((sock) => {
      const box = this.boxes.get(sock);
      return !box || box.datagrams.length > 0 || box.buffered > 0 || box.eof || box.accepted.length > 0 || box.failure !== undefined || box.closed;
    });
  }

  /** select(): waits until at least one of these sockets is readable, the timeout or the signal. */
  async waitReadable(socks: readonly string[], timeoutMs: number, signal?: AbortSignal): Promise<Outcome<string[]>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = this.readable(socks);
      if (ready.length > 0) return { ok: true, value: ready };
      if (signal?.aborted) return { ok: false, reason: 'aborted' };
      const left = deadline - Date.now();
      if (left <= 0) return { ok: true, value: [] };
      const boxes = socks.map((sock) => this.boxes.get(sock)).filter((box): box is Box => box !== undefined);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          for (const box of boxes) box.wake.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, MAX_TIMER_MS));
        for (const box of boxes) box.wake.add(done);
        signal?.addEventListener('abort', done);
      });
    }
  }

  dispose(): void {
    this.stop();
    for (const sock of [...this.boxes.keys()]) this.unwatch(sock);
  }

  private read(box: Box, max: number): Uint8Array {
    const n = Math.min(max, box.buffered);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = box.chunks[0]!;
      const take = Math.min(chunk.length, n - filled);
      out.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take === chunk.length) box.chunks.shift();
      else box.chunks[0] = chunk.subarray(take);
    }
    box.buffered -= n;
    return out;
  }

  private async take<T>(sock: string, timeoutMs: number, signal: AbortSignal | undefined, pick: (box: Box) => T | undefined): Promise<Outcome<T>> {
    const deadline = Date.now() + timeoutMs;
    // each turn either returns or waits for one arrival on this socket, and waits end by deadline
    for (;;) {
      const box = this.boxes.get(sock);
      if (!box) return { ok: false, reason: 'closed' };
      const value = pick(box);
      if (value !== undefined) return { ok: true, value };
      if (box.failure) {
        const { code, message } = box.failure;
        box.failure = undefined;
        return { ok: false, reason: 'error', code, message };
      }
      if (box.closed) return { ok: false, reason: 'closed' };
      if (signal?.aborted) return { ok: false, reason: 'aborted' };
      const left = deadline - Date.now();
      if (left <= 0) return { ok: false, reason: 'timeout' };
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          box.wake.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, MAX_TIMER_MS));
        box.wake.add(done);
        signal?.addEventListener('abort', done);
      });
    }
  }

  private arrived(event: Event): void {
    if (!('sock' in event) || event.sock === undefined) return;
    const box = this.boxes.get(event.sock);
    if (!box) return;
    switch (event.type) {
      case 'udp.received':
        box.datagrams.push(event);
        if (box.datagrams.length > MAX_DATAGRAMS) box.datagrams.shift();
        break;
      case 'tcp.received': {
        if (box.buffered + event.size > MAX_STREAM_BYTES) break;
        const bytes = fromBase64(event.data);
        box.chunks.push(bytes);
        box.buffered += bytes.length;
        break;
      }
      case 'tcp.peerClosed':
        box.eof = true;
        break;
      case 'tcp.accepted':
        if (box.accepted.length < MAX_PENDING_ACCEPTS) box.accepted.push(event);
        this.watch(event.conn);
        break;
      case 'tcp.reset':
        box.failure = { code: event.code, message: 'connection reset by peer' };
        break;
      case 'socket.error':
        // errors answering a request reject that request; only the ones that come on their own
        // (a reset, a drop) are for whoever reads next
        if (event.req === undefined) box.failure = { code: event.code, message: event.message };
        break;
      case 'socket.closed':
        box.closed = true;
        break;
      default:
        return;
    }
    for (const wake of [...box.wake]) wake();
  }
}
