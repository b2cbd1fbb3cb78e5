// The command line, run as `npm start` runs it: --help, a bad flag stopping the start with a
// message that names it, and a busy lab port reported in one line while the rest of the lab runs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../protocol/client.js';
import { ROOT } from '../support/bridge-process.js';
import { startLab } from './helpers/lab.js';
import { tcpPeer, udpPeer } from './helpers/peers.js';

/** A test's budget: one CLI run's hang guard, and a margin. */
const CLI_TEST_TIMEOUT = 70_000;

/** Runs the CLI to completion; resolves with its exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bridge/cli.ts', '--no-open', '--no-build', ...args], {
      cwd: ROOT,
      // a guard against a hang, not a speed limit: five of these start at once on a loaded machine
      timeout: 60_000,
      env: { ...process.env, CI: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string; killed?: boolean };
    if (e.killed) throw new Error(`socket-lab ${args.join(' ')} did not exit within 60 s`, { cause: error });
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('--help', () => {
  it(
    'prints every flag and the lab servers, and exits 0',
    async () => {
      const { code, stdout } = await cli(['--help']);
      expect(code).toBe(0);
      for (const flag of [
        '--port',
        '--host',
        '--no-open',
        '--no-build',
        '--dist',
        '--server',
        '--allow',
        '--allow-port',
        '--max-sessions',
        '--classroom',
        '--join-code',
        '--help',
      ]) {
        expect(stdout).toContain(flag);
      }
      expect(stdout).toMatch(/udp-upper\s+UDP 12000/);
      expect(stdout).toMatch(/tcp-upper\s+TCP 12000/);
    },
    CLI_TEST_TIMEOUT,
  );
});

describe('a bad command line stops the start with a message naming the flag', () => {
  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--server', 'nope=1'], '--server'],
    [['--server', 'udp-upper=abc'], '--server'],
    [['--allow', '10.0.0.0/99'], '--allow'],
    [['--allow', 'example.com'], '--allow'],
    [['--allow-port', '0'], '--allow-port'],
    [['--max-sessions', '0'], '--max-sessions'],
    [['--host', '0.0.0.0'], '--host'],
    [['--frobnicate'], '--frobnicate'],
    [['stray'], 'stray'],
    [['--classroom', '127.0.0.1'], '--classroom'],
    [['--classroom', 'no-such-interface0'], '--classroom'],
    [['--join-code', 'K7M-4QX'], '--join-code'],
    [['--classroom', 'lo', '--join-code', 'O0O-I1I'], '--classroom'],
  ])('%j', { concurrent: true, timeout: CLI_TEST_TIMEOUT }, async (args, flag) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).not.toBe(0);
    expect(stderr).toContain(flag);
    // it stopped before starting anything
    expect(stdout).not.toContain('Socket Lab is running');
  });

  it(
    'names the busy port when the lab page port is taken',
    async () => {
      const holder = await tcpPeer();
      try {
        const { code, stderr } = await cli(['--port', String(holder.port)]);
        expect(code).toBe(1);
        expect(stderr).toContain(`port ${holder.port} is busy`);
      } finally {
        await holder.close();
      }
    },
    CLI_TEST_TIMEOUT,
  );
});

describe('a busy lab server port', () => {
  it('is reported in one clear line, and the lab carries on with the other server', async () => {
    const holder = await udpPeer(); // the student's own UDPServer.py, say
    const lab = await startLab([], { servers: ['--server', `udp-upper=${holder.port}`, '--server', 'tcp-upper=0'] });
    try {
      const lines = lab.bridge.output().split('\n');
      const about = lines.filter((l) => l.includes('udp-upper'));
      expect(about).toHaveLength(1);
      expect(about[0]).toContain(`port ${holder.port} is busy`);
      expect(lab.bridge.process.exitCode).toBe(null);

      const page = await lab.page();
      expect(page.client.hello!.servers.find((s) => s.name === 'udp-upper')).toMatchObject({ state: 'unavailable', code: 'EADDRINUSE', port: holder.port });
      const tcpPort = lab.bridge.servers['tcp-upper']!;
      await page.client.tcpConnect('t', '127.0.0.1', tcpPort);
      await page.client.tcpSend('t', 'still here');
      expect(decodeText((await page.client.waitFor('tcp.received', (e) => e.sock === 't')).data)).toBe('STILL HERE');
      lab.expectValidFrames();
    } finally {
      await lab.stop();
      await holder.close();
    }
  });

  it('can leave a lab server out with NAME=off', async () => {
    const lab = await startLab([], { servers: ['--server', 'udp-upper=off', '--server', 'tcp-upper=0'] });
    try {
      expect(lab.bridge.output()).toMatch(/udp-upper\s.*off/);
      const page = await lab.page();
      expect(page.client.hello!.servers.find((s) => s.name === 'udp-upper')).toMatchObject({ state: 'stopped' });
      lab.expectValidFrames();
    } finally {
      await lab.stop();
    }
  });
});
