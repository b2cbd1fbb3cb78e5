// The bridge: one HTTP server on loopback that serves the web app and, on the same origin, admits
// WebSockets through the gate. Each WebSocket becomes a session that owns its sockets.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import type { LabServerStatus } from '../protocol/messages.js';
import { MAX_DATA_BYTES, MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';
import { Gate } from './gate.js';
import { LabHub } from './lab/hub.js';
import { LAB_SERVERS } from './lab/index.js';
import { labSocketId, type LabServerDef, type RunningServer } from './lab/server.js';
import { DestinationPolicy, type PolicyOptions } from './policy.js';
import { DEFAULT_LIMITS, SocketCounter, type Limits } from './quota.js';
import { Session } from './session.js';

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
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  // the token travels in the page's URL: never send it on as a Referer
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

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
      const server = await def.start({ host: '127.0.0.1', emit: hub.emit }, wanted);
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
  const totalSockets = new SocketCounter(config.limits.socketsTotal);
  const sessions = new Set<Session>();
  const hub = new LabHub();
  let port = config.port;
  const gate = new Gate({ port: () => port, token });

  const serveStatic = existsSync(config.distDir) ? sirv(config.distDir, { etag: true, single: true, dotfiles: false }) : undefined;
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = gate.checkHost(req);
    if (!host.ok) {
      res.writeHead(host.status, { 'Content-Type': 'text/plain' }).end(host.reason);
      return;
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method not allowed');
      return;
    }
    if (!serveStatic) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The web app is not built yet. Run `npm start` (it builds first) or `npm run build`.');
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    });
  });
  http.headersTimeout = 10_000;
  http.requestTimeout = 15_000;
  http.keepAliveTimeout = 5_000;
  http.maxHeadersCount = 64;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') return refuse(socket, 404, 'Not found');
    const verdict = gate.checkUpgrade(req);
    if (!verdict.ok) return refuse(socket, verdict.status, verdict.reason);
    if (sessions.size >= config.limits.sessions) return refuse(socket, 503, 'Too many sessions');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new Session(ws, {
        policy,
        limits: config.limits,
        totalSockets,
        onClose: (s) => {
          sessions.delete(s);
          removeFromHub();
        },
      });
      const removeFromHub = hub.add(session);
      sessions.add(session);
      session.emit({
        type: 'hello',
        version: PROTOCOL_VERSION,
        session: session.id,
        servers: lab.statuses,
        limits: { maxDataBytes: MAX_DATA_BYTES, socketsPerSession: config.limits.socketsPerSession },
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen({ host: config.host, port: config.port, exclusive: true }, () => {
      http.off('error', reject);
      resolve();
    });
  });
  port = (http.address() as { port: number }).port;
  const lab = await startLabServers(config, hub);
  http.on('error', () => {}); // after listen, errors belong to single requests

  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    servers: lab.statuses,
    sessionCount: () => sessions.size,
    close() {
      closing ??= (async () => {
        for (const session of [...sessions]) session.goAway();
        await Promise.all(lab.running.map((s) => s.close()));
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        wss.close();
      })();
      return closing;
    },
  };
}

