// Test helpers for the lab's servers: start one directly (no bridge process) on port 0 with an
// event collector, and talk to it with real sockets on 127.0.0.1.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';
import { expect } from 'vitest';
import { parseEvent } from '../../protocol/codec.js';
import { FrameDecoder, encodeFrame, type Decoded } from '../../protocol/framing.js';
import type { EventBody } from '../../protocol/messages.js';
import type { LabServerDef } from '../../bridge/lab/server.js';

export const HOST = '127.0.0.1';

/** Polls until check() holds; every wait in these tests is bounded. */
export async function waitFor(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LabRun {
  port: number;
  events: EventBody[];
  /** Events of one type, in order. */
  of<K extends EventBody['type']>(type: K): Extract<EventBody, { type: K }>[];
  close(): Promise<void>;
}

export async function runLab(def: LabServerDef): Promise<LabRun> {
  const events: EventBody[] = [];
  const server = await def.start({ host: HOST, emit: (e) => events.push(e) }, 0);
  return {
    port: server.port,
    events,
    of: (type) => events.filter((e) => e.type === type) as never,
    close: () => server.close(),
  };
}

/** Every event a server emitted is one the page can parse. */
export function expectValidEvents(events: EventBody[]): void {
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    const parsed = parseEvent(JSON.stringify({ ...event, t: 0 }));
    expect(parsed.ok, `${JSON.stringify(event).slice(0, 200)}: ${parsed.ok ? '' : parsed.message}`).toBe(true);
  }
}

export const decode64 = (data: string) => Buffer.from(data, 'base64').toString('utf8');

/** A TCP client that keeps every chunk it receives and, when asked, the frames in them. */
export class TestClient {
  readonly chunks: Buffer[] = [];
  readonly frames: Decoded[] = [];
  peerClosed = false;
  closed = false;
  error: string | undefined;
  private readonly decoder = new FrameDecoder();

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.frames.push(...this.decoder.push(chunk));
    });
    socket.on('end', () => (this.peerClosed = true));
    socket.on('error', (e: NodeJS.ErrnoException) => (this.error = e.code ?? e.message));
    socket.on('close', () => (this.closed = true));
  }

  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: HOST, port, allowHalfOpen: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.setNoDelay(true);
        resolve(new TestClient(socket));
      });
    });
  }

  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** The text of each complete frame received, errors as "!CODE". */
  get frameTexts(): string[] {
    return this.frames.map((f) => (f.kind === 'frame' ? f.text! : `!${f.code}`));
  }

  send(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  sendFrame(payload: string | Uint8Array): void {
    this.socket.write(encodeFrame(payload));
  }

  waitText(expected: string, ms?: number): Promise<void> {
    return waitFor(() => this.text.includes(expected), `${JSON.stringify(expected)} (got ${JSON.stringify(this.text)})`, ms);
  }

  waitFrames(count: number, ms?: number): Promise<void> {
    return waitFor(() => this.frames.length >= count, `${count} frames (got ${JSON.stringify(this.frameTexts)})`, ms);
  }

  waitClosed(ms?: number): Promise<void> {
    return waitFor(() => this.closed, 'the connection to close', ms);
  }

  /** shutdown(SHUT_WR): FIN, and keep reading. */
  finish(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface UdpClient {
  socket: UdpSocket;
  send(port: number, data: string): Promise<void>;
  /** The next datagram, or undefined if none comes within ms. */
  next(ms: number): Promise<Buffer | undefined>;
  close(): void;
}

export async function udpClient(): Promise<UdpClient> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, HOST, resolve));
  const inbox: Buffer[] = [];
  socket.on('message', (msg) => inbox.push(msg));
  return {
    socket,
    send: (port, data) => new Promise((resolve, reject) => socket.send(data, port, HOST, (e) => (e ? reject(e) : resolve()))),
    async next(ms) {
      const deadline = Date.now() + ms;
      while (inbox.length === 0 && Date.now() < deadline) await sleep(5);
      return inbox.shift();
    },
    close: () => socket.close(),
  };
}
