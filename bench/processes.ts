// The processes the benchmark measures: the target servers, the reference relay and the real
// bridge (started the way the tests start it, with every fence on). Each runs on its own event
// loop, so the relays get the same chance at the machine's cores.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { startBridgeProcess, ROOT, TEST_SERVER_FLAGS, type RunningBridge } from '../test/support/bridge-process.js';
import type { WsEndpoint } from './channels.js';

export interface Helper<T> {
  pid: number;
  info: T;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
// whatever happens to the benchmark, nothing it started outlives it
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** With BENCH_PIN=1, pins a process (all its threads) to one CPU with taskset: the relays under
 * test all get the same core while the client and the target servers share the other, so the
 * scheduler's placement is the same for every variant. Off by default: when other programs load
 * the machine, a pinned process cannot move to the idle core and the figures get worse, not
 * steadier. Returns whether it pinned. */
export function pin(pid: number, cpu: number): boolean {
  if (process.env.BENCH_PIN !== '1' || cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false; // no taskset: run unpinned
  }
}

/** Starts `tsx bench/child.ts <role>` and reads the JSON line it prints. */
export async function startHelper<T>(role: 'relay' | 'targets' | 'unlimited' | 'classroom', env: NodeJS.ProcessEnv = {}): Promise<Helper<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/child.ts', role], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench/child.ts ${role} did not start within 15 s`)), 15_000);
    let out = '';
    child.once('exit', (code) => reject(new Error(`bench/child.ts ${role} exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as T);
      }
    });
  });
  return {
    pid: child.pid!,
    info,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end(); // the helper exits when its stdin closes
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      children.delete(child);
    },
  };
}

export interface BridgeUnderTest {
  bridge: RunningBridge;
  pid: number;
  endpoint: WsEndpoint;
}

/** The real bridge: lab servers on port 0, enough sessions for the idle-session measure. */
export async function startBridgeUnderTest(maxSessions: number, env: NodeJS.ProcessEnv = {}): Promise<BridgeUnderTest> {
  const bridge = await startBridgeProcess([...TEST_SERVER_FLAGS, '--max-sessions', String(maxSessions)], env);
  children.add(bridge.process);
  return {
    bridge,
    pid: bridge.process.pid!,
    endpoint: { url: `${bridge.wsUrl}?token=${encodeURIComponent(bridge.token)}`, origin: bridge.origin },
  };
}

export function unlimitedEndpoint(info: { port: number; token: string }): WsEndpoint {
  return { url: `ws://127.0.0.1:${info.port}/ws?token=${encodeURIComponent(info.token)}`, origin: `http://127.0.0.1:${info.port}` };
}

export function referenceEndpoint(port: number): WsEndpoint {
  // the reference has no gate; the same Origin header is sent so both handshakes are alike
  return { url: `ws://127.0.0.1:${port}/`, origin: `http://127.0.0.1:${port}` };
}
