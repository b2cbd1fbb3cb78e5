// Holds the naming convention of the three test stages: a file of the unit stage (test/**/*.test.ts,
// not *.int.test.ts, not under test/e2e) starts no bridge, opens no socket and spawns no process, so
// `npm run test:unit` stays fast and does not depend on the machine's load.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEST = join(ROOT, 'test');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' && dir === TEST ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(e.name) && !/\.int\.test\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** What marks a file as an integration test: a process, a socket, the bridge, a lab server. */
const PROCESS_OR_SOCKET = [
  /^import .* from 'node:(child_process|net|dgram|worker_threads)';$/m,
  /^import .* from 'ws';$/m,
  /^import .*\bstartBridgeProcess\b/m,
  /^import .* from '[./]*\/lab\/support\.js';$/m,
  /^import .* from '[./]*\/bench\/(channels|targets|reference-relay)\.js';$/m,
];

describe('test stages', () => {
  const files = testFiles(TEST);

  it('finds the unit files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('keeps processes, sockets and the bridge out of the unit stage (name such a file *.int.test.ts)', () => {
    const offenders = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const hit = PROCESS_OR_SOCKET.find((re) => re.test(text));
      return hit ? [`${relative(ROOT, file)}: ${hit.source}`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
