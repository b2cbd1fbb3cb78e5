// The textbook's TCPServer.py: listen(1); loop: accept(), recv(1024) once, upper(), send(),
// close(). One connection at a time: a second client waits in the queue until the first is done.
// The queue is bounded like listen(1)'s: Linux completes backlog + 1 connections before the
// program accepts, so two wait; a client beyond them is reset, as a full queue would refuse it.
import type { Socket } from 'node:net';
import { address, localOf, osError } from '../events.js';
import { closeServer, listenTcp, WaitingLine } from './listen.js';
import { labSocketId, type LabContext, type LabServerDef } from './server.js';
import { upperBytes } from './text.js';
import { RECV_BUFSIZE, SERVER_PORT } from '../../protocol/textbook.js';
import { acceptedId } from '../../protocol/socket-ids.js';

const RECV_SIZE = RECV_BUFSIZE;
/** Connections waiting behind the one being served. */
const BACKLOG = 2;
/** The textbook server would wait forever for a silent client and block everyone behind it; the
 * lab's gives up after this long so one forgotten console cannot freeze a class. */
const IDLE_MS = 30_000;

export const tcpUpper: LabServerDef = {
  name: 'tcp-upper',
  proto: 'tcp',
  defaultPort: SERVER_PORT,
  summary: 'TCPServer.py: accepts, reads once (recv(1024)), replies in capitals, closes',
  async start(ctx, port) {
    const sock = labSocketId('tcp-upper');
    const waiting = new WaitingLine(BACKLOG);
    const open = new Set<Socket>();
    let busy = false;
    let accepted = 0;

    const next = () => {
      if (busy) return;
      const socket = waiting.next();
      if (!socket) return;
      busy = true;
      serve(ctx, sock, acceptedId(sock, ++accepted), socket, () => {
        busy = false;
        next();
      });
    };

    // one being served and BACKLOG waiting; Node closes any connection beyond them at once
    const { server, local } = await listenTcp(ctx, sock, port, { backlog: 1, pauseOnConnect: true, maxConnections: BACKLOG + 1 }, (socket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      if (waiting.join(socket)) next();
    });
    return {
      port: local.port,
      close: () => {
        waiting.clear();
        for (const s of open) s.destroy();
        return closeServer(server);
      },
    };
  },
};

function serve(ctx: LabContext, sock: string, conn: string, socket: Socket, done: () => void): void {
  const local = localOf(socket);
  if (!local || socket.remotePort === undefined || socket.destroyed) {
    socket.destroy();
    return done();
  }
  const remote = address({ address: socket.remoteAddress ?? '', port: socket.remotePort, family: socket.remoteFamily ?? 'IPv4' });
  ctx.emit({ type: 'tcp.accepted', sock, conn, local, remote });
  let finished = false;
  const finish = (reason: 'local' | 'error') => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    ctx.emit({ type: 'socket.closed', sock: conn, reason });
    done();
  };
  const idle = setTimeout(() => {
    socket.destroy();
    finish('local');
  }, IDLE_MS);
  socket.on('error', (error) => {
    const { code, message } = osError(error);
    if (code === 'ECONNRESET') ctx.emit({ type: 'tcp.reset', sock: conn, code });
    else ctx.emit({ type: 'socket.error', sock: conn, code, message, call: 'recv' });
    socket.destroy();
    finish('error');
  });
  const reply = (chunk: Buffer, unread: boolean) => {
    socket.pause();
    const answer = upperBytes(chunk);
    socket.write(answer);
    ctx.emit({ type: 'tcp.sent', sock: conn, size: answer.length, data: answer.toString('base64') });
    if (unread) {
      // close() with unread bytes in the receive buffer: the kernel answers with RST, not FIN
      socket.resetAndDestroy();
      finish('local');
      return;
    }
    // close(): FIN goes out after the reply and the descriptor is released at once, as in Python;
    // the kernel finishes the teardown with the client on its own
    socket.end(() => {
      ctx.emit({ type: 'tcp.finSent', sock: conn });
      socket.destroy();
      finish('local');
    });
  };
  socket.once('data', (chunk: Buffer) => {
    socket.removeAllListeners('end');
    const got = chunk.subarray(0, RECV_SIZE);
    ctx.emit({ type: 'tcp.received', sock: conn, data: got.toString('base64'), size: got.length });
    socket.on('data', () => {}); // anything after the one recv() is never read
    reply(got, chunk.length > RECV_SIZE || socket.readableLength > 0);
  });
  socket.once('end', () => {
    // recv() returned b'': the client closed without sending; the textbook server sends b''
    ctx.emit({ type: 'tcp.peerClosed', sock: conn });
    reply(Buffer.alloc(0), false);
  });
  socket.resume();
}
