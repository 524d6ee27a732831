/**
 * What bounds the server's latency under many connections (issue #15, item 11): the built
 * server over a news index, searching on its own thread without and with the query time
 * budget, then on a worker thread (the default), the same seeded query mix each time. The
 * budget cuts a search short (flagged `partial`); the worker thread keeps the server's
 * own thread free to accept connections while the searches keep a core busy.
 *
 *   npm run bench:budget                          news (19,594 items), 200 connections, 20 s per setting
 *   npm run bench:budget -- --corpus news3m --seconds 10 --budgets 0,1000,250
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { wholeNumber, wholeNumbers } from '../lib/args.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { printTable } from '../lib/table.js'
import { loadZhsearch, requireBuild } from './common.js'
import { checkCorpusNames, prepareCorpus } from './corpora.js'
import { logger } from './log.js'
import { runCli, withBenchServer } from './processes.js'
import { queryMix } from './query-mix.js'

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'news' },
    budgets: { type: 'string', default: '0,1000' },
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    queries: { type: 'string', default: '400' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('usage: npm run bench:budget -- [--corpus news|news<N>m|default|poetry<N>k] [--budgets 0,1000 (ms; 0: none)] [--connections 200] [--seconds 20] [--queries 400]')
  process.exit(0)
}
checkCorpusNames([args.corpus])
const settings = {
  budgets: wholeNumbers(args.budgets, 'budgets'),
  connections: wholeNumber(args.connections, 'connections', 1),
  seconds: wholeNumber(args.seconds, 'seconds', 1),
  queries: wholeNumber(args.queries, 'queries', 10),
}
/** A request unanswered after this long counts as a timeout (the issue's measure). */
const TIMEOUT_S = 10
const log = logger('budget')

/** The corpus indexed with the CLI, and the query mix as request paths. */
async function prepare (work: string): Promise<{ indexDir: string, articles: number, paths: string[] }> {
  const zhsearch = await loadZhsearch()
  const corpus = await prepareCorpus(args.corpus, join(work, 'corpus'))
  const indexDir = join(work, 'index')
  log(`${args.corpus}: indexing`)
  // Rejects with the CLI's stderr when the reindex fails.
  await runCli(['reindex', '--corpus', corpus.dir, '--index', indexDir, '--workers', '2'], 60 * 60_000)
  const { articles } = await zhsearch.readCorpus(corpus.dir)
  const analyzer = zhsearch.createAnalyzer()
  const paths = queryMix(articles, settings.queries, text => analyzer.normalize(text).text)
    .map(query => `/api/search?q=${encodeURIComponent(query.query)}`)
  return { indexDir, articles: articles.length, paths }
}

/** One setting: the bench's server with this budget, on its own thread or a worker thread, under the load. */
async function measure (budget: number, thread: boolean, indexDir: string, paths: readonly string[]): Promise<string[]> {
  return await withBenchServer(indexDir, async url => {
    let next = 0
    let answers = 0
    let partial = 0
    for (const path of paths.slice(0, 20)) await (await fetch(new URL(path, url))).arrayBuffer()
    const result = await autocannon({
      url,
      connections: settings.connections,
      duration: settings.seconds,
      timeout: TIMEOUT_S,
      requests: [{
        method: 'GET',
        setupRequest: request => ({ ...request, path: paths[next++ % paths.length]! }),
        onResponse: (_status, body) => {
          answers++
          if (body.includes('"partial":true')) partial++
        },
      }],
    })
    return [
      thread ? 'worker thread' : 'server thread', budget === 0 ? 'none' : `${budget} ms`,
      result.requests.average.toFixed(0), String(result.latency.p50), String(result.latency.p99), String(result.latency.max),
      String(result.timeouts), String(result.non2xx), `${partial} of ${answers}`,
    ]
  }, { QUERY_BUDGET_MS: String(budget), SEARCH_THREAD: thread ? '1' : '0' })
}

requireBuild()
const machine = machineAtStart()
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-budget-'))
try {
  const { indexDir, articles, paths } = await prepare(work)
  const rows: string[][] = []
  const { budgets, connections, seconds } = settings
  for (const { budget, thread } of [...budgets.map(budget => ({ budget, thread: false })), { budget: budgets.at(-1)!, thread: true }]) {
    log(`${args.corpus}: budget ${budget === 0 ? 'none' : `${budget} ms`}, ${thread ? 'worker thread' : 'server thread'}, ${connections} connections, ${seconds} s`)
    rows.push(await measure(budget, thread, indexDir, paths))
  }
  console.log(`\nquery time budget: ${articles} articles (${args.corpus}), ${connections} connections for ${seconds} s, ${paths.length} seeded queries, timeout ${TIMEOUT_S} s\n`)
  printTable(['searches on', 'budget', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'timeouts', 'non-2xx', 'partial answers'], rows, 2)
  console.log(`\n${machineLine(machine)}`)
} finally {
  await rm(work, { recursive: true, force: true })
}
