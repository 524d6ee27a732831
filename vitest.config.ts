import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // nodejieba loads its dictionary once per process (about a second); forks keep that cost per file.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
