// A page flooding the bridge as cheaply as a client can: a raw WebSocket handshake, then the same
// 64 KiB of pre-built frames written again each time the socket drains, so the kernel's
// backpressure sets the pace and the client itself costs next to no CPU. Replies are read from
// the frames' headers. Used by the share's integration test and by the soak's flooder process.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

/** A client text frame under 126 bytes, masked with the key 0 (so the payload is written as it is). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

// every other frame malformed (an unknown type), the others valid but failing (no such socket):
// a valid one between two bad ones keeps the session from being closed for 20 bad in a row
const PAIR = Buffer.concat([frame('{"type":"udp.fly","sock":"x"}'), frame('{"type":"socket.close","sock":"nothing"}')]);
export const FLOOD_BLOCK = Buffer.concat(Array.from({ length: Math.floor((64 * 1024) / PAIR.length) }, () => PAIR));
/** Frames in one FLOOD_BLOCK. */
export const FRAMES_PER_BLOCK = 2 * Math.floor((64 * 1024) / PAIR.length);

/** Reads server frames (never masked) across chunk boundaries; `onText` gets each text frame's
 * payload if given, else frames are only counted. */
export class FrameReader {
  frames = 0;
  private rest: Buffer = Buffer.alloc(0);
  private skip = 0;

  constructor(private readonly onText?: (text: string) => void) {}

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const n = Math.min(this.skip, buf.length - at);
      this.skip -= n;
      at += n;
      if (this.skip > 0 || buf.length - at < 2) break;
      const len7 = buf[at + 1]! & 0x7f;
      const size = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
      if (buf.length - at < size) break;
      const length = len7 === 126 ? buf.readUInt16BE(at + 2) : len7 === 127 ? Number(buf.readBigUInt64BE(at + 2)) : len7;
      const text = (buf[at]! & 0x0f) === 1;
      if (this.onText && text) {
        if (buf.length - at < size + length) break; // the payload is wanted whole
        this.onText(buf.toString('utf8', at + size, at + size + length));
        at += size + length;
      } else {
        at += size;
        this.skip = length;
      }
      if (text) this.frames++;
    }
    this.rest = buf.subarray(at);
  }
}

export interface Flood {
  socket: Socket;
  reader: FrameReader;
  /** Bytes handed to the socket so far. */
  readonly written: number;
  /** Stops writing and closes the connection. */
  stop(): void;
}

/** Opens a page on the bridge and floods it; resolves once the bridge has said hello. */
export function flood(target: { port: number; token: string; origin: string }, onText?: (text: string) => void): Promise<Flood> {
  const reader = new FrameReader(onText);
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: target.port,
      path: `/ws?token=${encodeURIComponent(target.token)}`,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        Origin: target.origin,
      },
    });
    req.on('response', (res) => reject(new Error(`the bridge refused the flooding page: ${res.statusCode}`)));
    req.on('error', reject);
    req.on('upgrade', (_res, socket: Socket, head: Buffer) => {
      socket.on('error', () => {});
      socket.on('close', () => reject(new Error('the bridge closed the flooding page before its hello')));
      let written = 0;
      let stopped = false;
      const write = () => {
        while (!stopped && !socket.destroyed) {
          written += FLOOD_BLOCK.length;
          if (!socket.write(FLOOD_BLOCK)) break;
        }
      };
      const result: Flood = {
        socket,
        reader,
        get written() {
          return written;
        },
        stop() {
          stopped = true;
          socket.destroy();
        },
      };
      socket.on('data', (chunk: Buffer) => {
        const before = reader.frames;
        reader.push(chunk);
        if (before === 0 && reader.frames > 0) resolve(result);
      });
      socket.on('drain', write);
      reader.push(head);
      if (reader.frames > 0) resolve(result);
      write();
    });
    req.end();
  });
}
