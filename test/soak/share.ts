// The soak's "share" shape (F8): does one page flooding the bridge slow the others? Quiet pages
// make UDP round trips through the bridge to an echo peer, in phases without and with a flooding
// page, interleaved (A B B A A B ...) so that the machine's own load, which drifts, falls on both
// sides alike. The figure is the p99 of all round trips with the flood against all without; each
// pair of adjacent phases also gives a ratio (their median and spread are printed), and the p99s of
// two halves of the phases without the flood give the measurement's own noise (the control). The
// flooder is a process of its own writing pre-built frames (flooder.ts), so
// its CPU is small and is reported, as is the bridge's, per phase. Bounded: a fixed number of
// phases and round trips, each round trip waits at most 5 s.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { toBase64 } from '../../protocol/client.js';
import { ROOT, type RunningBridge } from '../support/bridge-process.js';
import { udpPeer } from '../bridge/helpers/peers.js';

export interface ShareOptions {
  /** Pairs of phases (one without, one with the flood). */
  pairs: number;
  /** Round trips per quiet page per phase. */
  trips: number;
  quiet: number;
}

export interface PhaseFigures {
  flood: boolean;
  rtts: number[];
  p50: number;
  p99: number;
  lost: number;
  seconds: number;
  /** Share of one core each process was busy during the phase. */
  bridgeCpu: number;
  flooderCpu: number;
  /** Frames the bridge answered the flooder per second. */
  floodRate: number;
}

export interface ShareFigures {
  phases: PhaseFigures[];
  /** The round trips of all phases without the flood, and of all with it. */
  alone: { p50: number; p99: number };
  flooded: { p50: number; p99: number };
  /** p99 with the flood over p99 without, all round trips pooled: the figure held to 1.20. */
  pooled: number;
  /** The same per pair of adjacent phases. */
  ratios: number[];
  /** p99 of the phases without the flood in even pairs over those in odd pairs: what the ratio is
   * when nothing differs, the machine's noise. */
  control: number;
  load: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
export const median = (values: number[]) => percentile(values, 50);

/** CPU time (user + system) of a process so far, in seconds, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; in clock ticks (100/s)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The flooder process, and a way to wait for its next line of a kind. */
function startFlooder(bridge: RunningBridge): { child: ChildProcess; say(word: string, answer: string): Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/soak/flooder.ts', String(bridge.port), bridge.token, bridge.origin], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting: { answer: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const i = waiting.findIndex((w) => line.startsWith(w.answer));
    if (i >= 0) waiting.splice(i, 1)[0]!.resolve(line);
  });
  return {
    child,
    say(word, answer) {
      const heard = new Promise<string>((resolve, reject) => {
        waiting.push({ answer, resolve });
        setTimeout(() => reject(new Error(`the flooder did not answer "${word}" within 15 s`)), 15_000).unref();
      });
      child.stdin.write(`${word}\n`);
      return heard;
    },
  };
}

export async function measureShare(bridge: RunningBridge, options: ShareOptions = { pairs: 10, trips: 100, quiet: 3 }): Promise<ShareFigures> {
  const bridgePid = bridge.process.pid!;
  const peer = await udpPeer();
  peer.socket.on('message', (msg, from) => peer.socket.send(msg, from.port, from.address));
  const quiet = await Promise.all(Array.from({ length: options.quiet }, () => bridge.connect()));
  await Promise.all(quiet.map((p, i) => p.udpOpen(`q${i}`)));
  const flooder = startFlooder(bridge);
  const flooderPid = flooder.child.pid!;

  const roundTrips = async (trips: number) => {
    const rtts: number[] = [];
    let lost = 0;
    await Promise.all(
      quiet.map(async (p, i) => {
        for (let n = 0; n < trips; n++) {
          const began = performance.now();
          const reply = p.next('udp.received', (e) => e.sock === `q${i}`, 5000);
          p.send({ type: 'udp.send', sock: `q${i}`, host: '127.0.0.1', port: peer.port, data: toBase64(`q ${n}`) });
          if (
            await reply.then(
              () => true,
              () => false,
            )
          )
            rtts.push(performance.now() - began);
          else lost++;
          await sleep(2);
        }
      }),
    );
    return { rtts, lost };
  };

  const phase = async (flood: boolean): Promise<PhaseFigures> => {
    if (flood) await flooder.say('flood', 'flooding');
    const cpu0 = [cpuSeconds(bridgePid), cpuSeconds(flooderPid)];
    const began = performance.now();
    const { rtts, lost } = await roundTrips(options.trips);
    const seconds = (performance.now() - began) / 1000;
    const cpu1 = [cpuSeconds(bridgePid), cpuSeconds(flooderPid)];
    const answered = flood ? Number((await flooder.say('stop', 'stopped')).split(' ')[1]) : 0;
    // the bridge lets the flooding session go; the next phase starts without it
    await sleep(200);
    return {
      flood,
      rtts,
      p50: percentile(rtts, 50),
      p99: percentile(rtts, 99),
      lost,
      seconds,
      bridgeCpu: (cpu1[0]! - cpu0[0]!) / seconds,
      flooderCpu: (cpu1[1]! - cpu0[1]!) / seconds,
      floodRate: answered / seconds,
    };
  };

  try {
    await roundTrips(50); // warm-up
    const phases: PhaseFigures[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < options.pairs; pair++) {
      // A B, then B A: a load that grows or falls during the run weighs on both sides alike
      const order = pair % 2 === 0 ? [false, true] : [true, false];
      const [first, second] = [await phase(order[0]!), await phase(order[1]!)];
      phases.push(first, second);
      const [alone, flooded] = first.flood ? [second, first] : [first, second];
      ratios.push(flooded.p99 / alone.p99);
    }
    const pool = (of: PhaseFigures[]) => of.flatMap((p) => p.rtts);
    const alone = pool(phases.filter((p) => !p.flood));
    const flooded = pool(phases.filter((p) => p.flood));
    const side = (odd: number) => pool(phases.filter((p, i) => !p.flood && Math.floor(i / 2) % 2 === odd));
    return {
      phases,
      alone: { p50: percentile(alone, 50), p99: percentile(alone, 99) },
      flooded: { p50: percentile(flooded, 50), p99: percentile(flooded, 99) },
      pooled: percentile(flooded, 99) / percentile(alone, 99),
      ratios,
      control: percentile(side(0), 99) / percentile(side(1), 99),
      load: loadavg()[0]!,
    };
  } finally {
    flooder.child.stdin!.write('exit\n');
    for (const p of quiet) p.close();
    await peer.close();
  }
}

/** One line per phase, for the soak's output. */
export function describePhase(p: PhaseFigures): string {
  const flood = p.flood ? `flood answered ${p.floodRate.toFixed(0)}/s, flooder CPU ${(100 * p.flooderCpu).toFixed(0)} %` : 'no flood';
  return `${p.flood ? 'B' : 'A'}  p50 ${p.p50.toFixed(2)} ms  p99 ${p.p99.toFixed(2)} ms  lost ${p.lost}  bridge CPU ${(100 * p.bridgeCpu).toFixed(0)} %  ${flood}`;
}
