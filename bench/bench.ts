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
import { pipelined, roundTrips, type ThroughputResult } from './measure.js';
import { pin, referenceEndpoint, startBridgeUnderTest, startHelper, unlimitedEndpoint } from './processes.js';
import { cpuMs, machineBusyMs, median, percentile } from './stats.js';

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

type Proto = 'udp' | 'tcp';
type Key = 'direct' | 'reference' | 'bridge' | 'unlimited' | 'lab';
interface Variant {
  key: Key;
  label: string;
  proto: Proto;
  /** The relaying process, whose CPU time is charged to the messages it carried. */
  pid?: number;
  channel: Channel;
  latency: number[];
  lost: number;
  runs: ThroughputResult[];
  cpuMs: number;
}

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
  const rate = (v: Variant) => median(v.runs.map((r) => r.messages / r.seconds));
  const p50 = (v: Variant) => percentile(v.latency, 50);
  const p99 = (v: Variant) => percentile(v.latency, 99);
  const cpuPerMessage = (v: Variant) => v.cpuMs / v.runs.reduce((n, r) => n + r.answered, 0);
  const refusedOf = (v: Variant) => {
    const all: Record<string, number> = {};
    for (const r of v.runs) for (const [code, n] of Object.entries(r.refused)) all[code] = (all[code] ?? 0) + n;
    return all;
  };
  const col = (x: number, digits = 0, width = 8) => (Number.isFinite(x) ? x.toFixed(digits) : '-').padStart(width);
  log('');
  log(`${''.padEnd(4)} ${'variant'.padEnd(37)} ${'p50 µs'.padStart(8)} ${'p99 µs'.padStart(8)} ${'msg/s'.padStart(8)} ${'MB/s'.padStart(6)} ${'runs min..max'.padStart(14)} ${'CPU µs/msg'.padStart(10)}  notes`);
  for (const v of variants) {
    const rates = v.runs.map((r) => r.messages / r.seconds);
    const delivered = v.runs.reduce((n, r) => n + r.answered, 0);
    const refused = Object.entries(refusedOf(v)).map(([code, n]) => `${code} x${n}`);
    const lost = v.lost + v.runs.reduce((n, r) => n + r.lost, 0);
    const notes = [...refused, ...(lost > 0 ? [`lost x${lost}`] : [])].join(', ');
    log(
      [
        v.proto.toUpperCase().padEnd(4),
        v.label.padEnd(37),
        col(p50(v)),
        col(p99(v)),
        col(rate(v)),
        col((rate(v) * PAYLOAD_BYTES) / 1e6, 2, 6),
        `${Math.round(Math.min(...rates))}..${Math.round(Math.max(...rates))}`.padStart(14),
        v.pid && delivered > 0 ? col(cpuPerMessage(v) * 1000, 1, 10) : '-'.padStart(10),
        ` ${notes}`,
      ].join(' '),
    );
  }
  if (idle) {
    log('');
    log('idle sessions, each holding one UDP socket: resident memory (VmRSS) of the relaying process');
    for (const [label, r] of [['(b) reference relay', idle.reference], ['(c) bridge', idle.bridge]] as const) {
      log(`     ${label.padEnd(20)} ${r.sessions} sessions: ${(r.beforeKb / 1024).toFixed(1)} MiB -> ${(r.afterKb / 1024).toFixed(1)} MiB = ${r.perSessionKb.toFixed(1)} KiB per session`);
    }
  }

  const find = (key: Key, proto: Proto) => variants.find((v) => v.key === key && v.proto === proto);
  const round3 = (x: number) => Math.round(x * 1000) / 1000;
  const ratio = (key: Key, proto: Proto, measure: (v: Variant) => number) => {
    const a = find(key, proto);
    const b = find('reference', proto);
    return a && b ? round3(measure(a) / measure(b)) : null;
  };
  /** Throughput ratio round by round, then the median: the two runs of one round are close in
   * time and share the machine's load, so their ratio is steadier than a ratio of medians. */
  const throughputRatio = (key: Key, proto: Proto) => {
    const a = find(key, proto);
    const b = find('reference', proto);
    return a && b ? round3(median(a.runs.map((run, i) => run.messages / run.seconds / (b.runs[i]!.messages / b.runs[i]!.seconds)))) : null;
  };
  const rateLimited = (['bridge', 'lab'] as const).reduce((n, key) => n + variants.filter((v) => v.key === key).reduce((m, v) => m + (refusedOf(v).LAB_RATE_LIMITED ?? 0), 0), 0);
  const summary = {
    udp_p50_ratio: ratio('bridge', 'udp', p50),
    udp_throughput_ratio: throughputRatio('bridge', 'udp'),
    tcp_p50_ratio: ratio('bridge', 'tcp', p50),
    tcp_throughput_ratio: throughputRatio('bridge', 'tcp'),
    idle_session_kb: idle ? Math.round(idle.bridge.perSessionKb * 10) / 10 : null,
    reference_idle_session_kb: idle ? Math.round(idle.reference.perSessionKb * 10) / 10 : null,
    udp_p99_ratio: ratio('bridge', 'udp', p99),
    tcp_p99_ratio: ratio('bridge', 'tcp', p99),
    udp_throughput_ratio_rate_limit_raised: throughputRatio('unlimited', 'udp'),
    tcp_throughput_ratio_rate_limit_raised: throughputRatio('unlimited', 'tcp'),
    udp_cpu_per_msg_ratio_rate_limit_raised: ratio('unlimited', 'udp', cpuPerMessage),
    tcp_cpu_per_msg_ratio_rate_limit_raised: ratio('unlimited', 'tcp', cpuPerMessage),
    bridge_rate_limited: rateLimited,
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
  log('ratios to (b)      p50 (c)   p99 (c)   msg/s (c)   msg/s (c*)   CPU/msg (c*)');
  for (const proto of ['udp', 'tcp'] as const) {
    if (!find('bridge', proto)) continue;
    const cells = [ratio('bridge', proto, p50), ratio('bridge', proto, p99), throughputRatio('bridge', proto), throughputRatio('unlimited', proto), ratio('unlimited', proto, cpuPerMessage)];
    log(`     ${proto.toUpperCase().padEnd(12)} ${cells.map((c, i) => (c === null ? '-' : c.toFixed(2)).padStart([5, 9, 11, 12, 14][i]!)).join('')}`);
  }
  log('');
  log(`other programs kept ${(Math.max(0, foreignCores) * 100).toFixed(0)}% of one core busy on average during the rounds (${cpus().length} cores in all)`);
  log('targets, (c)/(b): p50 ratio <= 1.2, throughput ratio >= 0.9; idle session <= 20 KiB');
  if (rateLimited > 0) log(`note: the bridge refused ${rateLimited} messages with LAB_RATE_LIMITED: its throughput in (c) is capped by that fence (compare c*)`);
  log(JSON.stringify(summary));
} finally {
  for (const v of variants) v.channel.close();
  await Promise.all([targets.stop(), relay.stop(), unlimited.stop(), bridge.bridge.stop()]);
}
