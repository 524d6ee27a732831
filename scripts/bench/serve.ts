/**
 * `zhsearch serve` for the benchmark: the built server (dist/) on a free loopback port with
 * the per-client rate limit lifted (one load generator is one client; the CLI has no option
 * for it). Prints its URL on stdout; stops on SIGTERM.
 *
 *   node --import tsx scripts/bench/serve.ts <index dir>
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './common.js'

const indexDir = process.argv[2]
if (indexDir === undefined) throw new Error('usage: serve.ts <index dir>')
const { startServer } = await import(pathToFileURL(join(ROOT, 'dist', 'server', 'start-server.js')).href) as typeof import('../../src/server/start-server.js')
// QUERY_BUDGET_MS as `zhsearch serve` reads it (bench-budget.ts compares settings).
const budget = process.env.QUERY_BUDGET_MS
const server = await startServer({
  indexDir,
  // SEARCH_THREAD=0 searches on the server's own thread (bench-budget.ts compares both).
  searchThread: process.env.SEARCH_THREAD !== '0',
  ...(budget !== undefined ? { engineOptions: { queryBudgetMs: Number(budget) } } : {}),
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  app: { rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 } },
})
process.stdout.write(`${server.url}\n`)
