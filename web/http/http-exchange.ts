// One HTTP request and its response over a TCP connection of its own, through the bridge:
// socket(), connect(), send() the request's bytes, recv() until the response is complete (its
// framing says when), close(). Each request gets a new connection, so the student sees that
// HTTP's requests do not belong to a connection: what ties them together is the cookie.
import { fromBase64, type LabClient } from '../../protocol/client.js';
import type { Address, Event } from '../../protocol/messages.js';
import { ResponseParser, type ParseState } from './response-parser.js';

/** Socket ids of the form's connections start with this, so the rules can tell the form's
 * requests from ones typed by hand in a console. */
export const HTTP_FORM_SOCKET_PREFIX = 'http-form';

export interface ExchangeOptions {
  sock: string;
  host: string;
  port: number;
  bytes: Uint8Array;
  method: string;
  /** The server waits 30 s for a header or body that does not come; wait a little longer. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExchangeResult {
  sock: string;
  local?: Address;
  remote?: Address;
  /** Every byte the server sent, as it came. */
  response: Uint8Array;
  /** How many recv()s (tcp.received events) the response took. */
  chunks: number;
  parsed: ParseState;
  ending: 'complete' | 'closed' | 'timeout' | 'aborted' | 'failed';
  failure?: { code: string; message: string; call: 'connect' | 'send' | 'recv' };
}

export const EXCHANGE_TIMEOUT_MS = 35_000;

export async function runExchange(client: LabClient, options: ExchangeOptions): Promise<ExchangeResult> {
  const { sock } = options;
  const parser = new ResponseParser(options.method);
  let chunks = 0;
  let parsed: ParseState = parser.state;
  let finish: (ending: ExchangeResult['ending'], failure?: ExchangeResult['failure']) => void = () => undefined;
  const finished = new Promise<{ ending: ExchangeResult['ending']; failure?: ExchangeResult['failure'] }>((resolve) => {
    finish = (ending, failure) => resolve({ ending, ...(failure ? { failure } : {}) });
  });
  // listen before connecting: the reply may come in the same tick as tcp.sent
  const stop = client.onEvent((event: Event) => {
    if (!('sock' in event) || event.sock !== sock) return;
    if (event.type === 'tcp.received') {
      chunks++;
      parsed = parser.push(fromBase64(event.data));
      if (parsed.state === 'done' || parsed.state === 'error') finish(parsed.state === 'done' ? 'complete' : 'failed');
    } else if (event.type === 'tcp.peerClosed' || event.type === 'socket.closed') {
      parsed = parser.end();
      finish(parsed.state === 'done' ? 'complete' : 'closed');
    } else if (event.type === 'tcp.reset') {
      finish('failed', { code: event.code, message: 'the connection was reset', call: 'recv' });
    }
  });
  const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? EXCHANGE_TIMEOUT_MS);
  const onAbort = () => finish('aborted');
  options.signal?.addEventListener('abort', onAbort);

  let local: Address | undefined;
  let remote: Address | undefined;
  try {
    try {
      const done = await client.tcpConnect(sock, options.host, options.port);
      local = done.local;
      remote = done.remote;
    } catch (error) {
      finish('failed', { ...codeOf(error), call: 'connect' });
    }
    if (local) {
      try {
        await client.tcpSend(sock, options.bytes);
      } catch (error) {
        finish('failed', { ...codeOf(error), call: 'send' });
      }
    }
    const { ending, failure } = await finished;
    return {
      sock,
      ...(local ? { local } : {}),
      ...(remote ? { remote } : {}),
      response: parser.bytes,
      chunks,
      parsed,
      ending,
      ...(failure ? { failure } : {}),
    };
  } finally {
    stop();
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    if (local) client.closeSocket(sock).catch(() => undefined);
  }
}

function codeOf(error: unknown): { code: string; message: string } {
  const e = error as { code?: string; message?: string };
  return { code: e.code ?? 'ERROR', message: e.message ?? String(error) };
}
