// The lab's moves as a client: one datagram and its reply, one TCP exchange. Each returns what
// happened, and the cases judge it.
import { decodeText, fromBase64, LabError } from '../../protocol/client.js';
import type { EventOf } from '../../protocol/messages.js';
import { concatBytes } from '../../protocol/bytes.js';
import { pause, type CheckContext } from './types.js';
import { isLabSocket } from '../../protocol/socket-ids.js';

const encoder = new TextEncoder();
export const bytesOf = (text: string): Uint8Array => encoder.encode(text);
export const textOf = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Python's str.upper() on what the student's server decoded, as bytes. */
export const upper = (text: string): string => text.toUpperCase();

export interface DatagramOutcome {
  clientPort: number;
  reply?: Uint8Array;
  from?: { address: string; port: number };
  /** The reply went to one of the lab's own servers instead (a fixed port in the student's code). */
  strayTo?: { name: string; port: number };
}

function labNameOf(ctx: CheckContext, port: number): string | undefined {
  return Object.entries(ctx.labPorts).find(([, p]) => p === port)?.[0];
}

/** Sends one datagram from a fresh socket and waits for the reply. */
export async function datagram(ctx: CheckContext, payload: Uint8Array, bufsize = 65535): Promise<DatagramOutcome> {
  ctx.signal?.throwIfAborted();
  const { client } = ctx;
  const sock = ctx.newId('check-udp');
  const bound = await client.udpOpen(sock, { bufsize });
  let stray: DatagramOutcome['strayTo'];
  const stopWatching = client.onEvent((e) => {
    // the lab's servers report what they receive: a datagram from the student's port reaching one
    // of them is a reply sent to the wrong address
    if (e.type === 'udp.received' && isLabSocket(e.sock) && e.from.port === ctx.port) {
      stray = { name: labNameOf(ctx, e.to.port) ?? e.sock, port: e.to.port };
    }
  });
  try {
    const reply = client.next('udp.received', (e) => e.sock === sock, ctx.waitMs, ctx.signal).catch(() => undefined);
    await client.udpSend(sock, ctx.host, ctx.port, payload);
    const got = await reply;
    ctx.signal?.throwIfAborted();
    return got ? { clientPort: bound.local.port, reply: fromBase64(got.data), from: got.from } : { clientPort: bound.local.port, strayTo: stray };
  } finally {
    stopWatching();
    await client.closeSocket(sock).catch(() => undefined);
  }
}

export interface StreamOutcome {
  /** The connection could not be made: the OS code (ECONNREFUSED...). */
  refused?: string;
  clientPort?: number;
  /** Everything received, and the chunks as each recv returned them. */
  reply: Uint8Array;
  chunks: number;
  /** How the exchange ended. */
  end: 'closed' | 'reset' | 'timeout' | 'open';
}

/** Connects, sends each message (waiting for `expect(i)` bytes after each), then closes. */
export async function conversation(
  ctx: CheckContext,
  messages: Uint8Array[],
  options: { shutdownAfterSend?: boolean; waitForClose?: boolean; stopWhen?: (received: Uint8Array, sent: number) => boolean } = {},
): Promise<StreamOutcome & { perMessage: Uint8Array[] }> {
  ctx.signal?.throwIfAborted();
  const { client } = ctx;
  const sock = ctx.newId('check-tcp');
  const received: Uint8Array[] = [];
  const perMessage: Uint8Array[] = [];
  let end: StreamOutcome['end'] = 'open';
  let wake: (() => void) | undefined;
  const stop = client.onEvent((e) => {
    if (!('sock' in e) || e.sock !== sock) return;
    if (e.type === 'tcp.received') received.push(fromBase64(e.data));
    else if (e.type === 'tcp.peerClosed' || e.type === 'socket.closed') end = end === 'open' ? 'closed' : end;
    else if (e.type === 'tcp.reset') end = 'reset';
    wake?.();
  });
  const total = () => concatBytes(...received);
  // a function, not the variable: the event listener changes `end` behind the compiler's back
  const ended = () => end !== 'open';
  const waitFor = async (done: () => boolean) => {
    const deadline = Date.now() + ctx.waitMs;
    while (!done() && end === 'open' && Date.now() < deadline) {
      ctx.signal?.throwIfAborted();
      await pause(deadline - Date.now(), ctx.signal, (w) => (wake = w));
    }
    ctx.signal?.throwIfAborted();
  };
  try {
    let connected: EventOf<'tcp.connected'>;
    try {
      connected = await client.tcpConnect(sock, ctx.host, ctx.port);
    } catch (error) {
      return { refused: error instanceof LabError ? error.code : String(error), reply: new Uint8Array(), chunks: 0, end: 'closed', perMessage };
    }
    for (let i = 0; i < messages.length; i++) {
      // a server that closed (or reset) the connection gets no more messages: the rest go unanswered
      if (ended()) break;
      const before = total().length;
      if (messages[i]!.length > 0) {
        try {
          await client.tcpSend(sock, messages[i]!);
        } catch (error) {
          // the server closed between our last read and this send, and the bridge has let the socket go
          if (error instanceof LabError && error.code === 'LAB_NO_SUCH_SOCKET') {
            if (!ended()) end = 'closed';
            break;
          }
          throw error;
        }
      }
      if (options.shutdownAfterSend && i === messages.length - 1) await client.tcpShutdown(sock).catch(() => undefined);
      await waitFor(() => (options.stopWhen ? options.stopWhen(total().subarray(before), i) : total().length > before));
      perMessage.push(total().subarray(before));
    }
    if (options.waitForClose) {
      await waitFor(() => false); // let the server finish: a close, or the wait runs out
      if (end === 'open') end = 'timeout';
    }
    return { clientPort: connected.local.port, reply: total(), chunks: received.length, end, perMessage };
  } finally {
    stop();
    await client.closeSocket(sock).catch(() => undefined);
  }
}

export function preview(bytes: Uint8Array, max = 40): string {
  const text = textOf(bytes.subarray(0, max)).replace(/[\r\n]/g, ' ');
  return bytes.length > max ? `${text}…` : text;
}

export { decodeText };
