// A page flooding the bridge, made as cheap as it can be so that on a machine of two cores its own
// work does not slow the pages it is measured against: one raw WebSocket handshake, then the same
// 64 KiB of pre-built frames (masked with the key 0, so the payload is written as it is) written
// again each time the socket drains. The kernel's backpressure sets the pace. Replies are counted
// from the frames' headers, never parsed. Driven from its parent over stdin, one word a line:
//   flood  connect and flood; prints `flooding` once the bridge has said hello
//   stop   close the connection (the bridge drops what it had not read); prints `stopped N`, the
//          frames the bridge answered on that connection
//   exit   leave
// Bounded: each flood lasts at most 60 s, and the process leaves when its parent does.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';

const [host, port, token, origin] = process.argv.slice(2) as [string, string, string, string];

/** Client frames of text under 126 bytes: FIN + text, mask bit + length, the key 0, the payload. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}
// every other frame malformed (an unknown type), the others valid but failing (no such socket):
// a valid one between two bad ones keeps the session from being closed for 20 bad in a row
const PAIR = Buffer.concat([frame('{"type":"udp.fly","sock":"x"}'), frame('{"type":"socket.close","sock":"nothing"}')]);
const BLOCK = Buffer.concat(Array.from({ length: Math.floor((64 * 1024) / PAIR.length) }, () => PAIR));

/** Counts server frames (never masked) across chunk boundaries from their headers alone. */
class FrameCounter {
  frames = 0;
  private rest: Buffer = Buffer.alloc(0);
  private skip = 0;

  push(chunk: Buffer): void {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const n = Math.min(this.skip, buf.length - at);
      this.skip -= n;
      at += n;
      if (this.skip > 0 || buf.length - at < 2) break;
      const len7 = buf[at + 1]! & 0x7f;
      const size = len7 === 126 ? 4 : len7 === 127 ? 10 : 2;
      if (buf.length - at < size) break;
      if ((buf[at]! & 0x0f) === 1) this.frames++;
      this.skip = len7 === 126 ? buf.readUInt16BE(at + 2) : len7 === 127 ? Number(buf.readBigUInt64BE(at + 2)) : len7;
      at += size;
    }
    this.rest = buf.subarray(at);
  }
}

let socket: Socket | undefined;
let counter = new FrameCounter();
let timer: NodeJS.Timeout | undefined;

function flood(): void {
  counter = new FrameCounter();
  const req = request({
    host,
    port: Number(port),
    path: `/ws?token=${encodeURIComponent(token)}`,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      Origin: origin,
    },
  });
  req.on('upgrade', (_res, s: Socket, head: Buffer) => {
    socket = s;
    s.on('error', () => {});
    let said = false;
    s.on('data', (chunk: Buffer) => {
      counter.push(chunk);
      if (!said && counter.frames > 0) {
        said = true;
        console.log('flooding');
      }
    });
    counter.push(head);
    const write = () => {
      while (!s.destroyed && s.write(BLOCK));
    };
    s.on('drain', write);
    write();
    timer = setTimeout(stop, 60_000);
  });
  req.on('error', (error) => console.log(`error ${error.message}`));
  req.end();
}

function stop(): void {
  clearTimeout(timer);
  socket?.destroy();
  socket = undefined;
  console.log(`stopped ${counter.frames}`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'flood') flood();
  else if (line === 'stop') stop();
  else if (line === 'exit') process.exit(0);
});
process.stdin.on('end', () => process.exit(0));
