/**
 * `zhsearch serve` for the benchmarks: the built server (dist/) on a free loopback port with
 * the per-client rate limit lifted (one load generator is one client), and what the CLI
 * has no option for: SEARCH_THREAD=0 searches on the server's own thread (budget.ts
 * compares both); QUERY_BUDGET_MS as `zhsearch serve` reads it. Prints its URL on stdout;
 * stops on SIGTERM.
 *
 *   node --import tsx scripts/bench/serve.ts <index dir>
 */
import { loadServer } from './common.js'

const indexDir = process.argv[2]
if (indexDir === undefined) throw new Error('usage: serve.ts <index dir>')
const { startServer } = await loadServer()
const budget = process.env.QUERY_BUDGET_MS
const server = await startServer({
  indexDir,
  searchThread: process.env.SEARCH_THREAD !== '0',
  ...(budget !== undefined ? { engineOptions: { queryBudgetMs: Number(budget) } } : {}),
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  app: { rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } },
})
process.stdout.write(`${server.url}\n`)
