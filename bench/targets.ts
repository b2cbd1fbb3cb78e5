// The far end every variant talks to, so that (a) direct sockets, (b) the reference relay and
// (c) the bridge all reach the same servers:
// - UDP: the lab's own udp-upper module (UDPServer.py), started here with its events going nowhere;
// - TCP: a persistent uppercase server. The lab's tcp-upper is the textbook one-shot server
//   (accept, one recv(1024), reply, close), which cannot carry a stream of round trips.
import { createServer, type Socket } from 'node:net';
import { udpUpper } from '../bridge/lab/udp-upper.js';
import { upperBytes } from '../bridge/lab/text.js';

export interface Targets {
  udpPort: number;
  tcpPort: number;
  close(): Promise<void>;
}

export async function startTargets(): Promise<Targets> {
  const udp = await udpUpper.start({ host: '127.0.0.1', emit: () => {} }, 0);
  const open = new Set<Socket>();
  const tcp = createServer({ noDelay: true }, (socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    // every chunk goes back in capitals at once; the payload is ASCII, so chunk edges never split a character
    socket.on('data', (chunk: Buffer) => socket.write(upperBytes(chunk)));
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  return {
    udpPort: udp.port,
    tcpPort: (tcp.address() as { port: number }).port,
    async close() {
      for (const socket of open) socket.destroy();
      await Promise.all([udp.close(), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
    },
  };
}
