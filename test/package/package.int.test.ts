// Socket Lab as a package: `npm pack` makes a tarball that installs offline and runs with
// `npx socket-lab` (the web app and the lessons inside, only the runtime dependencies installed),
// and a copy of the repository runs with `npm ci --omit=dev && npm start` after a build.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { ROOT, TEST_SERVER_FLAGS } from '../support/bridge-process.js';

/** Building the web app and the bridge, packing and installing: minutes on a loaded 2-core machine. */
const STEP_MS = 240_000;
const work = mkdtempSync(join(tmpdir(), 'socket-lab-package-'));
const running: ChildProcess[] = [];
/** The environment without the npm_* variables of the npm that started vitest: the npm and npx run
 * here must act as if typed in a terminal (an inherited local prefix would run this repository's
 * own socket-lab instead of the installed one). */
const ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: STEP_MS, env: ENV });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Starts the lab with every server on port 0; resolves with its address once it is ready. */
async function startLab(command: string, args: string[], cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  // a process group of its own, as a terminal gives a command: Ctrl-C reaches npx (or npm) and the lab
  const child = spawn(command, [...args, '--port', '0', '--no-open', ...TEST_SERVER_FLAGS], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...ENV, CI: '1' },
    detached: true,
  });
  running.push(child);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const check = () => (/Press Ctrl-C/.test(out) ? resolve() : undefined);
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`the lab exited with ${code}:\n${out}`)));
  });
  return { child, url: /^(http:\/\/\S+\?token=\S+)$/m.exec(out)![1]!, output: () => out };
}

/** Ctrl-C: SIGINT to the whole process group. Resolves once npx (or npm) has exited. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid!, 'SIGINT');
  await exited;
}

afterAll(() => {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group has already exited
    }
  }
  rmSync(work, { recursive: true, force: true });
});

describe('the packed lab', () => {
  let app: string;

  beforeAll(() => {
    // prepack builds the bridge (build/) and the web app (dist/) first
    run('npm', ['pack', '--pack-destination', work, '--loglevel=error'], ROOT);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    app = join(work, 'app');
    mkdirSync(app);
    run('npm', ['init', '-y', '--loglevel=error'], app);
    // offline: everything it needs is the tarball and npm's cache, as after the project's own install
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(work, tarball)], app);
  }, 2 * STEP_MS);

  it('installs only what runs: the bridge built, the web app and the lessons inside, no build tools', () => {
    const installed = join(app, 'node_modules');
    for (const file of ['bin/socket-lab.js', 'build/bridge/cli.js', 'build/protocol/messages.js', 'dist/index.html', 'lessons']) {
      expect(existsSync(join(installed, 'socket-lab', file)), file).toBe(true);
    }
    // bundled in the tarball, so the install needs no registry
    for (const runtime of Object.keys(pkg.dependencies)) expect(existsSync(join(installed, 'socket-lab', 'node_modules', runtime)), runtime).toBe(true);
    for (const tool of ['vite', 'typescript', 'tsx', 'react', 'vitest']) expect(existsSync(join(installed, tool)), tool).toBe(false);
  });

  it(
    'runs with npx socket-lab, serves the page, and stops on Ctrl-C with every socket closed',
    async () => {
      const lab = await startLab('npx', ['--no', '--', 'socket-lab'], app);
      const page = await fetch(lab.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script');
      await stop(lab.child);
      expect(lab.output()).toContain('every socket is closed');
    },
    STEP_MS,
  );
});

describe('a copy of the repository without its devDependencies', () => {
  it(
    'runs with npm ci --omit=dev && npm start after a build',
    async () => {
      const copy = join(work, 'repo');
      // the repository's files as they are (build/ and dist/ from the pack above, newer than sources)
      const tracked = run('git', ['ls-files'], ROOT).split('\n').filter(Boolean);
      for (const file of [...tracked, 'build', 'dist']) {
        if (existsSync(join(ROOT, file))) cpSync(join(ROOT, file), join(copy, file), { recursive: true, preserveTimestamps: true });
      }
      run('npm', ['ci', '--omit=dev', '--offline', '--loglevel=error'], copy);
      expect(existsSync(join(copy, 'node_modules', 'vite'))).toBe(false);
      const lab = await startLab('npm', ['start', '--silent', '--'], copy);
      expect((await fetch(lab.url)).status).toBe(200);
      expect(lab.output()).not.toContain('Compiling');
      expect(lab.output()).not.toContain('Building');
      await stop(lab.child);
      expect(lab.output()).toContain('every socket is closed');
    },
    2 * STEP_MS,
  );
});
