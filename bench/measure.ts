// The two measurements, over any channel: sequential round trips (latency) and a pipelined
// window of messages in flight (throughput). Both are bounded in count and in time.
import type { Channel } from './channels.js';

export interface LatencyResult {
  /** Round-trip times in microseconds. */
  samples: number[];
  /** Round trips that got no whole answer within the timeout (UDP may lose datagrams). */
  lost: number;
}

/** `count` round trips one after another: send the payload, wait until all of it came back. */
export async function roundTrips(channel: Channel, size: number, count: number, budgetMs: number, timeoutMs = 1000): Promise<LatencyResult> {
  const samples: number[] = [];
  let lost = 0;
  const deadline = performance.now() + budgetMs;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const start = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      let got = 0;
      const timer = setTimeout(() => resolve(false), timeoutMs);
      channel.onBytes = (bytes) => {
        got += bytes;
        if (got >= size) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      channel.onRefused = () => {
        clearTimeout(timer);
        resolve(false);
      };
      channel.send();
    });
    if (ok) samples.push((performance.now() - start) * 1000);
    else lost++;
  }
  channel.onBytes = () => {};
  channel.onRefused = () => {};
  return { samples, lost };
}

export interface ThroughputResult {
  /** Messages answered in the measured part, and how long it lasted. */
  messages: number;
  bytes: number;
  seconds: number;
  /** Messages the far end refused or dropped, by code (LAB_RATE_LIMITED, udp.dropped...). */
  refused: Record<string, number>;
  /** Messages whose answer never came (counted when the window stalls). */
  lost: number;
  /** Messages answered in the whole run, lead-in and drain included (to share out CPU time). */
  answered: number;
}

/** Keeps `window` messages in flight: each answer lets the next message go. The first `leadInMs`
 * are not counted (the pipeline fills, and a token bucket spends its saved-up burst), then payload
 * that comes back during `durationMs` is. Afterwards it waits (bounded) for the rest to drain so the
 * next run starts clean. */
export async function pipelined(
  channel: Channel,
  size: number,
  window: number,
  leadInMs: number,
  durationMs: number,
  maxMessages: number,
): Promise<ThroughputResult> {
  let sent = 0;
  let back = 0; // payload bytes that came back
  let written = 0; // messages written off: refused, dropped or lost
  let lastProgress = performance.now();
  const refused: Record<string, number> = {};
  let lost = 0;
  let running = true;
  const inFlight = () => sent * size - back - written * size;

  const pump = () => {
    while (running && inFlight() <= (window - 1) * size && sent < maxMessages) {
      sent++;
      channel.send();
    }
  };
  channel.onBytes = (bytes) => {
    back += bytes;
    lastProgress = performance.now();
    pump();
  };
  channel.onRefused = (code, count) => {
    refused[code] = (refused[code] ?? 0) + count;
    written += count;
    lastProgress = performance.now();
    pump();
  };
  // a lost UDP datagram would hold its slot forever: after a quiet spell, write the window off
  // (TCP only stalls, and its bytes still come: the deadline and the bounded drain cover it)
  const watchdog = setInterval(() => {
    if (channel.lossy && performance.now() - lastProgress > 250 && inFlight() > 0) {
      const missing = Math.ceil(inFlight() / size);
      lost += missing;
      written += missing;
      lastProgress = performance.now();
      pump();
    }
  }, 50);

  pump();
  await new Promise((resolve) => setTimeout(resolve, leadInMs));
  const start = { time: performance.now(), back };
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  const seconds = (performance.now() - start.time) / 1000;
  const bytes = back - start.back;
  running = false;
  // drain what is still in flight, at most one second
  const drainDeadline = performance.now() + 1000;
  while (inFlight() > 0 && performance.now() < drainDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(watchdog);
  channel.onBytes = () => {};
  channel.onRefused = () => {};
  return { messages: bytes / size, bytes, seconds, refused, lost, answered: back / size };
}
