// An iterative echo server, the shape of a first Python server: one client at a time. While it
// serves one, the next client's connection is complete in the kernel (its connect() returned and
// its bytes wait in the receive buffer), but the server has not called accept() for it: it is
// taken, and tcp.accepted reported, only when the client before it has gone.
//
// EchoServer.py calls listen(5). Linux then keeps six finished connections waiting; a seventh
// client's SYN is ignored and its connect() waits (the SYN is sent again) until a place frees. A
// Node server cannot leave a SYN unanswered, so here every client beyond the six waits the same
// way, only with its connect() already returned. No waiting client is reset: all are served in
// turn, as the kernel would serve them. Only far beyond (a runaway script) are clients turned away.
import { ConnectionSet, LabConnection } from './connection.js';
import { echoLoop } from './echo-loop.js';
import { closeServer, listenTcp, WaitingLine } from './listen.js';
import { labSocketId, type LabServerDef } from './server.js';
import { acceptedId } from '../../protocol/socket-ids.js';

/** listen(5), as EchoServer.py calls it. */
const BACKLOG = 5;
/** Waiting clients beyond which new ones are closed at once: a guard, not the kernel's queue. */
const MAX_WAITING = 64;
/** Everyone behind a silent client waits, so a client silent this long is let go. */
const IDLE_MS = 30_000;

export const echoIterative: LabServerDef = {
  name: 'echo-iterative',
  proto: 'tcp',
  defaultPort: 12002,
  summary: 'iterative echo: serves one client at a time; the next waits until it closes',
  async start(ctx, port) {
    const sock = labSocketId('echo-iterative');
    // bounded (a runaway script is turned away), but far beyond a class's clients: none is reset
    const waiting = new WaitingLine(MAX_WAITING);
    const open = new ConnectionSet();
    let accepted = 0;
    let serving = false;

    const next = (): void => {
      if (serving) return;
      const socket = waiting.next();
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

    const { server, local } = await listenTcp(ctx, sock, port, { backlog: BACKLOG, pauseOnConnect: true, maxConnections: MAX_WAITING + 1 }, (socket) => {
      if (waiting.join(socket)) next();
    });
    return {
      port: local.port,
      close: () => {
        waiting.clear();
        open.shutDown();
        return closeServer(server);
      },
    };
  },
};
