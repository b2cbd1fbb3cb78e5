// A concurrent echo server: every client is served at once, each connection its own little
// task on one event loop (the way the bridge itself works, and seed 002's "uthreads"). Lesson 5
// runs it next to the iterative one on 12002 so three consoles can compare them side by side;
// 12012 is "12002 plus ten", the concurrent twin.
import type { LabServerName } from '../../protocol/lab-servers.js';
import { serveConcurrently } from './concurrent.js';
import { echoLoop } from './echo-loop.js';
import type { LabServerDef } from './server.js';

/** An open connection is closed after this long without a byte either way. */
const IDLE_MS = 5 * 60_000;
const MAX_CONNECTIONS = 32;

export function concurrentEcho(name: LabServerName, defaultPort: number, summary: string): LabServerDef {
  return {
    name,
    proto: 'tcp',
    defaultPort,
    summary,
    start: (ctx, port) => serveConcurrently(ctx, name, port, { backlog: 5, maxConnections: MAX_CONNECTIONS, idleMs: IDLE_MS }, echoLoop),
  };
}

export const echoConcurrent = concurrentEcho('echo-concurrent', 12012, 'concurrent echo: serves every client at once, each until it closes');
