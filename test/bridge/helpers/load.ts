// Load against the bridge from outside, every loop bounded in count and in time: the bridge's
// resident memory read from /proc, and writers that push up to a given number of bytes.
import { readFileSync } from 'node:fs';
import type { Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket } from 'node:net';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** The process's resident memory, in bytes. */
export function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]!;
  return Number(kb) * 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; `peak` is the highest seen. */
export function watchRss(pid: number, everyMs = 50): { readonly peak: number; stop(): number } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // the process has gone
    }
  }, everyMs);
  return {
    get peak() {
      return peak;
    },
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssBytes(pid));
      } catch {
        // gone
      }
      return peak;
    },
  };
}

/** Writes up to `total` bytes into a TCP socket, waiting for 'drain' as a blocking send() would,
 * for at most `ms`. Resolves with how many bytes the socket took and whether it stalled (was
 * still waiting for drain when time ran out). */
export async function writeUpTo(socket: Socket, total: number, ms: number, chunkBytes = 64 * 1024): Promise<{ written: number; stalled: boolean }> {
  const chunk = Buffer.alloc(chunkBytes, 'x');
  const deadline = Date.now() + ms;
  let written = 0;
  while (written < total && Date.now() < deadline && !socket.destroyed) {
    const size = Math.min(chunkBytes, total - written);
    written += size;
    if (socket.write(size === chunkBytes ? chunk : chunk.subarray(0, size))) continue;
    const left = deadline - Date.now();
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(
        () => {
          socket.off('drain', onDrain);
          resolve(false);
        },
        Math.max(0, left),
      );
      const onDrain = () => {
        clearTimeout(timer);
        resolve(true);
      };
      socket.once('drain', onDrain);
    });
    if (!drained) return { written, stalled: true };
  }
  return { written, stalled: false };
}

/** Sends up to `total` bytes as datagrams of `size` bytes to 127.0.0.1:port, for at most `ms`,
 * yielding to the event loop every `batch` datagrams. Resolves with the datagrams sent. */
export async function sendUpTo(socket: UdpSocket, port: number, total: number, ms: number, size = 60_000, batch = 64): Promise<number> {
  const payload = Buffer.alloc(size, 'u');
  const deadline = Date.now() + ms;
  let sent = 0;
  while (sent * size < total && Date.now() < deadline) {
    const n = Math.min(batch, Math.ceil((total - sent * size) / size));
    await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolve) => socket.send(payload, port, '127.0.0.1', () => resolve()))));
    sent += n;
  }
  return sent;
}

/** Opens up to `count` idle connections to 127.0.0.1:port within `ms`, 100 at a time; resolves
 * with the sockets still open and how many connected at all. */
export async function idleFlood(port: number, count: number, ms: number): Promise<{ open: Socket[]; connected: number }> {
  const sockets: Socket[] = [];
  let connected = 0;
  const deadline = Date.now() + ms;
  while (sockets.length < count && Date.now() < deadline) {
    const batch = Array.from({ length: Math.min(100, count - sockets.length) }, () => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => {});
      sockets.push(socket);
      return new Promise<void>((resolve) => {
        socket.once('connect', () => {
          connected++;
          resolve();
        });
        socket.once('close', () => resolve());
      });
    });
    await Promise.all(batch);
  }
  return { open: sockets.filter((s) => !s.destroyed), connected };
}
