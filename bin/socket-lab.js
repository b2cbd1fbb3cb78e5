#!/usr/bin/env node
// `npm start` and `npx socket-lab`: runs the bridge compiled to JavaScript in build/. In the
// repository it first compiles bridge/ and protocol/ (with tsc, a devDependency) when build/ is
// missing or older than them; an installed package ships build/ and dist/ already built, so it
// needs only its dependencies (ws, sirv, zod, open).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'build', 'bridge', 'cli.js');
const SOURCES = ['bridge', 'protocol', 'tsconfig.base.json', 'tsconfig.build.json'];

/** The newest modification time of the files under `path` (0 when there are none). Folders' own
 * times are left out: copying a tree makes them new although no source changed. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), 0);
}

const hasSources = existsSync(join(root, 'bridge'));
if (hasSources && (!existsSync(entry) || SOURCES.some((s) => newest(join(root, s)) > statSync(entry).mtimeMs))) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('socket-lab: build/ is missing or older than bridge/, and TypeScript is not installed to compile it. Run npm install, then npm start.');
    process.exit(1);
  }
  console.log('Compiling the bridge (first start, or its sources changed)...');
  const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
if (!existsSync(entry)) {
  console.error(`socket-lab: ${entry} is missing; this copy of Socket Lab was packed without its build.`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
