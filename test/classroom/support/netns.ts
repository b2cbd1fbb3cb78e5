// Two network namespaces the classroom tests create and remove: the instructor's machine and the
// students' (two addresses there, two students), joined by a veth pair. Addresses are the tests'
// own, 10.213.N.0/24, and exist only inside these namespaces: nothing is sent outside them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';

export interface ClassNetwork {
  instructorNs: string;
  studentNs: string;
  instructorAddress: string;
  /** Two student machines' addresses (both in the student namespace). */
  studentAddresses: [string, string];
  /** Runs the agent (./agent.ts) in a namespace and resolves with the JSON lines it printed. */
  agent(ns: string, command: string, args: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /** Starts a long-lived agent; `lines` fills as it prints. */
  spawnAgent(ns: string, command: string, args: Record<string, unknown>): { child: ChildProcess; lines: Record<string, unknown>[] };
  remove(): void;
}

const AGENT = fileURLToPath(new URL('./agent.ts', import.meta.url));
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Why the namespace tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root: network namespaces need root (run as root, as CI does)';
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
  } catch {
    return 'the `ip` command (iproute2) is not installed';
  }
  return undefined;
}

export function createClassNetwork(): ClassNetwork {
  const tag = randomBytes(3).toString('hex');
  const subnet = 1 + (parseInt(tag, 16) % 250);
  const instructorNs = `sl-inst-${tag}`;
  const studentNs = `sl-stu-${tag}`;
  const instructorAddress = `10.213.${subnet}.1`;
  const studentAddresses: [string, string] = [`10.213.${subnet}.2`, `10.213.${subnet}.3`];
  const remove = () => {
    for (const ns of [instructorNs, studentNs]) {
      try {
        ip('netns', 'del', ns); // takes the veth ends with it
      } catch {
        // not created, or already gone
      }
    }
  };
  try {
    ip('netns', 'add', instructorNs);
    ip('netns', 'add', studentNs);
    ip('link', 'add', `vi${tag}`, 'netns', instructorNs, 'type', 'veth', 'peer', 'name', `vs${tag}`, 'netns', studentNs);
    ip('-n', instructorNs, 'addr', 'add', `${instructorAddress}/24`, 'dev', `vi${tag}`);
    ip('-n', studentNs, 'addr', 'add', `${studentAddresses[0]}/24`, 'dev', `vs${tag}`);
    ip('-n', studentNs, 'addr', 'add', `${studentAddresses[1]}/24`, 'dev', `vs${tag}`);
    for (const [ns, dev] of [
      [instructorNs, `vi${tag}`],
      [studentNs, `vs${tag}`],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
  } catch (error) {
    remove();
    throw error;
  }

  const spawnAgent = (ns: string, command: string, args: Record<string, unknown>) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', AGENT, command, JSON.stringify(args)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const lines: Record<string, unknown>[] = [];
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        lines.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
        buffer = buffer.slice(i + 1);
      }
    });
    child.stderr.resume();
    return { child, lines };
  };

  return {
    instructorNs,
    studentNs,
    instructorAddress,
    studentAddresses,
    spawnAgent,
    agent: (ns, command, args) =>
      new Promise((resolve, reject) => {
        const { child, lines } = spawnAgent(ns, command, args);
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          if (lines.length === 0) reject(new Error(`agent ${command} printed nothing (exit ${code})`));
          else resolve(lines);
        });
      }),
    remove,
  };
}
