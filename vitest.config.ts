// Unit and engine tests, in Node against real PGlite. Browser tests live in
// test/browser/ and have their own runner (test/browser/run.mjs).
// This file deliberately does not load vite.config.ts (the PWA plugin has no
// business in Node tests).
import { defineConfig } from 'vitest/config'
import solid from 'vite-plugin-solid'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', '**/node_modules/**', 'dist/**'],
    // Builds one migrated template database per run (see test/engine/helpers.ts).
    globalSetup: ['test/global-setup.ts'],
    // PGlite is slow to start (initdb 4–8 s, a template load ~1 s) and
    // single-threaded WASM: be generous, a hung test still ends.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    // Child processes, not threads: each PGlite holds hundreds of MB of WASM
    // memory and a forked worker is killed cleanly even if PGlite keeps its
    // event loop alive. Two workers for two cores.
    pool: 'forks',
    maxWorkers: 2,
    isolate: true,
    // Keep the summary readable; slow PGlite tests are not "slow" to us.
    slowTestThreshold: 10_000,
    projects: [
      // unit and engine tests: everything above
      { extends: true, test: { name: 'node' } },
      // component tests of the Solid UI in jsdom (no database, no global setup)
      {
        plugins: [solid()],
        test: {
          name: 'components',
          environment: 'jsdom',
          // and the UI's reactive primitives (test/unit/*.test.tsx): Solid's browser build runs effects
          include: ['test/components/**/*.test.tsx', 'test/unit/**/*.test.tsx'],
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 30_000,
        },
      },
    ],
  },
})
