// Addresses as map keys, and the one place that knows where the lab's servers live.
import type { Address } from '../../protocol/messages.js';

/** bridge/server.ts starts every lab server on this address. */
export const LAB_HOST = '127.0.0.1';

/** "127.0.0.1:12000" or "[::1]:12000". */
export function addrKey(a: Address | { address: string; port: number }): string {
  return a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** Keys a socket bound to the wildcard address would answer to as well. */
export function wildcardKeys(a: Address): string[] {
  return [`0.0.0.0:${a.port}`, `[::]:${a.port}`];
}

/** One direction of a TCP connection, from one endpoint to the other. */
export function dirKey(from: Address, to: Address): string {
  return `${addrKey(from)}>${addrKey(to)}`;
}
