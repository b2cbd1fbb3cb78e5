// The one gate that admits connections. Every HTTP request and every upgrade passes the Host
// allowlist (against DNS rebinding); an upgrade must also carry an allowed Origin, exactly, and the
// per-launch token, all checked before any WebSocket exists. In classroom mode a student's own
// token (from the join code) is accepted too; the instructor's token only on a loopback arrival.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { isLoopback } from './policy.js';

export type GateVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403; reason: string };
/** Who an admitted upgrade belongs to: the instructor (no student) or a student of the class. */
export type Admission<S> = { ok: true; student?: S } | { ok: false; status: 400 | 401 | 403; reason: string };

export interface GateOptions<S> {
  /** The port the bridge serves on (after listen, when 0 was asked). */
  port: () => number;
  /** Host names and IP literals the bridge answers to, besides the loopback ones. */
  extraHosts?: string[];
  token: string;
  /** Classroom mode: the student a token belongs to, if any, for this request's client. */
  student?(token: string, req: IncomingMessage): S | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** Splits a Host header into name and port strictly: "name[:port]" or "[v6][:port]". */
export function parseHost(value: string | undefined): { name: string; port: number | undefined } | undefined {
  if (!value || value.length > 270) return undefined;
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match) return undefined;
  const name = match[1]!.toLowerCase();
  if (name.startsWith('[') && isIP(name.slice(1, -1)) !== 6) return undefined;
  // an all-numeric name must be a canonical dotted quad: no "2130706433", "127.1" or "0x7f.1"
  if (/^[0-9.]+$/.test(name) && isIP(name) !== 4) return undefined;
  if (/^[0-9.]+$/.test(name) && name.split('.').some((part) => part.length > 1 && part.startsWith('0'))) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  return { name, port };
}

/** The request arrived on a loopback address of this machine (not on the classroom's LAN address,
 * whatever its Host header claims). */
export function arrivedOnLoopback(req: IncomingMessage): boolean {
  const local = req.socket.localAddress ?? '';
  return isLoopback(local.startsWith('::ffff:') ? local.slice(7) : local);
}

export class Gate<S = never> {
  private readonly token: Buffer;
  private readonly hosts: Set<string>;

  constructor(private readonly options: GateOptions<S>) {
    this.token = Buffer.from(options.token, 'utf8');
    this.hosts = new Set([...LOOPBACK_NAMES, ...(options.extraHosts ?? []).map((h) => h.toLowerCase())]);
  }

  /** Host must name this machine's loopback (or the classroom address) and this port. */
  checkHost(req: IncomingMessage): GateVerdict {
    // Node keeps the first of several Host headers; RFC 9112 (3.2) requires a 400 for them
    if (req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'host').length > 1) {
      return { ok: false, status: 400, reason: 'Bad request' };
    }
    const host = parseHost(req.headers.host);
    if (!host || !this.hosts.has(host.name) || (host.port !== undefined && host.port !== this.options.port())) {
      return { ok: false, status: 403, reason: 'Host not allowed' };
    }
    return { ok: true };
  }

  /** The origins this bridge serves: scheme://host:port for every allowed host name. */
  origins(): Set<string> {
    const port = this.options.port();
    return new Set([...this.hosts].map((h) => `http://${h}:${port}`));
  }

  checkOrigin(req: IncomingMessage): GateVerdict {
    const origin = req.headers.origin;
    // exact match only: no prefix, no pattern; "null" (sandboxed frames, files) is refused
    if (typeof origin !== 'string' || !this.origins().has(origin.toLowerCase())) {
      return { ok: false, status: 403, reason: 'Origin not allowed' };
    }
    return { ok: true };
  }

  /** The instructor's token, and only where it may be used: on loopback. */
  checkToken(req: IncomingMessage): GateVerdict {
    const given = tokenOf(req);
    if (given === undefined) return { ok: false, status: 400, reason: 'Bad request' };
    return this.isInstructor(given, req) ? { ok: true } : { ok: false, status: 401, reason: 'Token missing or wrong' };
  }

  isInstructor(given: string | null, req: IncomingMessage): boolean {
    const candidate = Buffer.from(given ?? '', 'utf8');
    // compare in constant time; a length mismatch still does a comparison of equal work
    const same = candidate.length === this.token.length && timingSafeEqual(candidate, this.token);
    if (!same) timingSafeEqual(this.token, this.token);
    // the instructor's token never works from the classroom address
    return same && arrivedOnLoopback(req);
  }

  /** The whole check for an upgrade, in order: Host, Origin, then whose token it is. */
  checkUpgrade(req: IncomingMessage): Admission<S> {
    for (const check of [() => this.checkHost(req), () => this.checkOrigin(req)]) {
      const verdict = check();
      if (!verdict.ok) return verdict;
    }
    const given = tokenOf(req);
    if (given === undefined) return { ok: false, status: 400, reason: 'Bad request' };
    if (this.isInstructor(given, req)) return { ok: true };
    const student = given ? this.options.student?.(given, req) : undefined;
    return student === undefined ? { ok: false, status: 401, reason: 'Token missing or wrong' } : { ok: true, student };
  }
}

/** The token of an upgrade's URL; null when absent, undefined when the URL does not parse. */
function tokenOf(req: IncomingMessage): string | null | undefined {
  try {
    return new URL(req.url ?? '/', 'http://bridge.invalid').searchParams.get('token');
  } catch {
    return undefined;
  }
}
