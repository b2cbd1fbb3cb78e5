// Starts the real bridge as a child process, the way `npm start` does, on free ports, and reads
// its address, token and lab servers from what it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { LabClient } from '../../protocol/client.js';
import { LAB_SERVERS } from '../../bridge/lab/index.js';
import { whenPrinted } from './output.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface RunningBridge {
  process: ChildProcess;
  url: string;
  origin: string;
  port: number;
  token: string;
  wsUrl: string;
  /** Lab server name -> port, as printed. */
  servers: Record<string, number>;
  output: () => string;
  connect(options?: { origin?: string; token?: string }): Promise<LabClient>;
  stop(): Promise<number | null>;
}

/** Every lab server on port 0, so tests never collide with each other or a running lab. */
export const TEST_SERVER_FLAGS = LAB_SERVERS.flatMap((s) => ['--server', `${s.name}=0`]);

/** `launcher` runs the bridge through a command that execs it (e.g. prlimit with a lower
 * open-files limit, or `ip netns exec NAME` in test/classroom/), so the process id stays the
 * bridge's. */
export async function startBridgeProcess(args: string[] = TEST_SERVER_FLAGS, env: NodeJS.ProcessEnv = {}, launcher: string[] = []): Promise<RunningBridge> {
  const command = [...launcher, process.execPath, '--import', 'tsx', 'bridge/cli.ts', '--port', '0', '--no-open', '--no-build', ...args];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const started = await whenPrinted(child, () => /Press Ctrl-C/.test(out), 15_000);
  if (started === 'exited') throw new Error(`bridge exited with ${child.exitCode}:\n${out}`);
  if (started === 'timeout') {
    child.kill('SIGKILL');
    throw new Error(`bridge did not start within 15 s:\n${out}`);
  }
  const url = /^(http:\/\/\S+\?token=\S+)$/m.exec(out)![1]!;
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const servers: Record<string, number> = {};
  for (const m of out.matchAll(/lab server (\S+)\s+(?:UDP|TCP) (\d+)\s+running/g)) servers[m[1]!] = Number(m[2]);
  const origin = parsed.origin;
  const wsUrl = `ws://${parsed.host}/ws`;
  return {
    process: child,
    url,
    origin,
    port: Number(parsed.port),
    token,
    wsUrl,
    servers,
    output: () => out,
    connect: (options = {}) =>
      LabClient.connect(`${wsUrl}?token=${encodeURIComponent(options.token ?? token)}`, (u) => new WebSocket(u, { origin: options.origin ?? origin })),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      const code = await exited(child);
      clearTimeout(timer);
      return code;
    },
  };
}

/** The code a child process exits with (null when a signal ended it). */
export async function exited(child: ChildProcess): Promise<number | null> {
  const [code] = (await once(child, 'exit')) as [number | null];
  return code;
}
