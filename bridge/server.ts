// The bridge: one HTTP server on loopback that serves the web app and, on the same origin, admits
// WebSockets through the gate. Each WebSocket becomes a session that owns its sockets. In
// classroom mode a second listener on the instructor's LAN address serves the same app to
// students (bridge/classroom/).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LabServerStatus } from '../protocol/messages.js';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';
import { Classroom, type ClassLimits, type Student } from './classroom/classroom.js';
import { urlHost } from './classroom/address.js';
import { handleClassroomHttp } from './classroom/http.js';
import { DEFAULT_CLASS_LIMITS } from './classroom/limits.js';
import { openRoom } from './classroom/room.js';
import { contentSecurityPolicy, inlineScriptHashes } from './csp.js';
import { Gate } from './gate.js';
import { pyodideDir, servePyodide } from './pyodide.js';
import { LabHub } from './lab/hub.js';
import { LAB_SERVERS } from './lab/index.js';
import { labSocketId, type LabServerDef, type RunningServer } from './lab/server.js';
import { DestinationPolicy, type PolicyOptions } from './policy.js';
import { DEFAULT_LIMITS, filesBudget, SocketCounter, type Limits } from './quota.js';
import { Session } from './session.js';
import { QueueBudget } from './relay/queue.js';
import { FairShare } from './share.js';
import { wantsBatches } from './batch.js';

export interface BridgeConfig {
  host: string;
  port: number;
  /** Folder of the built web app. */
  distDir: string;
  policy: PolicyOptions;
  limits: Limits;
  /** Port per lab server name, or 'off'. Servers not named use their default port. */
  servers: Record<string, number | 'off'>;
  /** For tests: a fixed token instead of a fresh random one. */
  token?: string;
  /** Classroom mode: also serve students on this LAN address, who join with the code. */
  classroom?: { address: string; code?: string; limits?: ClassLimits };
}

export const DEFAULT_CONFIG: BridgeConfig = {
  host: '127.0.0.1',
  port: 8400,
  distDir: 'dist',
  policy: { allow: [], allowPorts: [] },
  limits: DEFAULT_LIMITS,
  servers: {},
};

