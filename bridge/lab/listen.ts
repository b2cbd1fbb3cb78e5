// The welcoming socket and the UDP socket of a lab server: bound on the lab's loopback host,
// reported once as tcp.listening / udp.bound, and with an error listener for the rest of their
// life. A busy port rejects with the OS error (EADDRINUSE), which the bridge reports.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import type { Address } from '../../protocol/messages.js';
import { localOf, osError } from '../events.js';
import type { LabContext } from './server.js';

export interface TcpListenOptions {
  backlog: number;
  /** Leave new connections unread until the server takes them (an iterative server). */
  pauseOnConnect?: boolean;
  /** Node closes connections beyond this at once: a guard against runaway clients. (A real full
   * listen queue ignores the SYN instead, and the client's connect() waits.) */
  maxConnections: number;
}

export function listenTcp(
  ctx: LabContext,
  sock: string,
  port: number,
  options: TcpListenOptions,
  onConnection: (socket: Socket) => void,
): Promise<{ server: Server; local: Address }> {
  const server = createServer({ pauseOnConnect: options.pauseOnConnect ?? false, allowHalfOpen: true });
  server.maxConnections = options.maxConnections;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: ctx.host, port, backlog: options.backlog, exclusive: true }, () => {
      server.off('error', reject);
      server.on('error', (error) => ctx.emit({ type: 'socket.error', sock, ...osError(error), call: 'accept' }));
      const local = localOf(server)!;
      ctx.emit({ type: 'tcp.listening', sock, local, backlog: options.backlog });
      server.on('connection', onConnection);
      resolve({ server, local });
    });
  });
}

export function bindUdp(ctx: LabContext, sock: string, port: number, bufsize: number): Promise<{ socket: UdpSocket; local: Address }> {
  const socket = createSocket({ type: 'udp4' });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: ctx.host, port, exclusive: true }, () => {
      socket.off('error', reject);
      socket.on('error', (error) => ctx.emit({ type: 'socket.error', sock, ...osError(error), call: 'recvfrom' }));
      const local = localOf(socket)!;
      ctx.emit({ type: 'udp.bound', sock, local, bufsize });
      resolve({ socket, local });
    });
  });
}

/** Stops accepting, then waits for the welcoming socket to be released. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
