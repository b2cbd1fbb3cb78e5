// An iterative echo server, the shape of a first Python server: one client at a time. While it
// serves one, the next client's connection is complete in the kernel (its connect() returned and
// its bytes wait in the receive buffer), but the server has not called accept() for it: it is
// taken, and tcp.accepted reported, only when the client before it has gone.
import type { Socket } from 'node:net';
import { ConnectionSet, LabConnection } from './connection.js';
import { echoLoop } from './echo-loop.js';
import { closeServer, listenTcp } from './listen.js';
import { labSocketId, type LabServerDef } from './server.js';
import { acceptedId } from '../../protocol/socket-ids.js';

/** listen(5): the lab's queue holds this many waiting clients; more are reset. */
const BACKLOG = 5;
/** Everyone behind a silent client waits, so a client silent this long is let go. */
const IDLE_MS = 30_000;

export const echoIterative: LabServerDef = {
  name: 'echo-iterative',
  proto: 'tcp',
  defaultPort: 12002,
  summary: 'iterative echo: serves one client at a time; the next waits until it closes',
  async start(ctx, port) {
    const sock = labSocketId('echo-iterative');
    const waiting: Socket[] = [];
    const open = new ConnectionSet();
    let accepted = 0;
    let serving = false;

    const next = (): void => {
      if (serving) return;
      const socket = waiting.shift();
      if (!socket) return;
      const conn = LabConnection.accept(ctx, sock, acceptedId(sock, ++accepted), socket, { idleMs: IDLE_MS });
      if (!conn) return next(); // that client gave up while it waited
      serving = true;
      open.add(conn);
      echoLoop(conn);
      void conn.closed.then(() => {
        serving = false;
        next();
      });
    };

    const { server, local } = await listenTcp(ctx, sock, port, { backlog: BACKLOG, pauseOnConnect: true, maxConnections: BACKLOG + 1 }, (socket) => {
      socket.on('error', () => {}); // a reset while it waits; reported once it is accepted
      if (waiting.length >= BACKLOG) {
        socket.resetAndDestroy();
        return;
      }
      waiting.push(socket);
      socket.once('close', () => {
        const at = waiting.indexOf(socket);
        if (at >= 0) waiting.splice(at, 1);
      });
      next();
    });
    return {
      port: local.port,
      close: () => {
        for (const socket of waiting.splice(0)) socket.destroy();
        open.shutDown();
        return closeServer(server);
      },
    };
  },
};
