import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// One run, four projects. `npm test` runs them all; `npm run test:vectors` only the vectors.
// The summary reporter ends every run with a line "Tests: N passed, N failed".
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'vectors',
          include: ['test/shared/vectors/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'unit',
          include: ['test/shared/**/*.test.ts', 'test/electron/**/*.test.ts'],
          exclude: ['test/shared/vectors/**'],
          environment: 'node',
          testTimeout: 20_000,
          // The CLI tests run the built command line (out/cli/obyte-light.mjs): built once here.
          globalSetup: ['test/support/build-cli-setup.ts'],
        },
      },
      {
        plugins: [svelte(), svelteTesting()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.ts'],
          environment: 'jsdom',
          // Room for a loaded machine: a screen's first render can take seconds there.
          testTimeout: 30_000,
          setupFiles: ['test/support/renderer-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
