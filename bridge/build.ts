// `npm start` builds the web app when it is missing or older than its sources, so the two commands
// of the README are all a newcomer needs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['web', 'protocol', 'lessons', 'vite.config.ts', 'package.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  // files only: a copied tree has new folder times although no source changed
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export function needsBuild(root: string, distDir: string): boolean {
  // an installed package has no web/ sources: it serves the dist/ it shipped with
  if (!existsSync(join(root, 'web'))) return false;
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newest(join(root, source)) > built);
}

export async function buildWebApp(root: string): Promise<void> {
  const { build } = await import('vite');
  await build({ root: join(root, 'web'), configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
