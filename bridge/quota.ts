// Limits that keep one page (or one runaway loop in it) from exhausting the machine.
import { readFileSync } from 'node:fs';

export interface Limits {
  socketsPerSession: number;
  socketsTotal: number;
  /** File descriptors a session's sockets may hold (a relay holds one per client and per server
   * connection besides its own), and all sessions together (less, if the process may open fewer:
   * see filesBudget). */
  filesPerSession: number;
  filesTotal: number;
  sessions: number;
  pendingConnects: number;
  connectTimeoutMs: number;
  /** Requests per second the bridge handles for all pages together when several send at once,
   * shared equally among them (bridge/share.ts); a page alone is bounded only by the buckets. */
  sharedMessagesPerSecond: number;
  /** Messages per second a session may send, and the burst it may save up. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes per second of payload a session may send, and the burst. */
  bytesPerSecond: number;
  byteBurst: number;
  /** Malformed messages in a row before the session is closed with 1008. */
  badMessagesInARow: number;
  /** Bytes queued towards the page before its TCP sockets are paused and its UDP is dropped. */
  highWaterBytes: number;
  heartbeatMs: number;
  /** An HTTP request's headers must arrive within headersTimeoutMs, the whole request within
   * requestTimeoutMs; else 408 and the connection is closed. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** How long a page's send() may block (its requests unread) before it times out. */
  sendBlockMs: number;
  /** What one relay keeps on its way in each direction (delayed and held), in packets and bytes. */
  relayQueuePackets: number;
  relayQueueBytes: number;
  /** The same, summed over every relay of the bridge. */
  relayQueuePacketsTotal: number;
  relayQueueBytesTotal: number;
}

export const DEFAULT_LIMITS: Limits = {
  socketsPerSession: 16,
  socketsTotal: 1024,
  filesPerSession: 64,
  filesTotal: 2048,
  sessions: 64,
  pendingConnects: 4,
  connectTimeoutMs: 5000,
  // a guard against a runaway loop in a page (and an amplifier when --allow widens the reach), set
  // above what one session can carry through the bridge on this class of machine (about 35,000
  // small messages a second, docs/performance.md), so it never throttles honest work
  // a quarter of what the probe measured the bridge handling on this class of machine (16,000 a
  // second under fuzz), so pages that compete leave the event loop mostly idle for each other; a
  // lesson's busiest page (a loop of pings, a relay's pieces) asks for a few hundred a second
  sharedMessagesPerSecond: 4000,
  messagesPerSecond: 50_000,
  messageBurst: 10_000,
  bytesPerSecond: 64 * 1024 * 1024,
  byteBurst: 8 * 1024 * 1024,
  badMessagesInARow: 20,
  highWaterBytes: 1024 * 1024,
  heartbeatMs: 30_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  sendBlockMs: 5000,
  // lesson 9 holds ten pings; a thousand packets or a mebibyte is far more than any lesson keeps
  // on the path, and 64 relays at their bound stay under the whole bridge's 32 MiB
  relayQueuePackets: 1024,
  relayQueueBytes: 1024 * 1024,
  relayQueuePacketsTotal: 32 * 1024,
  relayQueueBytesTotal: 32 * 1024 * 1024,
};

/** A token bucket: `take(n)` succeeds while tokens last; they refill at `rate` per second. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    /** The clock, in ms (a test gives its own). */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(n = 1): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/** Counts sockets (or descriptors) across all sessions. */
export class SocketCounter {
  count = 0;
  constructor(readonly max: number) {}
  acquire(n = 1): boolean {
    if (this.count + n > this.max) return false;
    this.count += n;
    return true;
  }
  release(n = 1): void {
    this.count = Math.max(0, this.count - n);
  }
}

/** Descriptors kept out of the pages' reach: the lab servers' connections (each server bounds its
 * own, about 200 together), the page's HTTP requests, Node's own. With one more per session (its
 * WebSocket), a new page can always open and be told why a request is refused. */
export const FILES_RESERVE = 512;

/** The descriptors all pages' sockets may hold together: filesTotal, or less when the process may
 * open fewer files (RLIMIT_NOFILE) than that plus the reserve. */
export function filesBudget(limits: Limits, openFilesLimit = processOpenFilesLimit()): number {
  return Math.max(0, Math.min(limits.filesTotal, openFilesLimit - FILES_RESERVE - limits.sessions));
}

/** The soft RLIMIT_NOFILE of this process (Node raises it to the hard limit at start). */
function processOpenFilesLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/)[1];
    return soft && /^\d+$/.test(soft) ? Number(soft) : Infinity;
  } catch {
    return Infinity; // not Linux: filesTotal alone
  }
}
