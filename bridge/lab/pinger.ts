// The textbook's UDPPingerServer.py (lesson 9): recvfrom(1024), upper(), and then, to play a lossy
// network, drop the datagram when randint(0, 10) < 4 (4 of 11 values, about 36%, though the
// handout says 30%); otherwise sendto the client. A dropped datagram shows as udp.received with no
// udp.sent after it. The random numbers come from a seed, so a lesson can repeat a run exactly.
import { randomInt } from 'node:crypto';
import { address } from '../events.js';
import { randint, seeded } from '../relay/prng.js';
import { bindUdp } from './listen.js';
import { labSocketId, type LabServerDef } from './server.js';
import { upperBytes } from './text.js';
import { RECV_BUFSIZE } from '../../protocol/textbook.js';

export interface PingerOptions {
  /** 32-bit seed of the drop decisions; without one, each start draws its own. */
  seed?: number;
}

const NAME = 'pinger';
const BUFSIZE = RECV_BUFSIZE;

export function createPinger(options: PingerOptions = {}): LabServerDef {
  return {
    name: NAME,
    proto: 'udp',
    defaultPort: 12005,
    summary: 'UDPPingerServer.py: replies in capitals, but drops when randint(0, 10) < 4',
    async start(ctx, port) {
      const sock = labSocketId(NAME);
      const random = seeded(options.seed ?? randomInt(2 ** 32));
      const { socket, local } = await bindUdp(ctx, sock, port, BUFSIZE);
      socket.on('message', (msg, rinfo) => {
        const rand = randint(random, 0, 10);
        const kept = msg.subarray(0, BUFSIZE);
        const from = address(rinfo);
        ctx.emit({ type: 'udp.received', sock, from, to: local, data: kept.toString('base64'), size: msg.length, truncated: kept.length < msg.length });
        if (rand < 4) return; // "the packet was lost": no reply at all
        const reply = upperBytes(kept);
        socket.send(reply, rinfo.port, rinfo.address, (error) => {
          if (error)
            return ctx.emit({
              type: 'socket.error',
              sock,
              code: (error as NodeJS.ErrnoException).code ?? 'LAB_INTERNAL',
              message: error.message,
              call: 'sendto',
            });
          ctx.emit({ type: 'udp.sent', sock, from: local, to: from, size: reply.length, data: reply.toString('base64') });
        });
      });
      return {
        port: local.port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      };
    },
  };
}

export const pinger = createPinger();
