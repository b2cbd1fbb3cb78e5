// `npm run soak`: a bounded run of the security probe's shapes against the real bridge process,
// from outside it, printing one table of figures (recorded in docs/security.md, "What we test and
// what held"). Not part of `npm test`: it takes a minute and loads the machine. Every loop is
// bounded in count and in time; everything is on 127.0.0.1.
//   fuzz     mutated requests; every reply checked against the protocol's own Event schema
//   churn    UDP and TCP sockets opened and closed; descriptors back to where they were
//   relay    a TCP relay whose server never reads, 1 GiB pushed at it; the bridge's RSS
//   sessions 200 pages, each one round trip with udp-upper at once; lab frames per round trip
//   flood    2,000 idle local connections to tcp-upper; descriptors; a page's echo meanwhile
//   share    one page flooding the bridge; the other pages' round-trip p99, against without it
// `npm run soak -- --only share,fuzz` runs only the shapes named (the end row always).
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { parseEvent } from '../../protocol/codec.js';
import { toBase64 } from '../../protocol/client.js';
import { startBridgeProcess, TEST_SERVER_FLAGS, type RunningBridge } from '../support/bridge-process.js';
import { GiB, idleFlood, MiB, rssBytes, watchRss, writeUpTo } from '../bridge/helpers/load.js';
import { fdCount, tcpPeer } from '../bridge/helpers/peers.js';
import { describePhase, measureShare, median, percentile } from './share.js';

interface Row {
  shape: string;
  figure: string;
  bound: string;
  held: boolean;
}
const rows: Row[] = [];
const row = (shape: string, figure: string, bound: string, held: boolean) => {
  rows.push({ shape, figure, bound, held });
  console.log(`  ${held ? 'held' : 'FAILED'}  ${shape}: ${figure} (bound: ${bound})`);
};
const args = parseArgs({
  options: {
    only: { type: 'string' },
    // the share's size: pairs of phases, round trips per quiet page per phase (more: a steadier p99)
    pairs: { type: 'string', default: '20' },
    trips: { type: 'string', default: '200' },
  },
}).values;
const only = args.only?.split(',').map((s) => s.trim());
/** Runs one shape; one that throws is a row that did not hold, and the soak goes on. */
async function shape(name: string, run: () => Promise<void>): Promise<void> {
  if (only && !only.includes(name)) return;
  try {
    await run();
  } catch (error) {
    row(name, `stopped: ${(error as Error).message}`, 'runs to the end', false);
  }
}
const seconds = (since: number) => (performance.now() - since) / 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const bridge: RunningBridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--max-sessions', '250']);
const pid = bridge.process.pid!;
const client = () => bridge.connect();
const startFds = fdCount(pid);
const startRss = rssBytes(pid);
console.log(`Socket Lab soak: bridge pid ${pid}, ${startFds} descriptors, RSS ${(startRss / MiB).toFixed(0)} MiB`);

