// Where a console sends: a lab server by name (its port is whatever the bridge reports, 12000 in
// class, a random one in tests) or an explicit loopback address.
import type { LabServerStatus } from '../../protocol/messages.js';

/** Where a client console sends: a lab server by name, or an explicit loopback address. (Here, in
 * the lab core, so the core does not depend on the panels that use it.) */
export type Target = { server: string } | { host: string; port: number };

/** The lab's servers listen on loopback. */
export const LAB_HOST = '127.0.0.1';

export type Resolved =
  { ok: true; host: string; port: number; server?: string } | { ok: false; reason: 'unknown-server' | 'server-not-running'; server: string };

export function resolveTarget(target: Target, servers: readonly LabServerStatus[]): Resolved {
  if ('host' in target) return { ok: true, host: target.host, port: target.port };
  const found = servers.find((s) => s.name === target.server);
  if (!found) return { ok: false, reason: 'unknown-server', server: target.server };
  if (found.state !== 'running') return { ok: false, reason: 'server-not-running', server: target.server };
  return { ok: true, host: LAB_HOST, port: found.port, server: found.name };
}

/** The textbook's uppercase server for a protocol, when a console names no target. */
export function defaultTarget(proto: 'udp' | 'tcp'): Target {
  return { server: `${proto}-upper` };
}
