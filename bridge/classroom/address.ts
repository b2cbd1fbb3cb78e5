// Where the classroom listens: the instructor names an address of this machine or an interface.
import { networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { isLoopback, unbracket } from '../policy.js';

export type Interfaces = ReturnType<typeof networkInterfaces>;

/** The address for --classroom ADDR, or a message saying why it cannot be used. */
export function resolveClassroomAddress(text: string, interfaces: Interfaces = networkInterfaces()): { address: string } | { error: string } {
  const bare = unbracket(text);
  const mine = Object.entries(interfaces).flatMap(([name, list]) => (list ?? []).map((i) => ({ name, ...i })));
  const names = [...new Set(mine.filter((i) => !i.internal).map((i) => i.name))];
  const known = names.length ? `this machine's interfaces: ${names.join(', ')}` : 'this machine has no network interface besides loopback';
  if (isIP(bare)) {
    if (isLoopback(bare)) return { error: `${text} is loopback: the lab serves loopback anyway; name the address students can reach (${known})` };
    if (!mine.some((i) => i.address === bare)) return { error: `${text} is not an address of this machine (${known})` };
    return { address: bare };
  }
  const own = mine.filter((i) => i.name === text && !i.internal);
  const chosen = own.find((i) => i.family === 'IPv4') ?? own.find((i) => i.family === 'IPv6' && !i.address.startsWith('fe80'));
  if (!chosen) return { error: `${JSON.stringify(text)} is neither an IP address nor an interface with an address (${known})` };
  return { address: chosen.address };
}

/** The host part of a URL for an address: brackets around IPv6. */
export function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
