// Destination policy: what a page may reach through the bridge. Default deny: loopback only, unless
// the command line widens it. Some ranges are refused even when widened, because reaching them is
// never a lesson and often an attack (cloud metadata at 169.254.169.254, broadcast amplifiers).
import { BlockList, isIP } from 'node:net';
import { lookup } from 'node:dns/promises';

/** Ports the Fetch standard blocks in every browser ("bad ports"), at or above 1024. */
export const BROWSER_BAD_PORTS = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

export interface PolicyOptions {
  /** Extra CIDR ranges the instructor allowed with --allow (e.g. "10.0.0.0/8"). */
  allow: string[];
  /** Ports allowed despite being below 1024 or on the browsers' bad-port list (--allow-port). */
  allowPorts: number[];
}

export type Verdict =
  { ok: true; address: string; family: 4 | 6 } | { ok: false; code: 'LAB_DESTINATION_DENIED' | 'LAB_PORT_DENIED' | 'LAB_BIND_DENIED'; message: string };

// IPv4 and IPv6 rules live in separate lists: a BlockList matches IPv4-mapped IPv6 addresses
// against IPv4 rules and the other way round, which would let ::ffff:127.0.0.1 pass as loopback.
const DENIED_V4 = new BlockList();
DENIED_V4.addSubnet('0.0.0.0', 8, 'ipv4');
DENIED_V4.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local, cloud metadata
DENIED_V4.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
DENIED_V4.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, and 255.255.255.255 broadcast
const DENIED_V6 = new BlockList();
DENIED_V6.addSubnet('::', 96, 'ipv6'); // unspecified and IPv4-compatible forms
DENIED_V6.addSubnet('::ffff:0:0', 96, 'ipv6'); // IPv4-mapped: name the IPv4 address instead
DENIED_V6.addSubnet('64:ff9b::', 96, 'ipv6'); // NAT64 forms of IPv4 addresses
DENIED_V6.addSubnet('fe80::', 10, 'ipv6'); // link-local
DENIED_V6.addSubnet('ff00::', 8, 'ipv6'); // multicast

const LOOPBACK_V6 = new BlockList();
LOOPBACK_V6.addAddress('::1', 'ipv6');

function family(address: string): 4 | 6 | 0 {
  return isIP(address) as 4 | 6 | 0;
}

/** Strips the brackets of "[::1]". */
export function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isLoopback(address: string): boolean {
  const f = family(address);
  // 127.0.0.0/8, read from the text: isIP accepts only canonical dotted quads ("0127.0.0.1" and
  // "127.1" are not IPs), so the first octet is exactly "127". BlockList.check would build a native
  // SocketAddress on every call, i.e. for every datagram sent (see docs/performance.md).
  if (f === 4) return address.startsWith('127.');
  return f === 6 && LOOPBACK_V6.check(address, 'ipv6');
}

export class DestinationPolicy {
  private readonly allowed = new BlockList();
  private readonly allowPorts: Set<number>;

  constructor(readonly options: PolicyOptions) {
    for (const cidr of options.allow) {
      const [net, bits] = parseCidr(cidr);
      this.allowed.addSubnet(net, bits, family(net) === 4 ? 'ipv4' : 'ipv6');
    }
    this.allowPorts = new Set(options.allowPorts);
  }

  /** No --allow: the lab reaches this machine only. */
  get loopbackOnly(): boolean {
    return this.options.allow.length === 0;
  }

  /** Checks a destination port on its own. */
  checkPort(port: number): Verdict | undefined {
    if (this.allowPorts.has(port)) return undefined;
    if (port === 0) return { ok: false, code: 'LAB_PORT_DENIED', message: 'Port 0 is not a destination: nobody can listen on it.' };
    if (port < 1024)
      return { ok: false, code: 'LAB_PORT_DENIED', message: `Port ${port} is a well-known port (below 1024); the lab's servers use 12000 and up.` };
    if (BROWSER_BAD_PORTS.has(port)) return { ok: false, code: 'LAB_PORT_DENIED', message: `Port ${port} is on the browsers' list of blocked ports.` };
    return undefined;
  }

