import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.js';

// Three stages, each its own project (and npm script), fastest first:
// - unit: pure modules, no process, no socket, no browser: test/**/*.test.ts (`npm run test:unit`);
// - integration: the real bridge, real sockets, spawned processes: test/**/*.int.test.ts;
// - e2e: a real Chromium (and Firefox for Python in the page) against the real bridge: test/e2e/**.
// A test that starts the bridge, opens a socket or spawns a process is named *.int.test.ts.
export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      root: '.',
      // the JSON report of each stage feeds the one-line summary .ci/run prints
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
      pool: 'forks',
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            include: ['test/**/*.test.{ts,tsx}'],
            exclude: ['test/e2e/**', 'test/**/*.int.test.{ts,tsx}', 'node_modules/**'],
            // pure files need no process of their own: worker threads start about twice as fast
            // as forks (27 s against 48 s for the stage at load average 8 on 2 cores)
            pool: 'threads',
            testTimeout: 10_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'integration',
            include: ['test/**/*.int.test.{ts,tsx}'],
            exclude: ['test/e2e/**', 'node_modules/**'],
            testTimeout: 20_000,
            hookTimeout: 30_000,
          },
        },
        {
          // a real browser against the real bridge: one file at a time, the app built once
          extends: true,
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            globalSetup: ['test/e2e/support/global-setup.ts'],
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  }),
);
