// Turning the measurements into the table a person reads and the JSON line a script reads.
import type { Channel } from './channels.js';
import type { IdleResult } from './idle-sessions.js';
import type { ThroughputResult } from './measure.js';
import { median, percentile } from './stats.js';

export type Proto = 'udp' | 'tcp';
export type Key = 'direct' | 'reference' | 'bridge' | 'unlimited' | 'lab';

/** One way of reaching one transport's target, and what was measured through it. */
export interface Variant {
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

const rate = (v: Variant) => median(v.runs.map((r) => r.messages / r.seconds));
const p50 = (v: Variant) => percentile(v.latency, 50);
const p99 = (v: Variant) => percentile(v.latency, 99);
const cpuPerMessage = (v: Variant) => v.cpuMs / v.runs.reduce((n, r) => n + r.answered, 0);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function refusedOf(v: Variant): Record<string, number> {
  const all: Record<string, number> = {};
  for (const r of v.runs) for (const [code, n] of Object.entries(r.refused)) all[code] = (all[code] ?? 0) + n;
  return all;
}

export function printTable(variants: Variant[], payloadBytes: number, log: (line: string) => void): void {
  const col = (x: number, digits = 0, width = 8) => (Number.isFinite(x) ? x.toFixed(digits) : '-').padStart(width);
  log(
    `${''.padEnd(4)} ${'variant'.padEnd(37)} ${'p50 µs'.padStart(8)} ${'p99 µs'.padStart(8)} ${'msg/s'.padStart(8)} ${'MB/s'.padStart(6)} ${'runs min..max'.padStart(14)} ${'CPU µs/msg'.padStart(10)}  notes`,
  );
  for (const v of variants) {
    const rates = v.runs.map((r) => r.messages / r.seconds);
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
        col((rate(v) * payloadBytes) / 1e6, 2, 6),
        `${Math.round(Math.min(...rates))}..${Math.round(Math.max(...rates))}`.padStart(14),
        v.pid ? col(cpuPerMessage(v) * 1000, 1, 10) : '-'.padStart(10),
        ` ${notes}`,
      ].join(' '),
    );
  }
}

export function printIdle(idle: { reference: IdleResult; bridge: IdleResult }, log: (line: string) => void): void {
  log('idle sessions, each holding one UDP socket: resident memory (VmRSS) of the relaying process');
  for (const [label, r] of [
    ['(b) reference relay', idle.reference],
    ['(c) bridge', idle.bridge],
  ] as const) {
    log(
      `     ${label.padEnd(20)} ${r.sessions} sessions: ${(r.beforeKb / 1024).toFixed(1)} MiB -> ${(r.afterKb / 1024).toFixed(1)} MiB = ${r.perSessionKb.toFixed(1)} KiB per session`,
    );
  }
}

/** Ratios of a variant to the reference relay, for one transport. */
export function ratios(variants: Variant[], proto: Proto) {
  const find = (key: Key) => variants.find((v) => v.key === key && v.proto === proto);
  const ref = find('reference');
  const ratio = (key: Key, measure: (v: Variant) => number) => {
    const v = find(key);
    return v && ref ? round3(measure(v) / measure(ref)) : null;
  };
  /** Round by round, then the median: the two runs of one round are close in time and share the
   * machine's load, so their ratio is steadier than a ratio of medians. */
  const throughput = (key: Key) => {
    const v = find(key);
    return v && ref ? round3(median(v.runs.map((run, i) => run.messages / run.seconds / (ref.runs[i]!.messages / ref.runs[i]!.seconds)))) : null;
  };
  return {
    p50: ratio('bridge', p50),
    p99: ratio('bridge', p99),
    throughput: throughput('bridge'),
    throughputRateLimitRaised: throughput('unlimited'),
    cpuPerMessageRateLimitRaised: ratio('unlimited', cpuPerMessage),
  };
}

export function printRatios(variants: Variant[], log: (line: string) => void): void {
  log('ratios to (b)      p50 (c)   p99 (c)   msg/s (c)   msg/s (c*)   CPU/msg (c*)');
  for (const proto of ['udp', 'tcp'] as const) {
    if (!variants.some((v) => v.proto === proto)) continue;
    const r = ratios(variants, proto);
    const cells = [r.p50, r.p99, r.throughput, r.throughputRateLimitRaised, r.cpuPerMessageRateLimitRaised];
    log(`     ${proto.toUpperCase().padEnd(12)} ${cells.map((c, i) => (c === null ? '-' : c.toFixed(2)).padStart([5, 9, 11, 12, 14][i]!)).join('')}`);
  }
}

/** Messages the bridge (as `npm start` runs it) refused with LAB_RATE_LIMITED. */
export function rateLimited(variants: Variant[]): number {
  return variants.filter((v) => v.key === 'bridge' || v.key === 'lab').reduce((n, v) => n + (refusedOf(v).LAB_RATE_LIMITED ?? 0), 0);
}