export interface Bridge {
  url: string;
  port: number;
  token: string;
  servers: LabServerStatus[];
  sessionCount(): number;
  /** Classroom mode: where students join, the code now, and the instructor's room. */
  classroom?: { joinUrl: string; roomUrl: string; code(): string };
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // the token travels in the page's URL: never send it on as a Referer
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // with COOP, makes the page cross-origin isolated: Python in the page blocks its worker on a
  // SharedArrayBuffer, which browsers only allow to isolated pages
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The headers that govern a document or a worker: what it may load and run (the CSP), who may
 * frame or open it, its cross-origin isolation. A browser reads them on a page and on a worker's
 * own script (a dedicated worker takes its CSP and its COEP from that response: without COEP an
 * isolated page's worker is refused), never on a script or a stylesheet it imports, where they
 * only add ≈0.6 KiB to each of the first page's forty responses. */
const DOCUMENT_HEADERS = ['Content-Security-Policy', 'X-Frame-Options', 'Cross-Origin-Opener-Policy', 'Cross-Origin-Embedder-Policy'];

/** A script or a stylesheet of the built app, which nothing runs as a page or a worker. The build puts
 * every worker's own script under /assets/workers/ (vite.config.ts), and sirv never answers a path
 * with an extension with the page (its fallback), so this names exactly the files that may go
 * without DOCUMENT_HEADERS. */
const isSubresource = (pathname: string) => /^\/assets\/[^/]+\.(?:js|css)$/.test(pathname);

/** The built app, compressed when the browser accepts it: the build writes a .br and a .gz beside
 * each file (vite.config.ts), sent as they are. Vite names every file under /assets/ by its
 * content's hash, so the browser may keep those for good; the page itself (index.html, which
 * names them) is checked again on every load. Every response starts with every security header
 * (onRequest); a script or a stylesheet loses the document's ones here. */
function staticFiles(distDir: string): ReturnType<typeof sirv> | undefined {
  if (!existsSync(distDir)) return undefined;
  return sirv(distDir, {
    etag: true,
    single: true,
    dotfiles: false,
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => {
      const hashed = pathname.startsWith('/assets/');
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      if (isSubresource(pathname)) for (const name of DOCUMENT_HEADERS) res.removeHeader(name);
      if (hashed) withoutLastModified(res);
    },
  });
}

/** sirv writes Last-Modified beside the ETag on every file, in the headers it hands writeHead (so
 * removeHeader cannot reach it). A file under /assets/ is kept for a year unchanged and revalidated,
 * if ever, by its ETag: the date's 46 bytes on each of the first page's responses serve nothing. */
function withoutLastModified(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: OutgoingHttpHeaders) => ServerResponse;
  res.writeHead = ((status: number, headers?: OutgoingHttpHeaders) => {
    if (headers) delete headers['Last-Modified'];
    return writeHead(status, headers);
  }) as ServerResponse['writeHead'];
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
}

async function startLabServers(config: BridgeConfig, hub: LabHub): Promise<{ statuses: LabServerStatus[]; running: RunningServer[] }> {
  const statuses: LabServerStatus[] = [];
  const running: RunningServer[] = [];
  const start = async (def: LabServerDef): Promise<void> => {
    const wanted = config.servers[def.name] ?? def.defaultPort;
    const base = { name: def.name, proto: def.proto, sock: labSocketId(def.name) } as const;
    if (wanted === 'off') {
      statuses.push({ ...base, port: def.defaultPort, state: 'stopped' });
      return;
    }
    try {
      const server = await def.start({ host: '127.0.0.1', emit: hub.emit, fromPage: hub.fromPage }, wanted);
      running.push(server);
      statuses.push({ ...base, port: server.port, state: 'running' });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      statuses.push({ ...base, port: wanted, state: 'unavailable', code: e.code ?? 'LAB_INTERNAL', message: e.message });
    }
  };
  await Promise.all(LAB_SERVERS.map(start));
  const order: readonly string[] = LAB_SERVERS.map((d) => d.name);
  statuses.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return { statuses, running };
}

export async function startBridge(config: BridgeConfig): Promise<Bridge> {
  const token = config.token ?? randomBytes(32).toString('base64url');
  const policy = new DestinationPolicy(config.policy);
  const totalSockets = new SocketCounter(config.limits.socketsTotal + (config.classroom ? (config.classroom.limits ?? DEFAULT_CLASS_LIMITS).sockets : 0));
  const totalFiles = new SocketCounter(filesBudget(config.limits));
  const share = new FairShare(config.limits.sharedMessagesPerSecond);
  const relayQueue = new QueueBudget({ packets: config.limits.relayQueuePacketsTotal, bytes: config.limits.relayQueueBytesTotal });
  const sessions = new Set<Session>();
  const hub = new LabHub();
  let port = config.port;
  let classroom: Classroom | undefined;
  const classHost = config.classroom && urlHost(config.classroom.address);
  const gate = new Gate<Student>({
    port: () => port,
    token,
    extraHosts: classHost ? [classHost] : [],
    student: (t, req) => classroom?.byToken(t, req.socket.remoteAddress),
  });

  const pyodide = pyodideDir();
  let csp: string | undefined; // once the port is known
  const serveStatic = staticFiles(config.distDir);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const host = gate.checkHost(req);
    if (!host.ok) {
      res.writeHead(host.status, { 'Content-Type': 'text/plain' }).end(host.reason);
      return;
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Content-Security-Policy', (csp ??= contentSecurityPolicy(gate.origins(), inlineScriptHashes(config.distDir))));
    if (classroom && req.method === 'POST') {
      const origin = gate.checkOrigin(req);
      if (!origin.ok) {
        res.writeHead(origin.status, { 'Content-Type': 'text/plain' }).end(origin.reason);
        return;
      }
      if (handleClassroomHttp(classroom, req, res)) return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    if (servePyodide(pyodide, req, res)) return;
    if (!serveStatic) {
      res
        .writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
        .end('The web app is not built yet. Run `npm start` (it builds first) or `npm run build`.');
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    });
  };

  // ws hands over a chunk's frames at once (allowSynchronousEvents): one frame per turn of the event
  // loop cost the single-page bench about 40 % more CPU a message and showed no gain for the other
  // pages in the soak (docs/security.md); a page over its share is served by turns (bridge/share.ts)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws' && !(path === '/ws/room' && classroom)) return refuse(socket, 404, 'Not found');
    const verdict = gate.checkUpgrade(req);
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
    const student = verdict.student;
    if (path === '/ws/room') {
      if (student) return refuse(socket, 401, 'Token missing or wrong');
      return wss.handleUpgrade(req, socket, head, (ws) => {
        rooms.add(ws);
        ws.on('close', () => rooms.delete(ws));
        openRoom(classroom!, ws);
      });
    }
    if (student ? !classroom!.canConnect(student) : sessions.size - studentSessions >= config.limits.sessions) return refuse(socket, 503, 'Too many sessions');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session: Session = new Session(ws, {
        policy,
        limits: config.limits,
        totalSockets,
        totalFiles,
        lab: hub,
        relayQueue,
        share,
        batches: wantsBatches(req.url),
        onClose: (s) => {
          sessions.delete(s);
          removeFromHub();
          if (student) {
            studentSessions--;
            classroom!.detach(student, s);
          }
        },
        // a student's own policy, quotas and the classroom's hooks
        ...(student && classroom!.sessionDeps(student, () => session)),
      });
      const removeFromHub = hub.add(session);
      sessions.add(session);
      if (student) {
        studentSessions++;
        classroom!.attach(student, session, ws);
      }
      session.emit({
        type: 'hello',
        version: PROTOCOL_VERSION,
        session: session.id,
        servers: lab.statuses,
        limits: { maxDataBytes: MAX_DATA_BYTES, socketsPerSession: student ? classroom!.limits.student.socketsPerSession : config.limits.socketsPerSession },
      });
    });
  };
  let studentSessions = 0;
  const rooms = new Set<WebSocket>();

  const listen = async (host: string): Promise<Server> => {
    // Node checks the two timeouts every connectionsCheckingInterval (30 s by default, which
    // would let a slow client stay twice as long): checked every second, or sooner
    const http = createServer({ connectionsCheckingInterval: Math.min(1000, config.limits.headersTimeoutMs) }, onRequest);
    http.headersTimeout = config.limits.headersTimeoutMs;
    http.requestTimeout = config.limits.requestTimeoutMs;
    http.keepAliveTimeout = 5_000;
    http.maxHeadersCount = 64;
    http.on('upgrade', onUpgrade);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen({ host, port, exclusive: true }, () => {
        http.off('error', reject);
        resolve();
      });
    });
    http.on('error', () => {}); // after listen, errors belong to single requests
    return http;
  };
  const servers = [await listen(config.host)];
  port = (servers[0]!.address() as { port: number }).port;
  if (config.classroom) {
    try {
      servers.push(await listen(config.classroom.address));
    } catch (error) {
      servers[0]!.close();
      throw error;
    }
  }
  const lab = await startLabServers(config, hub);

  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  if (config.classroom) {
    classroom = new Classroom(`http://${classHost}:${port}/join`, config.classroom.limits ?? DEFAULT_CLASS_LIMITS, totalSockets, config.classroom.code);
    classroom.setLabServers(lab.statuses);
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    servers: lab.statuses,
    sessionCount: () => sessions.size,
    classroom: classroom && {
      joinUrl: classroom.joinUrl,
      roomUrl: `http://${shownHost}:${port}/room?token=${token}`,
      code: () => classroom.code,
    },
    close() {
      closing ??= (async () => {
        for (const session of [...sessions]) session.goAway();
        for (const ws of rooms) ws.terminate();
        classroom?.close();
        await Promise.all(lab.running.map((s) => s.close()));
        share.close();
        await Promise.all(
          servers.map((http) => {
            http.closeAllConnections();
            return new Promise<void>((resolve) => http.close(() => resolve()));
          }),
        );
        wss.close();
      })();
      return closing;
    },
  };
}
