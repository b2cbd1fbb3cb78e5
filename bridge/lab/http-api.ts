// The HTTP API of lesson 8: HTTP is text over TCP. The welcoming socket is a plain TCP server whose
// connections report their raw bytes (the request line, the headers, the blank line, the body)
// as tcp.received / tcp.sent, exactly as a TCP console shows them; each connection is then handed
// to node:http, which parses the requests (server.emit('connection', socket) is node:http's own
// way to serve a socket it did not accept itself).
//
// node:http times out a slow header only on a server that listens itself, so this one times the
// header on its own: a request whose empty line (the end of the header) never comes is answered
// 408 with an explanation, as is a body shorter than its Content-Length.
import { createServer, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LabConnection } from './connection.js';
import { serveConcurrently } from './concurrent.js';
import { route } from './http-routes.js';
import { QuestionStore } from './http-store.js';
import type { LabServerDef } from './server.js';

export interface HttpApiOptions {
  /** How long a request's header, and then its body, may take to arrive. Students type requests
   * by hand, so the default is generous. */
  waitMs?: number;
}

const NAME = 'http-api';
const MAX_CONNECTIONS = 32;
const IDLE_MS = 2 * 60_000;
/** A kept-alive connection waits this long for the next request (a student typing it). */
const KEEP_ALIVE_MS = 60_000;
const MAX_HEADER_BYTES = 8192;

export function createHttpApi(options: HttpApiOptions = {}): LabServerDef {
  const waitMs = options.waitMs ?? 30_000;
  return {
    name: NAME,
    proto: 'tcp',
    defaultPort: 12080,
    summary: 'HTTP/1.1 API: GET and POST /questions, GET /me (cookie session)',
    async start(ctx, port) {
      const store = new QuestionStore();
      const watched = new WeakMap<Duplex, { conn: LabConnection; head: HeadTimer }>();
      const http = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false, keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
        watched.get(req.socket)?.head.requestStarted(res);
        route(store, req, res, waitMs);
      });
      http.on('clientError', (error: Error & { code?: string; reason?: string }, socket: Duplex) => {
        const conn = watched.get(socket)?.conn;
        if (!conn || !socket.writable || error.code === 'ECONNRESET') {
          socket.destroy();
          return;
        }
        answerAndClose(conn, error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400, explainParseError(error));
      });

      return serveConcurrently(ctx, NAME, port, { backlog: 16, maxConnections: MAX_CONNECTIONS, idleMs: IDLE_MS, deferReads: true }, (conn) => {
        http.emit('connection', conn.socket);
        // after node:http has seen the socket (so it reads through 'data' events), and placed
        // before its parser, so a request is reported before the response it causes
        conn.reportReads();
        watched.set(conn.socket, { conn, head: timeHead(conn, waitMs) });
      });
    },
  };
}

export const httpApi = createHttpApi();

interface HeadTimer {
  requestStarted(res: { once(event: 'finish', listener: () => void): unknown }): void;
}

/** Times each request's header, from its first byte to the empty line that ends it. */
function timeHead(conn: LabConnection, waitMs: number): HeadTimer {
  let timer: NodeJS.Timeout | undefined;
  let inRequest = false;
  const expire = () => {
    timer = undefined;
    if (inRequest) return;
    answerAndClose(
      conn,
      408,
      `the request's header did not end within ${waitMs / 1000} s. An HTTP request is a request line, header lines, then an empty line: the header ends at the first "\\r\\n\\r\\n".`,
    );
  };
  conn.socket.on('data', () => {
    if (!inRequest && !timer) timer = setTimeout(expire, waitMs);
  });
  void conn.closed.then(() => clearTimeout(timer));
  return {
    requestStarted(res) {
      clearTimeout(timer);
      timer = undefined;
      inRequest = true;
      res.once('finish', () => (inRequest = false));
    },
  };
}

/** A response written by hand, for requests node:http could not hand to the routes. */
function answerAndClose(conn: LabConnection, status: number, message: string): void {
  const body = `${JSON.stringify({ error: STATUS_CODES[status], message }, null, 2)}\n`;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  conn.socket.write(`${head.join('\r\n')}\r\n\r\n${body}`);
  conn.close();
}

function explainParseError(error: { code?: string; reason?: string; message: string }): string {
  const detail = `(${error.code ?? 'parse error'}: ${error.reason ?? error.message})`;
  switch (error.code) {
    case 'HPE_INVALID_METHOD':
      return `the request line must start with a method such as GET or POST, then the path, then HTTP/1.1 ${detail}`;
    case 'HPE_HEADER_OVERFLOW':
      return `the header is longer than the ${MAX_HEADER_BYTES} bytes this server reads ${detail}`;
    case 'HPE_INVALID_VERSION':
      return `the request line must end with the version, HTTP/1.1, and then \\r\\n (CR LF; a bare \\n is not enough) ${detail}`;
    case 'HPE_CR_EXPECTED':
    case 'HPE_LF_EXPECTED':
      return `each line of an HTTP request ends with \\r\\n (CR LF) ${detail}`;
    default:
      return `the request is not HTTP/1.1 as this server reads it: a request line ("GET /questions HTTP/1.1"), header lines ("Name: value"), an empty line, then the body ${detail}`;
  }
}
