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
import { printTable } from './lib/corpora.js'
import { loadZhsearch } from './bench/common.js'
import { checkCorpusNames, prepareCorpus } from './bench/corpora.js'
import { runCli, withBenchServer } from './bench/processes.js'
import { queryMix } from './bench/query-mix.js'

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'news' },
    budgets: { type: 'string', default: '0,1000' },
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    queries: { type: 'string', default: '400' },
  },
})
checkCorpusNames([args.corpus])
const budgets = args.budgets.split(',').map(Number)
const connections = Number(args.connections)
const seconds = Number(args.seconds)
/** A request unanswered after this long counts as a timeout (the issue's measure). */
const TIMEOUT_S = 10

const log = (line: string): void => { process.stderr.write(`${line}\n`) }
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-budget-'))
try {
  const zhsearch = await loadZhsearch()
  const corpus = await prepareCorpus(args.corpus, join(work, 'corpus'))
  const indexDir = join(work, 'index')
  log(`${args.corpus}: indexing`)
  // Rejects with the CLI's stderr when the reindex fails.
  await runCli(['reindex', '--corpus', corpus.dir, '--index', indexDir, '--workers', '2'], 60 * 60_000)
  const { articles } = await zhsearch.readCorpus(corpus.dir)
  const analyzer = zhsearch.createAnalyzer()
  const paths = queryMix(articles, Number(args.queries), text => analyzer.normalize(text).text)
    .map(query => `/api/search?q=${encodeURIComponent(query.query)}`)
  const rows: string[][] = []
  const settings = [...budgets.map(budget => ({ budget, thread: false })), { budget: budgets.at(-1)!, thread: true }]
  for (const { budget, thread } of settings) {
    log(`${args.corpus}: budget ${budget === 0 ? 'none' : `${budget} ms`}, ${thread ? 'worker thread' : 'server thread'}, ${connections} connections, ${seconds} s`)
    rows.push(await measure(budget, thread, indexDir, paths))
  }
  console.log(`\nquery time budget: ${articles.length} articles (${args.corpus}), ${connections} connections for ${seconds} s, ${paths.length} seeded queries, timeout ${TIMEOUT_S} s\n`)
  printTable(['searches on', 'budget', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'timeouts', 'non-2xx', 'partial answers'], rows)
} finally {
  await rm(work, { recursive: true, force: true })
}

async function measure (budget: number, thread: boolean, indexDir: string, paths: readonly string[]): Promise<string[]> {
  return await withBenchServer(indexDir, async url => {
    let next = 0
    let answers = 0
    let partial = 0
    for (const path of paths.slice(0, 20)) await (await fetch(new URL(path, url))).arrayBuffer()
    const result = await autocannon({
      url,
      connections,
      duration: seconds,
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
