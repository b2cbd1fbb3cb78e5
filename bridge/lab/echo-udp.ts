// The echo server of lesson 5 over UDP: recvfrom(2048), then sendto the same bytes back to
// whoever sent them. No connection, so nothing to close: each datagram stands alone.
import { address } from '../events.js';
import { bindUdp } from './listen.js';
import { labSocketId, type LabServerDef } from './server.js';
import { RECVFROM_BUFSIZE } from '../../protocol/textbook.js';

const BUFSIZE = RECVFROM_BUFSIZE;

export const echoUdp: LabServerDef = {
  name: 'echo-udp',
  proto: 'udp',
  defaultPort: 12001,
  summary: 'echo over UDP: sends each datagram back as it came (recvfrom(2048))',
  async start(ctx, port) {
    const sock = labSocketId('echo-udp');
    const { socket, local } = await bindUdp(ctx, sock, port, BUFSIZE);
    socket.on('message', (msg, rinfo) => {
      const kept = msg.subarray(0, BUFSIZE);
      const from = address(rinfo);
      ctx.emit({ type: 'udp.received', sock, from, to: local, data: kept.toString('base64'), size: msg.length, truncated: kept.length < msg.length });
      socket.send(kept, rinfo.port, rinfo.address, (error) => {
        if (error)
          return ctx.emit({
            type: 'socket.error',
            sock,
            code: (error as NodeJS.ErrnoException).code ?? 'LAB_INTERNAL',
            message: error.message,
            call: 'sendto',
          });
        ctx.emit({ type: 'udp.sent', sock, from: local, to: from, size: kept.length, data: kept.toString('base64') });
      });
    });
    return {
      port: local.port,
      close: () => new Promise<void>((done) => socket.close(() => done())),
    };
  },
};
