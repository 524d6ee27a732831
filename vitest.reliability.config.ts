import { defineConfig } from 'vitest/config'

/*
 * The long reliability suite (issue 15), run by `npm run test:reliability` and `.ci/run`:
 * a reindex killed over and over, a full disk, damaged index files, and the HTTP server
 * under load. Kept out of `npm test`, which stays fast. Files run one after another: each
 * loads the machine on its own (reindexes on two threads, autocannon against a server),
 * and the load test's latencies mean something only when nothing else runs.
 */
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    pool: 'forks',
    // Stops every process a test started and left running, and fails the run if there was one.
    globalSetup: ['tests/helpers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
})
