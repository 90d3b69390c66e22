import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:packaged`: the smoke suite of the packaged app, after `npm run dist`. Not a
// project of the main vitest.config.ts, so `npm test` never runs it.
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    name: 'packaged',
    include: ['test/packaged/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