try {
  // ---- fuzz ----------------------------------------------------------------------------------
  await shape('fuzz', async () => {
    const FRAMES = 40_000;
    const BASE = [
      { type: 'udp.open', sock: 'f1' },
      { type: 'udp.send', sock: 'f1', host: '127.0.0.1', port: 12000, data: 'aGk=' },
      { type: 'tcp.connect', sock: 'f2', host: '127.0.0.1', port: 1 },
      { type: 'tcp.send', sock: 'f2', data: 'aGk=' },
      { type: 'relay.configure', sock: 'f3', settings: { loss: 0.5 } },
      { type: 'socket.close', sock: 'f1' },
    ];
    const WEIRD: unknown[] = [
      -1,
      2 ** 31 + 1,
      1e21,
      -(2 ** 53),
      1.5,
      '',
      'x'.repeat(300),
      null,
      true,
      [],
      {},
      { __proto__: { a: 1 } },
      '::ffff:10.0.0.1',
      '999.1.1.1',
      'évil',
    ];
    let seed = 12345;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
    const mutate = (i: number): string => {
      // every 10th frame of each page is valid: keeps 20-bad-in-a-row away
      if (Math.floor(i / 2) % 10 === 9) return JSON.stringify({ type: 'socket.close', sock: 'nothing', req: i % 1000 });
      const base: Record<string, unknown> = { ...BASE[rand(BASE.length)]! };
      const keys = Object.keys(base);
      switch (rand(6)) {
        case 0:
          Reflect.deleteProperty(base, keys[rand(keys.length)]!);
          break;
        case 1:
          base[keys[rand(keys.length)]!] = WEIRD[rand(WEIRD.length)];
          break;
        case 2:
          base.req = WEIRD[rand(WEIRD.length)];
          break;
        case 3:
          base[`k${rand(5)}`] = WEIRD[rand(WEIRD.length)];
          break;
        case 4:
          return JSON.stringify(base).slice(0, rand(40));
        default:
          base.type = ['udp.fly', 'UDP.OPEN', 'relay.start', 'hello', ''][rand(5)];
      }
      return JSON.stringify(base);
    };
    const pages = await Promise.all([client(), client()]);
    let replies = 0;
    let bad = 0;
    let internal = 0;
    const wires = pages.map(() => 0);
    for (const [i, page] of pages.entries()) {
      page.onEvent((e) => {
        replies++;
        if (e.type === 'socket.error' && e.code === 'LAB_INTERNAL') internal++;
      });
      // the typed client drops frames that fail the schema: count them on the raw socket
      page.socket.addEventListener('message', (ev: { data: unknown }) => {
        wires[i]!++;
        if (!parseEvent(String(ev.data)).ok) bad++;
      });
    }
    const began = performance.now();
    for (let i = 0; i < FRAMES && seconds(began) < 30; i++) {
      pages[i % 2]!.sendRaw(mutate(i));
      if (i % 500 === 499) await sleep(1);
    }
    const deadline = performance.now() + 30_000;
    while (replies < FRAMES && performance.now() < deadline) await sleep(50);
    const took = seconds(began);
    const alive = bridge.process.exitCode === null && pages.every((p) => !p.closed);
    row(
      'fuzz',
      `${FRAMES} frames, ${replies} replies in ${took.toFixed(1)} s; ${bad} failed parseEvent, ${internal} LAB_INTERNAL; bridge and sessions alive: ${alive}`,
      '0 schema failures, 0 LAB_INTERNAL, no crash',
      bad === 0 && internal === 0 && alive,
    );
    for (const p of pages) p.close();
  });

  // ---- churn ---------------------------------------------------------------------------------
  await shape('churn', async () => {
    const page = await client();
    const before = fdCount(pid);
    const began = performance.now();
    let udp = 0;
    for (let round = 0; round < 100 && seconds(began) < 20; round++) {
      const ids = Array.from({ length: 100 }, (_, i) => `c${round}-${i}`);
      const closed = Promise.all(ids.map((id) => page.next('socket.closed', (e) => e.sock === id, 10_000)));
      for (const id of ids) {
        page.send({ type: 'udp.open', sock: id });
        page.send({ type: 'socket.close', sock: id });
      }
      await closed;
      udp += ids.length;
    }
    const echo = bridge.servers['echo-tcp']!;
    let tcp = 0;
    for (let round = 0; round < 500 && seconds(began) < 40; round++) {
      const ids = Array.from({ length: 4 }, (_, i) => `t${round}-${i}`);
      await Promise.all(ids.map((id) => page.tcpConnect(id, '127.0.0.1', echo)));
      await Promise.all(ids.map((id) => page.closeSocket(id)));
      tcp += ids.length;
    }
    page.close();
    await sleep(500);
    const after = fdCount(pid);
    row(
      'churn',
      `${udp} UDP and ${tcp} TCP open/close cycles in ${seconds(began).toFixed(1)} s; descriptors ${before} -> ${after}`,
      'descriptors back within 2',
      after - before <= 2,
    );
  });

  // ---- relay non-reader ----------------------------------------------------------------------
  await shape('relay', async () => {
    const page = await client();
    const server = await tcpPeer((s) => s.pause());
    const relay = await page.relayStart('deaf', 'tcp', { host: '127.0.0.1', port: server.port });
    const told = page
      .next('relay.overflowed', (e) => e.sock === 'deaf', 20_000)
      .then(
        () => true,
        () => false,
      );
    const sender = connect(relay.listen.port, '127.0.0.1');
    sender.on('error', () => {});
    await new Promise((r) => sender.once('connect', r));
    const before = rssBytes(pid);
    const watch = watchRss(pid);
    const result = await writeUpTo(sender, GiB, 8000);
    const grown = watch.stop() - before;
    const overflowed = await told;
    sender.destroy();
    await server.close();
    page.close();
    row(
      'relay',
      `server never reads: client wrote ${(result.written / MiB).toFixed(1)} MiB of 1 GiB in 8 s, stalled ${result.stalled}; bridge RSS +${(grown / MiB).toFixed(1)} MiB; relay.overflowed ${overflowed}`,
      'RSS +64 MiB, sender stalled, page told',
      grown < 64 * MiB && result.stalled && overflowed,
    );
  });

  // ---- 200 sessions --------------------------------------------------------------------------
  await shape('sessions', async () => {
    const SESSIONS = 200;
    const udpUpper = bridge.servers['udp-upper']!;
    const pages = await Promise.all(Array.from({ length: SESSIONS }, () => client()));
    await Promise.all(pages.map((p, i) => p.udpOpen(`s${i}`)));
    const labFrames = pages.map(() => 0);
    pages.forEach((p, i) =>
      p.onEvent((e) => {
        if ('sock' in e && typeof e.sock === 'string' && e.sock.startsWith('lab:')) labFrames[i]!++;
      }),
    );
    const rtts: number[] = [];
    let lost = 0;
    await Promise.all(
      pages.map(async (p, i) => {
        const began = performance.now();
        const reply = p.next('udp.received', (e) => e.sock === `s${i}`, 10_000);
        p.send({ type: 'udp.send', sock: `s${i}`, host: '127.0.0.1', port: udpUpper, data: toBase64(`page ${i}`) });
        await reply.then(
          () => rtts.push(performance.now() - began),
          () => lost++,
        );
      }),
    );
    await sleep(300);
    const total = labFrames.reduce((a, b) => a + b, 0);
    for (const p of pages) p.close();
    row(
      'sessions',
      `${SESSIONS} pages, one round trip each with udp-upper at once: ${rtts.length} answered, ${lost} lost, p50 ${percentile(rtts, 50).toFixed(1)} ms, p99 ${percentile(rtts, 99).toFixed(1)} ms; ${total} lab frames in all (${(total / SESSIONS).toFixed(1)} per round trip)`,
      '0 lost; lab frames per round trip 2 (not 2 x pages)',
      lost === 0 && total <= 2 * SESSIONS,
    );
    await sleep(500);
  });

  // ---- local connection flood ----------------------------------------------------------------
  await shape('flood', async () => {
    const page = await client();
    const before = fdCount(pid);
    const flood = await idleFlood(bridge.servers['tcp-upper']!, 2000, 5000);
    const during = fdCount(pid);
    const began = performance.now();
    let echoed: boolean;
    try {
      await page.tcpConnect('echo', '127.0.0.1', bridge.servers['echo-tcp']!);
      const got = page.next('tcp.received', (e) => e.sock === 'echo', 5000);
      await page.tcpSend('echo', 'during the flood');
      echoed = (await got).size > 0;
    } catch {
      echoed = false;
    }
    const echoMs = performance.now() - began;
    for (const s of flood.open) s.destroy();
    page.close();
    row(
      'flood',
      `${flood.connected} idle connections to tcp-upper completed in 5 s; bridge descriptors ${before} -> ${during}; a page's echo-tcp exchange meanwhile ${echoed ? `in ${echoMs.toFixed(1)} ms` : 'FAILED'}`,
      'descriptors +10, the echo answered',
      during - before <= 10 && echoed,
    );
    await sleep(500);
  });

  // ---- share ---------------------------------------------------------------------------------
  await shape('share', async () => {
    const figures = await measureShare(bridge, { pairs: Number(args.pairs), trips: Number(args.trips), quiet: 3 });
    for (const p of figures.phases) console.log(`    ${describePhase(p)}`);
    const flooded = figures.phases.filter((p) => p.flood);
    const rate = median(flooded.map((p) => p.floodRate));
    const cpu = median(flooded.map((p) => p.flooderCpu));
    const lost = figures.phases.reduce((n, p) => n + p.lost, 0);
    const { alone, pooled, control, ratios } = figures;
    row(
      'share',
      `3 pages x ${args.trips} UDP round trips per phase, ${figures.phases.length} phases interleaved (load ${figures.load.toFixed(1)}): p50/p99 ${alone.p50.toFixed(2)}/${alone.p99.toFixed(2)} ms alone, ${figures.flooded.p50.toFixed(2)}/${figures.flooded.p99.toFixed(2)} ms while a fourth page floods (answered at ${rate.toFixed(0)}/s, its process ${(100 * cpu).toFixed(0)} % of a core); p99 ratio ${pooled.toFixed(2)} (per pair: median ${median(ratios).toFixed(2)}, ${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)}; control without the flood ${control.toFixed(2)}); ${lost} lost`,
      'p99 ratio <= 1.20, 0 lost',
      pooled <= 1.2 && lost === 0,
    );
  });

  await sleep(1000);
  const endFds = fdCount(pid);
  const endRss = rssBytes(pid);
  row(
    'end',
    `descriptors ${startFds} -> ${endFds}; RSS ${(startRss / MiB).toFixed(0)} -> ${(endRss / MiB).toFixed(0)} MiB; bridge alive ${bridge.process.exitCode === null}`,
    'descriptors back within 4, alive',
    endFds - startFds <= 4 && bridge.process.exitCode === null,
  );
} finally {
  await bridge.stop();
}

console.log('\n| shape | figure | bound | held |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.shape} | ${r.figure} | ${r.bound} | ${r.held ? 'yes' : '**no**'} |`);
process.exit(rows.every((r) => r.held) ? 0 : 1);
