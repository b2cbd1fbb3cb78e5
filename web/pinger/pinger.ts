// The pinger client of lesson 9, run from the page through the bridge: ten pings "Ping n time",
// each waiting one second for its reply, then min / average / max RTT and the loss rate. RTTs come
// from the bridge's clock (when sendto returned and when recvfrom did), not the browser's.
import { decodeText, type LabClient } from '../../protocol/client.js';
import type { EventOf } from '../../protocol/messages.js';

export interface Ping {
  n: number;
  /** The round-trip time in ms, or undefined: "Request timed out". */
  rttMs?: number;
  reply?: string;
  /** Replies that came back after their ping had timed out. */
  late?: boolean;
}

export interface PingSummary {
  sent: number;
  received: number;
  lossPercent: number;
  minMs?: number;
  avgMs?: number;
  maxMs?: number;
}

export function summarize(pings: Ping[]): PingSummary {
  const rtts = pings.flatMap((p) => (p.rttMs === undefined ? [] : [p.rttMs]));
  const sent = pings.length;
  return {
    sent,
    received: rtts.length,
    lossPercent: sent === 0 ? 0 : Math.round((100 * (sent - rtts.length)) / sent),
    minMs: rtts.length ? Math.min(...rtts) : undefined,
    avgMs: rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : undefined,
    maxMs: rtts.length ? Math.max(...rtts) : undefined,
  };
}

export interface PingerOptions {
  sock: string;
  host: string;
  port: number;
  count?: number;
  timeoutMs?: number;
  onPing?: (ping: Ping) => void;
  /** Stops the run early, keeping the pings so far (the page's Stop button, the panel unmounting,
   * a test ending): the wait for the current reply ends at once. */
  signal?: AbortSignal;
}

const PING_RE = /^PING (\d+) /i;
/** How much longer than the timeout the page waits for an event from the bridge. */
const PAGE_GRACE_MS = 250;

/** The longest a run can take by design: each ping waits its timeout and the grace at most. Tests
 * derive their time limits from it instead of from the machine's speed. */
export function pingerBudgetMs(count = 10, timeoutMs = 1000): number {
  return count * (timeoutMs + PAGE_GRACE_MS);
}

export async function runPinger(client: LabClient, options: PingerOptions): Promise<{ pings: Ping[]; summary: PingSummary }> {
  const { sock, host, port, count = 10, timeoutMs = 1000 } = options;
  const pings: Ping[] = [];
  await client.udpOpen(sock, { bufsize: 1024 });
  try {
    for (let n = 1; n <= count && !options.signal?.aborted; n++) {
      const text = `Ping ${n} ${(Date.now() / 1000).toFixed(6)}`;
      // a reply to this ping, not a late one to an earlier ping. The bridge's clock decides whether
      // it came in time; the page waits a little longer, so a busy page does not turn a reply that
      // was on time into a timeout
      const reply = client
        .next('udp.received', (e) => e.sock === sock && Number(PING_RE.exec(decodeText(e.data))?.[1]) === n, timeoutMs + PAGE_GRACE_MS, options.signal)
        .catch(() => undefined);
      const sent = await client.udpSend(sock, host, port, text);
      const got: EventOf<'udp.received'> | undefined = await reply;
      if (options.signal?.aborted) break;
      const rtt = got ? (got.t - sent.t) / 1000 : undefined;
      const ping: Ping = rtt !== undefined && rtt <= timeoutMs ? { n, rttMs: rtt, reply: decodeText(got!.data) } : { n };
      pings.push(ping);
      options.onPing?.(ping);
    }
  } finally {
    await client.closeSocket(sock).catch(() => undefined);
  }
  return { pings, summary: summarize(pings) };
}
