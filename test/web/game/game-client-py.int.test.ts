// Lesson 7's GameClient.py, run as the student would, against the lab's real game server.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { teardownStack } from '../../support/teardown.js';
import { startBridgeProcess, ROOT, type RunningBridge } from '../../support/bridge-process.js';
import { HAS_PYTHON } from '../../support/python.js';

let bridge: RunningBridge;
const onTeardown = teardownStack();
beforeAll(async () => {
  bridge = await startBridgeProcess();
  onTeardown(() => bridge.stop());
});

function run(name: string): Promise<string> {
  // the listing's port is the classroom's 12004; the test's game server listens where it could
  const source = readFileSync(`${ROOT}/lessons/07-game-protocol/GameClient.py`, 'utf8').replace('serverPort = 12004', `serverPort = ${bridge.servers.game}`);
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-c', source], { timeout: 10_000, encoding: 'utf8' }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(`${name}\n`);
  });
}

describe.skipIf(!HAS_PYTHON)('GameClient.py', () => {
  it('is refused a move before login, creates a player, moves and sees itself in the update', async () => {
    const out = (await run('민수')).split('\n');
    expect(out[0]).toBe("Your name: ver -> ['1.0']");
    expect(out[1]).toMatch(/^move -> \[\{'error': 'LOGIN_REQUIRED'/);
    expect(out[2]).toBe('new -> [True]');
    expect(out[3]).toBe('move -> [True]');
    expect(out[4]).toMatch(/^update -> \[\{'size': \[10, 10\], 'players': \[.*'name': '민수', 'pos': \[1, 0\]/);
  });
});
