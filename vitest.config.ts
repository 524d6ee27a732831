import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // nodejieba loads its dictionary once per process (about a second); forks keep that cost per file.
    pool: 'forks',
    // Generous: the CLI tests spawn processes that load Jieba (a second each, more on a busy machine).
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
