// Turns a panel's target ({ server: 'udp-upper' } or { host, port }) into an address, using the
// ports the lab's servers really run on (tests move them to random ports).
import type { LabServerStatus } from '../../protocol/messages.js';
import type { Target } from '../panels/types.js';

export function resolveTarget(target: Target, servers: LabServerStatus[], proto: 'udp' | 'tcp'): { host: string; port: number } | undefined {
  if ('host' in target) return target;
  const server = servers.find((s) => s.name === target.server && s.state === 'running') ?? servers.find((s) => s.name === target.server);
  if (!server || server.proto !== proto) return undefined;
  return { host: '127.0.0.1', port: server.port };
}