  /** Checks an IP literal; names must be resolved first (see resolve). */
  checkAddress(address: string): Verdict {
    const f = family(address);
    if (f === 0) return { ok: false, code: 'LAB_DESTINATION_DENIED', message: `${address} is not an IP address.` };
    const type = f === 4 ? 'ipv4' : 'ipv6';
    if (isLoopback(address)) return { ok: true, address, family: f };
    if ((f === 4 ? DENIED_V4 : DENIED_V6).check(address, type)) {
      return {
        ok: false,
        code: 'LAB_DESTINATION_DENIED',
        message: `${address} is never reachable through the lab (unspecified, link-local, multicast, broadcast or an IPv4-mapped form).`,
      };
    }
    if (this.allowed.check(address, type)) return { ok: true, address, family: f };
    return {
      ok: false,
      code: 'LAB_DESTINATION_DENIED',
      message: `${address} is not on this machine; the lab only reaches loopback addresses (127.0.0.1, ::1) unless started with --allow.`,
    };
  }

  /** Resolves a host name once and checks the address it resolved to; that address is the one
   * the caller must use, so a second lookup cannot swap in another (DNS rebinding). `proto` is the
   * transport the caller will use: the classroom's student policy tells UDP and TCP ports apart. */
  async resolve(host: string, port: number, _proto?: 'udp' | 'tcp'): Promise<Verdict> {
    const bare = unbracket(host);
    let address = bare;
    if (family(bare) === 0) {
      if (!/^[A-Za-z0-9.-]{1,253}$/.test(bare)) return { ok: false, code: 'LAB_DESTINATION_DENIED', message: `${JSON.stringify(host)} is not a host name.` };
      if (bare.toLowerCase() === 'localhost') return this.resolve('127.0.0.1', port);
      // while only this machine is reachable, no name but localhost can name it: refuse without a
      // lookup, so a page cannot make the machine send DNS queries for names it chooses
      if (this.loopbackOnly) {
        return {
          ok: false,
          code: 'LAB_DESTINATION_DENIED',
          message: `${host}: the lab reaches only this machine, so it takes an IP address (127.0.0.1, ::1) or localhost, and looks up no other name.`,
        };
      }
      try {
        address = (await lookup(bare, { verbatim: true })).address;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'ENOTFOUND';
        return { ok: false, code: 'LAB_DESTINATION_DENIED', message: `${host} could not be resolved (${code}).` };
      }
    }
    const verdict = this.checkAddress(address);
    return verdict.ok ? (this.checkPort(port) ?? verdict) : verdict;
  }

  /** Where a page's socket may bind: a loopback address and port 0 or 1024 and above. */
  checkBind(host: string | undefined, port: number): Verdict {
    const address = unbracket(host ?? '127.0.0.1');
    const resolved = address === 'localhost' ? '127.0.0.1' : address;
    if (!isLoopback(resolved))
      return { ok: false, code: 'LAB_BIND_DENIED', message: `The lab binds only loopback addresses (127.0.0.1, ::1), not ${JSON.stringify(host)}.` };
    if (port !== 0 && port < 1024 && !this.allowPorts.has(port))
      return { ok: false, code: 'LAB_BIND_DENIED', message: `Port ${port} is below 1024; use 0 (the OS chooses) or a port of 1024 or above.` };
    return { ok: true, address: resolved, family: family(resolved) as 4 | 6 };
  }
}

/** Parses "a.b.c.d/n" or "x::/n" strictly; throws a message naming the value. */
export function parseCidr(text: string): [string, number] {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text);
  const net = match?.[1];
  const bits = Number(match?.[2]);
  const f = net ? family(net) : 0;
  if (!match || !net || f === 0 || bits > (f === 4 ? 32 : 128)) throw new Error(`--allow ${JSON.stringify(text)} is not a CIDR range such as 10.0.0.0/8`);
  return [net, bits];
}
