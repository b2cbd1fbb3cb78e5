// The textbook's UDPServer.py: bind(('', 12000)); loop: recvfrom(2048), upper(), sendto the
// client's address. A longer datagram is cut to 2048 bytes, as the kernel does.
import { createSocket } from 'node:dgram';
import { address, localOf, osError } from '../events.js';
import { labSocketId, type LabServerDef } from './server.js';
import { upperBytes } from './text.js';
import { RECVFROM_BUFSIZE, SERVER_PORT } from '../../protocol/textbook.js';

const BUFSIZE = RECVFROM_BUFSIZE;

export const udpUpper: LabServerDef = {
  name: 'udp-upper',
  proto: 'udp',
  defaultPort: SERVER_PORT,
  summary: 'UDPServer.py: replies to each datagram in capitals (recvfrom(2048))',
  start(ctx, port) {
    const sock = labSocketId('udp-upper');
    const socket = createSocket({ type: 'udp4' });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ address: ctx.host, port, exclusive: true }, () => {
        socket.off('error', reject);
        const local = localOf(socket)!;
        socket.on('error', (error) => ctx.emit({ type: 'socket.error', sock, ...osError(error), call: 'recvfrom' }));
        ctx.emit({ type: 'udp.bound', sock, local, bufsize: BUFSIZE });
        socket.on('message', (msg, rinfo) => {
          const kept = msg.subarray(0, BUFSIZE);
          const from = address(rinfo);
          ctx.emit({ type: 'udp.received', sock, from, to: local, data: kept.toString('base64'), size: msg.length, truncated: kept.length < msg.length });
          const reply = upperBytes(kept);
          socket.send(reply, rinfo.port, rinfo.address, (error) => {
            if (error) return ctx.emit({ type: 'socket.error', sock, ...osError(error), call: 'sendto' });
            ctx.emit({ type: 'udp.sent', sock, from: local, to: from, size: reply.length, data: reply.toString('base64') });
          });
        });
        resolve({
          port: local.port,
          close: () => new Promise<void>((done) => socket.close(() => done())),
        });
      });
    });
  },
};
