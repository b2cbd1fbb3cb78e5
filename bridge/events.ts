// Builders for the events both the page's sockets and the lab's own servers report, so the two
// ends of an exchange are described in exactly the same words.
import type { AddressInfo } from 'node:net';
import { reportedCode, type ReportedCode } from '../protocol/errors.js';
import type { Address, EventBody } from '../protocol/messages.js';

export type Emit = (event: EventBody) => void;

export function address(info: { address: string; port: number; family: string | number }): Address {
  const family = info.family === 'IPv6' || info.family === 6 ? 'IPv6' : 'IPv4';
  return { address: info.address, port: info.port, family };
}

export function addressOf(host: string, port: number): Address {
  return { address: host, port, family: host.includes(':') ? 'IPv6' : 'IPv4' };
}

/** The local address of a bound socket or server, or undefined if it is closed already. */
export function localOf(target: { address(): AddressInfo | string | null | object }): Address | undefined {
  try {
    const info = target.address();
    return info && typeof info === 'object' && 'port' in info ? address(info) : undefined;
  } catch {
    return undefined;
  }
}

/** The code and message of an error Node reported (its OS name, e.g. ECONNREFUSED). */
export function osError(error: unknown): { code: ReportedCode; message: string } {
  const e = error instanceof Error ? (error as NodeJS.ErrnoException) : undefined;
  return { code: reportedCode(e?.code), message: e?.message ?? String(error) };
}
