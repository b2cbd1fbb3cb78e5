// `npm run bench`: what the bridge's fences cost, over loopback, in one run.
//   (a) direct Node sockets to the target servers (the floor),
//   (b) the reference relay: the same JSON protocol over a WebSocket, no fences (reference-relay.ts),
//   (c) the real bridge process, started as `npm start` starts it, every fence on.
// Beside them, for explanation only: (c*) the same bridge code with its rate limit raised, and
// (c') the bridge talking to its own lab udp-upper, which reports both ends of every exchange.
// For UDP and TCP: round-trip latency (p50, p99) and pipelined throughput; then resident memory
// per idle session. The last line printed is one JSON object with the ratios (c)/(b).
import { cpus, totalmem } from 'node:os';
import { labTcp, labUdp, directTcp, directUdp, type Channel } from './channels.js';
import { idleSessions } from './idle-sessions.js';
import { pipelined, roundTrips } from './measure.js';
import { pin, referenceEndpoint, startBridgeUnderTest, startHelper, unlimitedEndpoint } from './processes.js';
import { printIdle, printRatios, printTable, rateLimited, ratios, type Key, type Proto, type Variant } from './report.js';
import { cpuMs, machineBusyMs } from './stats.js';

const setting = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
/** Payload of every message: a lowercase sentence, as the lab sends, repeated to this many bytes. */
const PAYLOAD_BYTES = 256;
/** Messages in flight in the throughput runs. */
const WINDOW = setting('BENCH_WINDOW', 32);
/** Interleaved rounds; each runs every variant, in an order rotated from round to round. */
const ROUNDS = setting('BENCH_ROUNDS', 5);
/** Round trips per variant per round, taken in chunks that alternate between the variants. */
const ROUND_TRIPS = 1000;
const CHUNK = 100;
/** Each throughput run: a lead-in that is not counted, then the measured part. */
const LEAD_IN_MS = 400;
const THROUGHPUT_MS = 1000;
const MAX_MESSAGES = 200_000;
const IDLE_SESSIONS = setting('BENCH_IDLE_SESSIONS', 1000);
/** BENCH_ONLY=udp or tcp runs one transport (for profiling); memory is then skipped. */
const ONLY = process.env.BENCH_ONLY;

const payload = Buffer.alloc(PAYLOAD_BYTES, 'the quick brown fox jumps over the lazy dog. ');

const began = performance.now();
const log = (line: string) => console.log(line);
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;

// BENCH_CPU_PROF=<dir>: CPU profiles of the relays go there (see cpu-profile.ts)
const profile = process.env.BENCH_CPU_PROF ? { NODE_OPTIONS: `--import tsx --import ${new URL('./cpu-profile.ts', import.meta.url).pathname}` } : {};
const [targets, relay, unlimited, bridge] = await Promise.all([
  startHelper<{ udpPort: number; tcpPort: number }>('targets'),
  startHelper<{ port: number }>('relay', profile),
  startHelper<{ port: number; token: string }>('unlimited', profile),
  startBridgeUnderTest(IDLE_SESSIONS + 100, profile),
]);
const ourPids = [process.pid, targets.pid, relay.pid, unlimited.pid, bridge.pid];
const pinned = [pin(process.pid, 0), pin(targets.pid, 0), ...[relay.pid, unlimited.pid, bridge.pid].map((pid) => pin(pid, 1))].every(Boolean);
const reference = referenceEndpoint(relay.info.port);
const variants: Variant[] = [];

