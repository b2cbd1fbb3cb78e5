// The reference the bridge is measured against: the smallest WebSocket-to-socket relay that speaks
// the same JSON protocol as the bridge (protocol/messages.ts: the same requests, the same events,
// base64 data), with none of its fences: no Host/Origin/token gate, no schema validation, no
// destination policy, no quotas or rate limit, no backpressure. Whatever the bridge costs beyond
// this is the price of its fences and bookkeeping.
import { once } from 'node:events';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { wsText } from '../bridge/ws-text.js';
import type { Address, EventBody, Request } from '../protocol/messages.js';
import { DEFAULT_UDP_BUFSIZE, MAX_DATA_BYTES, PROTOCOL_VERSION } from '../protocol/limits.js';

export interface ReferenceRelay {
  port: number;
  close(): Promise<void>;
}

const started = process.hrtime.bigint();
const nowMicros = () => Number((process.hrtime.bigint() - started) / 1000n);

function addressOf(info: { address: string; port: number; family: string | number }): Address {
  return { address: info.address, port: info.port, family: info.family === 'IPv6' || info.family === 6 ? 'IPv6' : 'IPv4' };
}

export async function startReferenceRelay(port = 0): Promise<ReferenceRelay> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
  await once(wss, 'listening');
  wss.on('connection', (ws) => relay(ws));
  return {
    port: (wss.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** One page's WebSocket: its sockets live in two maps and die with it. */
function relay(ws: WebSocket): void {
  const udp = new Map<string, { socket: UdpSocket; local: Address }>();
  const tcp = new Map<string, Socket>();
  const emit = (event: EventBody) => ws.send(JSON.stringify({ ...event, t: nowMicros() }));
  const fail = (sock: string, error: NodeJS.ErrnoException, call: string) =>
    emit({ type: 'socket.error', sock, code: error.code ?? 'LAB_INTERNAL', message: error.message, call });

  const udpOpen = (sock: string, host: string, port: number, bufsize: number) => {
    const socket = createSocket('udp4');
    const entry = { socket, local: { address: host, port, family: 'IPv4' } as Address };
    udp.set(sock, entry);
    socket.on('error', (error) => fail(sock, error, 'recvfrom'));
    socket.on('message', (msg, rinfo) => {
      const kept = msg.length > bufsize ? msg.subarray(0, bufsize) : msg;
      emit({
        type: 'udp.received',
        sock,
        from: addressOf(rinfo),
        to: entry.local,
        data: kept.toString('base64'),
        size: msg.length,
        truncated: kept.length < msg.length,
      });
    });
    socket.bind(port, host, () => {
      entry.local = addressOf(socket.address());
      emit({ type: 'udp.bound', sock, local: entry.local, bufsize });
    });
  };

  const tcpConnect = (sock: string, host: string, port: number) => {
    const socket = new Socket({ allowHalfOpen: true });
    tcp.set(sock, socket);
    socket.setNoDelay(true);
    emit({ type: 'tcp.connecting', sock, remote: addressOf({ address: host, port, family: 4 }) });
    socket.on('data', (chunk: Buffer) => emit({ type: 'tcp.received', sock, data: chunk.toString('base64'), size: chunk.length }));
    socket.on('end', () => emit({ type: 'tcp.peerClosed', sock }));
    socket.on('error', (error) => fail(sock, error, 'recv'));
    socket.on('close', () => {
      tcp.delete(sock);
      emit({ type: 'socket.closed', sock, reason: 'peer' });
    });
    socket.connect(port, host, () =>
      emit({
        type: 'tcp.connected',
        sock,
        local: addressOf({ address: socket.localAddress!, port: socket.localPort!, family: socket.localFamily! }),
        remote: addressOf({ address: socket.remoteAddress!, port: socket.remotePort!, family: socket.remoteFamily! }),
      }),
    );
  };

  ws.on('message', (data) => {
    // trusted input: no schema, no policy, no quota; a malformed frame simply throws here
    const request = JSON.parse(wsText(data)) as Request;
    switch (request.type) {
      case 'udp.open':
        return udpOpen(request.sock, request.host ?? '127.0.0.1', request.port ?? 0, request.bufsize ?? DEFAULT_UDP_BUFSIZE);
      case 'udp.send': {
        const entry = udp.get(request.sock);
        if (!entry) return;
        const payload = Buffer.from(request.data, 'base64');
        const to = addressOf({ address: request.host, port: request.port, family: 4 });
        return entry.socket.send(payload, request.port, request.host, (error) => {
          if (error) return fail(request.sock, error, 'sendto');
          emit({ type: 'udp.sent', sock: request.sock, from: entry.local, to, size: payload.length, data: request.data });
        });
      }
      case 'tcp.connect':
        return tcpConnect(request.sock, request.host, request.port);
      case 'tcp.send': {
        const payload = Buffer.from(request.data, 'base64');
        tcp.get(request.sock)?.write(payload);
        return emit({ type: 'tcp.sent', sock: request.sock, size: payload.length, data: request.data });
      }
      case 'tcp.shutdown':
        return tcp.get(request.sock)?.end(() => emit({ type: 'tcp.finSent', sock: request.sock }));
      case 'socket.close': {
        const entry = udp.get(request.sock);
        if (entry) {
          udp.delete(request.sock);
          entry.socket.close();
          return emit({ type: 'socket.closed', sock: request.sock, reason: 'local' });
        }
        return tcp.get(request.sock)?.destroy();
      }
      case 'tcp.listen':
        return emit({ type: 'socket.error', sock: request.sock, req: request.req, code: 'LAB_INTERNAL', message: 'the reference relay does not listen' });
    }
  });
  ws.on('close', () => {
    for (const { socket } of udp.values()) socket.close();
    for (const socket of tcp.values()) socket.destroy();
    udp.clear();
    tcp.clear();
  });
  emit({ type: 'hello', version: PROTOCOL_VERSION, session: 'reference', servers: [], limits: { maxDataBytes: MAX_DATA_BYTES, socketsPerSession: 0 } });
}
