// The shape every concurrent lab server shares: a welcoming socket on the lab's host, each
// accepted connection reported, tracked and handed to the server's own code, and every one of
// them closed when the server stops. Each server supplies only what it does with a connection.
import { ConnectionSet, LabConnection, type ConnectionOptions } from './connection.js';
import { closeServer, listenTcp } from './listen.js';
import { labSocketId, type LabContext, type RunningServer } from './server.js';
import { acceptedId } from '../../protocol/socket-ids.js';

export interface ConcurrentOptions extends ConnectionOptions {
  backlog: number;
  maxConnections: number;
}

export async function serveConcurrently(
  ctx: LabContext,
  name: string,
  port: number,
  options: ConcurrentOptions,
  serve: (conn: LabConnection) => void,
): Promise<RunningServer> {
  const sock = labSocketId(name);
  const open = new ConnectionSet();
  let accepted = 0;
  const { backlog, maxConnections, ...connection } = options;
  // other programs on this machine may hold at most half of the connections: a flood of idle
  // ones leaves the pages the other half
  const outsiderSlots = Math.floor(maxConnections / 2);
  let outsiders = 0;
  const { server, local } = await listenTcp(ctx, sock, port, { backlog, maxConnections }, (socket) => {
    const peer = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    const self = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
    if (ctx.fromPage && !ctx.fromPage(peer, self)) {
      if (outsiders >= outsiderSlots) {
        socket.on('error', () => {});
        socket.resetAndDestroy();
        return;
      }
      outsiders++;
      socket.once('close', () => outsiders--);
    }
    const conn = LabConnection.accept(ctx, sock, acceptedId(sock, ++accepted), socket, connection);
    if (!conn) return;
    open.add(conn);
    serve(conn);
  });
  return {
    port: local.port,
    close: () => {
      open.shutDown();
      return closeServer(server);
    },
  };
}
