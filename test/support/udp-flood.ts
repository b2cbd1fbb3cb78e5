// A program outside the lab flooding a UDP echo server (udp-upper) on 127.0.0.1, paced by its
// replies so the server really handles what is sent (not the kernel dropping it at a full receive
// buffer, which a loaded machine would do to a blind loop): at most WINDOW datagrams unanswered.
// It goes on until `until.done` settles or `until.replies` have come back, bounded in count and
// in time.
import { createSocket } from 'node:dgram';

const WINDOW = 200;
/** A datagram (or its reply) not answered in this long is taken as lost, and sending goes on. */
const LOST_MS = 20;

export interface FloodOptions {
  /** Stop once this settles. */
  done?: Promise<unknown>;
  /** Stop once this many replies came back. */
  replies?: number;
  /** Most datagrams sent, and most time taken, in any case. */
  datagrams: number;
  ms: number;
  /** What each datagram carries (a short numbered line by default). */
  payload?: Buffer;
  /** Called with each datagram sent (e.g. to send others alongside at the same pace). */
  each?: () => void;
}

export async function floodUntil(port: number, options: FloodOptions): Promise<{ sent: number; replies: number }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  let replies = 0;
  let wake: (() => void) | undefined;
  socket.on('message', () => {
    replies++;
    wake?.();
  });
  const until = { done: false };
  void options.done?.then(
    () => (until.done = true),
    () => (until.done = true),
  );
  const enough = options.replies ?? Number.POSITIVE_INFINITY;
  const began = performance.now();
  let sent = 0;
  let inFlight = 0;
  try {
    while (!until.done && replies < enough && sent < options.datagrams && performance.now() - began < options.ms) {
      for (; inFlight < WINDOW && sent < options.datagrams; inFlight++, sent++) {
        socket.send(options.payload ?? `from outside ${sent}`, port, '127.0.0.1');
        options.each?.();
      }
      const before = replies;
      await new Promise<void>((resolve) => {
        const lost = setTimeout(resolve, LOST_MS);
        wake = () => {
          clearTimeout(lost);
          resolve();
        };
      });
      wake = undefined;
      // answered ones leave the window; with none answered in time, the window's are taken as lost
      inFlight = replies === before ? 0 : Math.max(0, inFlight - (replies - before));
    }
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
  return { sent, replies };
}
