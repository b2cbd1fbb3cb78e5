// The framed echo of lesson 6, speaking seed 002's framing ("5 hello": size, space, payload):
// it decodes frames out of the byte stream (a frame split across reads is reassembled, two frames
// in one read are both answered) and answers each with a frame holding the payload in capitals.
//
// Bad frames follow the seed's policy: a size that is not a number, a size over FRAME_MAX_SIZE,
// or a payload that is not UTF-8 drops everything buffered and is answered with a framed error;
// after MAX_FAILURES bad frames in a row (a good frame resets the count, as in the seed) the
// server gives up and closes. Error replies start with a lowercase "error:", which an echo reply,
// being in capitals, never does.
//
// "trickle <text>" makes the server write its reply a few bytes at a time with pauses, so the
// student sees each recv() return a piece of a frame (lesson 6: a stream has no boundaries).
import { encodeFrame, FRAME_MAX_SIZE, FrameDecoder, type Decoded } from '../../protocol/framing.js';
import type { LabConnection } from './connection.js';
import { serveConcurrently } from './concurrent.js';
import type { LabServerDef } from './server.js';

export interface FramedEchoOptions {
  /** Bytes per write in trickle mode (more if the reply would take more than TRICKLE_MAX_WRITES). */
  trickleBytes?: number;
  tricklePauseMs?: number;
}

const NAME = 'framed-echo';
const TRICKLE = 'trickle ';
/** Bounds a trickle to a few seconds whatever the text's length. */
const TRICKLE_MAX_WRITES = 40;
const MAX_FAILURES = 3;
const IDLE_MS = 5 * 60_000;
const MAX_CONNECTIONS = 32;

export function createFramedEcho(options: FramedEchoOptions = {}): LabServerDef {
  const trickleBytes = options.trickleBytes ?? 3;
  const tricklePauseMs = options.tricklePauseMs ?? 150;
  return {
    name: NAME,
    proto: 'tcp',
    defaultPort: 12003,
    summary: `framed echo: "size payload" frames in, capitals out; "trickle <text>" replies slowly`,
    start: (ctx, port) =>
      serveConcurrently(ctx, NAME, port, { backlog: 5, maxConnections: MAX_CONNECTIONS, idleMs: IDLE_MS }, (conn) =>
        serveFrames(conn, trickleBytes, tricklePauseMs),
      ),
  };
}

export const framedEcho = createFramedEcho();

function serveFrames(conn: LabConnection, trickleBytes: number, tricklePauseMs: number): void {
  const socket = conn.socket;
  const decoder = new FrameDecoder({ maxSize: FRAME_MAX_SIZE });
  let failures = 0;
  let done = false;
  // replies go out in order, one chunk's frames before the next chunk is read: a trickle holds
  // the server's reading, like a blocking loop would
  let queue = Promise.resolve();

  const reply = (text: string) => socket.write(encodeFrame(text));
  const giveUp = (why: string) => {
    done = true;
    reply(`error: ${why}; closing the connection`);
    conn.close();
  };

  const answer = async (item: Decoded): Promise<void> => {
    if (item.kind === 'error') {
      failures++;
      if (failures >= MAX_FAILURES) return giveUp(`${item.code}: ${item.message}; ${failures} bad frames in a row`);
      reply(`error: ${item.code}: ${item.message}; the buffer (${item.dropped} bytes) was dropped (bad frame ${failures} of ${MAX_FAILURES} in a row)`);
      return;
    }
    failures = 0;
    const text = item.text ?? '';
    if (!text.startsWith(TRICKLE)) {
      reply(text.toUpperCase());
      return;
    }
    const bytes = encodeFrame(text.slice(TRICKLE.length).toUpperCase());
    const step = Math.max(trickleBytes, Math.ceil(bytes.length / TRICKLE_MAX_WRITES));
    for (let at = 0; at < bytes.length && !socket.destroyed; at += step) {
      if (at > 0) await new Promise((r) => setTimeout(r, tricklePauseMs));
      if (!socket.writable) return;
      socket.write(bytes.subarray(at, at + step));
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (done) return;
    const items = decoder.push(chunk);
    if (items.length === 0) return;
    socket.pause();
    queue = queue.then(async () => {
      for (const item of items) {
        if (done || socket.destroyed) return;
        await answer(item);
      }
      if (!done) socket.resume();
    });
  });
  socket.on('end', () => {
    void queue.then(() => {
      if (done) return;
      const { buffered } = decoder.state;
      // a client that stops in the middle of a frame is told so (it may still be reading)
      if (buffered.length > 0) giveUp(`the stream ended inside a frame (${buffered.length} bytes of it had come)`);
      else {
        done = true;
        conn.close();
      }
    });
  });
  socket.resume();
}
