// Builds the web app once for the end-to-end run, into its own folder, so the tests exercise what
// `npm start` would serve without touching dist/.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const E2E_DIST = join(ROOT, 'test-results', 'e2e-dist');

export default async function setup(): Promise<void> {
  const started = performance.now();
  await build({ root: join(ROOT, 'web'), configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: E2E_DIST, emptyOutDir: true } });
  console.log(`e2e: built the web app in ${Math.round(performance.now() - started)} ms`);
}
