// Python in the page, in a real browser against the real bridge: the textbook's programs run
// unchanged in the page's own Python (CPython in WebAssembly), on real sockets the bridge opens.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/bridge-process.js';
import { startLab, type Lab } from './support/browser.js';
import { flowArrows, panel } from './support/lab-page.js';
import { ended, forgetEdits, keepEdit, openProgram, output, run, typeInto, waitOutput } from './support/program.js';

let lab: Lab;
let page: Page;

/** A port nobody holds now (the OS's choice), for a page server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Runs a host program (python3) with input; resolves with what it printed. */
function python3(file: string, args: string[], input: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [file, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill(), 10_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  // the textbook's programs name port 12000: the lab's uppercase servers are there, as in class
  lab = await startLab({ bridgeArgs: ['--server', 'udp-upper=12000', '--server', 'tcp-upper=12000'] });
  page = await lab.open('03-udp');
  await forgetEdits(page);
});
afterAll(async () => {
  await lab?.close();
});

describe('Python in the page (lesson 3)', () => {
  it('runs UDPClient.py unchanged: input() from its console, HELLO WORLD back from udp-upper', async () => {
    const program = await openProgram(page, 'client-code');
    await run(program);
    await waitOutput(program, 'Input lowercase sentence:', 20_000);
    await typeInto(program, 'hello world');
    await waitOutput(program, 'HELLO WORLD');
    expect(await ended(program)).toBe('exited');
    expect(await output(program)).toMatch(/exit status 0/);
    // its datagrams are drawn in the lesson's flow, from a socket named after the program
    await expect.poll(() => flowArrows(page, 'flow', 'datagram').count(), { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(await panel(page, 'flow').textContent()).toContain('UDPClient.py-');
    // the last socket call lit its line in the editor (close(), line 10)
    expect(await program.locator('.cm-lit-line').count()).toBe(1);
  });
});
