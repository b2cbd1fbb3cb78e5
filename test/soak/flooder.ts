// The soak's flooding page, a process of its own so that its work is not the measuring pages'
// (test/soak/share.ts), and cheap (test/bridge/helpers/flood.ts: pre-built frames, written as fast
// as the bridge reads them). Driven from its parent over stdin, one word a line:
//   flood  connect and flood; prints `flooding` once the bridge has said hello
//   stop   close the connection (the bridge drops what it had not read); prints `stopped N`, the
//          frames the bridge answered on that connection
//   exit   leave
// Bounded: each flood lasts at most 60 s, and the process leaves when its parent does.
import { createInterface } from 'node:readline';
import { flood, type Flood } from '../bridge/helpers/flood.js';

const [port, token, origin] = process.argv.slice(2) as [string, string, string];

let current: Flood | undefined;
let timer: NodeJS.Timeout | undefined;

function stop(): void {
  clearTimeout(timer);
  current?.stop();
  console.log(`stopped ${current?.reader.frames ?? 0}`);
  current = undefined;
}

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'flood') {
    flood({ port: Number(port), token, origin }).then(
      (f) => {
        current = f;
        timer = setTimeout(stop, 60_000);
        console.log('flooding');
      },
      (error: unknown) => console.log(`error ${(error as Error).message}`),
    );
  } else if (line === 'stop') stop();
  else if (line === 'exit') process.exit(0);
});
process.stdin.on('end', () => process.exit(0));
