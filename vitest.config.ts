import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The long reliability suite has its own command (npm run test:reliability).
    exclude: [...configDefaults.exclude, 'tests/reliability/**'],
    // nodejieba loads its dictionary once per process (about a second); forks keep that cost per file.
    pool: 'forks',
    // Stops every process a test started and left running, and fails the run if there was one.
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Generous: the CLI tests spawn processes that load Jieba (a second each, more on a busy machine).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for what a person would see (hits, suggestions) in Chromium: a fresh
    // tab's first search on a busy machine takes more than poll's default second (CI failed
    // twice on it). A wait, not a timing assertion: speed is for the benchmarks.
    expect: { poll: { timeout: 10_000 } },
  },
})
