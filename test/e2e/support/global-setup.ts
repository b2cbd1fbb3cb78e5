// Builds the web app once for the end-to-end run, into its own folder, so the tests exercise what
// `npm start` would serve without touching dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'vite';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const E2E_DIST = join(ROOT, 'test-results', 'e2e-dist');

export default async function setup(): Promise<void> {
  // SOCKET_LAB_E2E_REUSE_BUILD=1 reruns the tests against the last build, e.g. while web/ is
  // half-edited and does not build
  if (process.env.SOCKET_LAB_E2E_REUSE_BUILD === '1' && existsSync(join(E2E_DIST, 'index.html'))) {
    console.log(`e2e: reusing the build in ${E2E_DIST}`);
    return;
  }
  const started = performance.now();
  // vitest sets NODE_ENV=test, and Vite would then build React's development bundle (bigger,
  // slower, effects run twice): build what `npm start` serves
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: join(ROOT, 'web'),
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: E2E_DIST, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  console.log(`e2e: built the web app in ${Math.round(performance.now() - started)} ms`);
}
