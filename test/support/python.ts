// Runs Python 3 programs (the textbook's, and broken variants) as real peers in tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { whenPrinted } from './output.js';

export const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
if (!HAS_PYTHON) console.warn("python3 is not installed: the tests that run the textbook's Python programs are skipped.");

/** A port that was free a moment ago, for a program that needs a fixed one. */
export { freePort } from '../bridge/helpers/peers.js';

export interface PythonProgram {
  child: ChildProcess;
  output(): string;
  /** Resolves when the program has exited, with its output. */
  exited(timeoutMs?: number): Promise<{ code: number | null; output: string }>;
  stop(): void;
}

/** Starts `python3 file args...`; with `ready`, waits until that text appears in its output. */
export async function runPython(file: string, args: (string | number)[], ready?: string): Promise<PythonProgram> {
  const child = spawn('python3', ['-u', file, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const program: PythonProgram = {
    child,
    output: () => out,
    exited: (timeoutMs = 15_000) =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve({ code: child.exitCode, output: out });
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
        }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, output: out });
        });
      }),
    stop: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  if (ready) {
    if ((await whenPrinted(child, () => out.includes(ready), 10_000)) !== 'ready') {
      program.stop();
      throw new Error(`python3 ${file} did not get ready:\n${out}`);
    }
  }
  return program;
}
