// Runs a tool of tools/lint (`node tools/lint/run.js eslint .`), first installing tools/lint's own
// packages when they are missing or older than its lock file. They live apart from the project's
// because typescript-eslint needs TypeScript 6's JavaScript API (see eslint-config.js); installing
// them on first use keeps `npm install` and the packaged app free of them.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const installed = join(dir, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(join(dir, 'package-lock.json')).mtimeMs) {
  console.error('Installing the lint tools into tools/lint/node_modules (once)...');
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  if (npm.status !== 0) process.exit(npm.status ?? 1);
}
const [tool, ...args] = process.argv.slice(2);
if (!tool) {
  console.error('usage: node tools/lint/run.js <eslint|prettier> [args...]');
  process.exit(2);
}
const run = spawnSync(join(dir, 'node_modules', '.bin', tool), args, { stdio: 'inherit' });
process.exit(run.status ?? 1);