try {
  log(`Socket Lab bench: payload ${PAYLOAD_BYTES} B, window ${WINDOW}, ${ROUNDS} rounds; ${cpus().length} cores, node ${process.version}`);
  log(pinned ? 'pinned: client and target servers on CPU 0, the relay under test on CPU 1' : 'not pinned to CPUs (BENCH_PIN=1 pins them with taskset)');

  // ---- memory first, on fresh processes, before throughput runs have grown their heaps -------
  let idle;
  if (!ONLY) {
    log(`[${elapsed()}] idle sessions: ${IDLE_SESSIONS} WebSockets, each with one udp.open...`);
    idle = {
      bridge: await idleSessions(bridge.endpoint, bridge.pid, IDLE_SESSIONS, 60_000),
      reference: await idleSessions(reference, relay.pid, IDLE_SESSIONS, 60_000),
    };
  }

  // ---- the channels --------------------------------------------------------------------------
  const { udpPort, tcpPort } = targets.info;
  const lanes: [Key, string, Proto, () => Promise<Channel>, number | undefined][] = [
    ['direct', '(a) direct Node sockets', 'udp', () => directUdp(udpPort, payload), undefined],
    ['reference', '(b) reference relay, no fences', 'udp', () => labUdp(reference, udpPort, payload), relay.pid],
    ['bridge', '(c) bridge, every fence on', 'udp', () => labUdp(bridge.endpoint, udpPort, payload), bridge.pid],
    ['unlimited', '(c*) bridge, rate limit raised', 'udp', () => labUdp(unlimitedEndpoint(unlimited.info), udpPort, payload), unlimited.pid],
    ['lab', "(c') bridge to its own lab udp-upper", 'udp', () => labUdp(bridge.endpoint, bridge.bridge.servers['udp-upper']!, payload), bridge.pid],
    ['direct', '(a) direct Node sockets', 'tcp', () => directTcp(tcpPort, payload), undefined],
    ['reference', '(b) reference relay, no fences', 'tcp', () => labTcp(reference, tcpPort, payload), relay.pid],
    ['bridge', '(c) bridge, every fence on', 'tcp', () => labTcp(bridge.endpoint, tcpPort, payload), bridge.pid],
    ['unlimited', '(c*) bridge, rate limit raised', 'tcp', () => labTcp(unlimitedEndpoint(unlimited.info), tcpPort, payload), unlimited.pid],
  ];
  for (const [key, label, proto, open, pid] of lanes) {
    if (ONLY && proto !== ONLY) continue;
    variants.push({ key, label, proto, pid, channel: await open(), latency: [], lost: 0, runs: [], cpuMs: 0 });
  }

  log(`[${elapsed()}] warming up...`);
  for (const v of variants) {
    await roundTrips(v.channel, PAYLOAD_BYTES, 500, 3000);
    await pipelined(v.channel, PAYLOAD_BYTES, WINDOW, 100, 400, MAX_MESSAGES);
  }

  // ---- interleaved rounds --------------------------------------------------------------------
  // what the rest of the machine does meanwhile: busy CPU time that is not ours is load from elsewhere
  const ourCpu = () => ourPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const before = { wall: performance.now(), machine: machineBusyMs(), ours: ourCpu() };
  for (let round = 0; round < ROUNDS; round++) {
    log(`[${elapsed()}] round ${round + 1} of ${ROUNDS}...`);
    for (const proto of ['udp', 'tcp'] as const) {
      const group = variants.filter((v) => v.proto === proto);
      // rotate the order each round, so no variant always runs first or right after another
      const order = group.map((_, i) => group[(i + round) % group.length]!);
      for (let done = 0; done < ROUND_TRIPS; done += CHUNK) {
        for (const v of order) {
          const result = await roundTrips(v.channel, PAYLOAD_BYTES, CHUNK, 3000);
          v.latency.push(...result.samples);
          v.lost += result.lost;
        }
      }
      for (const v of order) {
        const cpuBefore = v.pid ? cpuMs(v.pid) : 0;
        v.runs.push(await pipelined(v.channel, PAYLOAD_BYTES, WINDOW, LEAD_IN_MS, THROUGHPUT_MS, MAX_MESSAGES));
        if (v.pid) v.cpuMs += cpuMs(v.pid) - cpuBefore;
      }
    }
  }

  const foreignCores = (machineBusyMs() - before.machine - (ourCpu() - before.ours)) / (performance.now() - before.wall);

  // ---- report --------------------------------------------------------------------------------
  const udp = ratios(variants, 'udp');
  const tcp = ratios(variants, 'tcp');
  const limited = rateLimited(variants);
  const summary = {
    udp_p50_ratio: udp.p50,
    udp_throughput_ratio: udp.throughput,
    tcp_p50_ratio: tcp.p50,
    tcp_throughput_ratio: tcp.throughput,
    idle_session_kb: idle ? Math.round(idle.bridge.perSessionKb * 10) / 10 : null,
    reference_idle_session_kb: idle ? Math.round(idle.reference.perSessionKb * 10) / 10 : null,
    udp_p99_ratio: udp.p99,
    tcp_p99_ratio: tcp.p99,
    udp_throughput_ratio_rate_limit_raised: udp.throughputRateLimitRaised,
    tcp_throughput_ratio_rate_limit_raised: tcp.throughputRateLimitRaised,
    udp_cpu_per_msg_ratio_rate_limit_raised: udp.cpuPerMessageRateLimitRaised,
    tcp_cpu_per_msg_ratio_rate_limit_raised: tcp.cpuPerMessageRateLimitRaised,
    bridge_rate_limited: limited,
    payload_bytes: PAYLOAD_BYTES,
    window: WINDOW,
    rounds: ROUNDS,
    pinned,
    other_load_cores: Math.round(Math.max(0, foreignCores) * 100) / 100,
    cores: cpus().length,
    memory_mib: Math.round(totalmem() / 2 ** 20),
    node: process.version,
    seconds: Math.round((performance.now() - began) / 1000),
  };
  log('');
  printTable(variants, PAYLOAD_BYTES, log);
  if (idle) {
    log('');
    printIdle(idle, log);
  }
  log('');
  printRatios(variants, log);
  log('');
  log(`other programs kept ${(Math.max(0, foreignCores) * 100).toFixed(0)}% of one core busy on average during the rounds (${cpus().length} cores in all)`);
  log('targets, (c)/(b): p50 ratio <= 1.2, throughput ratio >= 0.9; idle session <= 20 KiB');
  if (limited > 0) log(`note: the bridge refused ${limited} messages with LAB_RATE_LIMITED: its throughput in (c) is capped by that fence (compare c*)`);
  log(JSON.stringify(summary));
} finally {
  for (const v of variants) v.channel.close();
  await Promise.all([targets.stop(), relay.stop(), unlimited.stop(), bridge.bridge.stop()]);
}
