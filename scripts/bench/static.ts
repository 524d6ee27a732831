/**
 * The static export against the server engine, on the same index (issue 22):
 *
 *   npm run bench:static [-- --quick] [--keep DIR]
 *
 * 1. news: all 19,594 items of ../shared/data/xwlb-news, built into an index and exported
 *    with `exportStatic`: export size and time next to the text's size.
 * 2. Chromium (Debian's, headless) opens the exported page from a plain static file server
 *    on loopback, one fresh tab per query: bytes fetched for opening the page and for its
 *    first query, and the milliseconds from Enter to the hits on screen.
 * 3. Node, `zhsearch/static` over the export folder against the engine it was exported
 *    from: recall against grep on seeded 2-4 character news substrings, equal totals, top-10
 *    overlap; and on DuReader dev (its own index and export) nDCG@10 of both and overlap.
 *
 * Nothing here is a test: the targets are printed beside the figures. `--keep DIR` keeps the
 * indexes and exports in DIR (otherwise a temporary folder, removed at the end).
 */
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { type Article, createAnalyzer, exportStatic, MAX_LIMIT, SearchEngine, type SearchRequest, type SearchResponse } from '../../src/internal.js'
import { openStaticIndex, type StaticSearch } from '../../src/static/node-static-index.js'
import { createGrepOracle } from '../eval/grep-oracle.js'
import { type EvalQuery, type QueryResult, runQuery, summarize } from '../eval/evaluate.js'
import { sampleSubstrings } from '../eval/sample-substrings.js'
import { EVAL_ENGINE_OPTIONS, type SearchSystem } from '../eval/systems.js'
import { readCollection } from '../lib/beir-collection.js'
import { mib, NONE, sig } from '../lib/format.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { median, mean, percentile } from '../lib/stats.js'
import { printTable } from '../lib/table.js'
import { readNews } from '../lib/xwlb-news.js'
import { measurePage } from './static-browser.js'

const { values: args } = parseArgs({ options: { quick: { type: 'boolean', default: false }, keep: { type: 'string' } } })
const YEARS = [2022, 2023, 2024, 2025, 2026]
const SEED = 22
/** Substrings per length (2, 3 and 4 characters) for recall and overlap in Node; the first of them for Chromium. */
const PER_LENGTH = args.quick ? 20 : 100
const PAGE_QUERIES = args.quick ? 8 : 30
/** Multi-word queries the page is also timed on (the costlier kind: several words, a question rerank). */
const WORD_QUERIES = ['乡村振兴', '中国式现代化', '习近平 总书记 考察', '"一带一路" 合作', '人工智能 发展', '如何推进高质量发展']
const KB = 1024

const machine = machineAtStart()
const work = args.keep ?? await mkdtemp(join(tmpdir(), 'zhsearch-bench-static-'))
await mkdir(work, { recursive: true })

/** An index of `articles` saved and exported: the engine, the static index and how long each took. */
async function buildAndExport (name: string, articles: readonly Article[]): Promise<{ engine: SearchEngine, index: StaticSearch, buildMs: number, exportMs: number, exportBytes: number, files: number, textBytes: number }> {
  const indexDir = join(work, `${name}-index`)
  const outDir = join(work, `${name}-site`)
  let started = performance.now()
  const engine = await SearchEngine.fromArticles(articles, EVAL_ENGINE_OPTIONS)
  await engine.save(indexDir)
  const buildMs = performance.now() - started
  started = performance.now()
  const summary = await exportStatic({ indexDir, outDir })
  const exportMs = performance.now() - started
  const index = await openStaticIndex(outDir)
  return { engine, index, buildMs, exportMs, exportBytes: summary.totalBytes, files: await countFiles(outDir), textBytes: summary.textBytes }
}

async function countFiles (dir: string): Promise<number> {
  let count = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) count += entry.isDirectory() ? await countFiles(join(dir, entry.name)) : 1
  return count
}

/** A system over a search function, paging past MAX_LIMIT (recall asks for every match of a common substring). */
function pagedSystem (name: string, search: (request: SearchRequest) => Promise<SearchResponse>): SearchSystem {
  return {
    name,
    async search (query, limit) {
      const ids: string[] = []
      let total = 0
      let relaxed = false
      do {
        const response = await search({ query, limit: Math.min(MAX_LIMIT, limit - ids.length), offset: ids.length, snippets: false })
        ids.push(...response.hits.map(hit => hit.id))
        total = response.total
        relaxed = response.relaxed === true
        if (response.hits.length === 0) break
      } while (ids.length < Math.min(limit, total))
      return { ids, total, relaxed }
    },
  }
}

/** A share as a percentage: whole when complete, two decimals otherwise. */
const share = (value: number | undefined): string => value === undefined ? NONE : `${(100 * value).toFixed(value === 1 ? 0 : 2)}%`

/** Share of the server's top 10 that the static top 10 also holds (1 when both are empty). */
function overlap (server: readonly string[], other: readonly string[]): number {
  if (server.length === 0) return other.length === 0 ? 1 : 0
  const top = new Set(other)
  return server.filter(id => top.has(id)).length / server.length
}

interface Comparison {
  queries: number
  recall: { server?: number, static?: number }
  ndcg: { server?: number, static?: number }
  overlap: number
  sameTotals: number
  serverMs: number
  staticMs: number
}

async function compare (engine: SearchEngine, index: StaticSearch, articles: readonly Article[], queries: readonly EvalQuery[]): Promise<Comparison> {
  const oracle = createGrepOracle(articles, createAnalyzer())
  const server = pagedSystem('server', async request => await engine.search(request))
  const statics = pagedSystem('static', async request => await index.search(request))
  const serverResults: QueryResult[] = []
  const staticResults: QueryResult[] = []
  for (const query of queries) {
    serverResults.push(await runQuery(server, query, oracle))
    staticResults.push(await runQuery(statics, query, oracle))
  }
  const a = summarize(serverResults)
  const b = summarize(staticResults)
  return {
    queries: queries.length,
    recall: { server: a.recall, static: b.recall },
    ndcg: { server: a.ndcg, static: b.ndcg },
    overlap: mean(serverResults.map((result, i) => overlap(result.top, staticResults[i]!.top))),
    sameTotals: serverResults.filter((result, i) => result.total === staticResults[i]!.total).length,
    serverMs: a.msPerQuery,
    staticMs: b.msPerQuery,
  }
}

try {
  // 1. The news archive, exported.
  const news = (await Promise.all(YEARS.map(async year => await readNews(year)))).flat()
  const newsText = news.reduce((sum, article) => sum + Buffer.byteLength(article.title) + Buffer.byteLength(article.body), 0)
  console.error(`bench:static: ${news.length} news items (${mib(newsText)} MiB of text); building and exporting in ${work}`)
  const built = await buildAndExport('news', news)
  const site = join(work, 'news-site')
  const pageBytes = (await Promise.all(['index.html', 'style.css', 'load-page.js', 'page.js.gz', 'index/manifest.json.gz'].map(async file => (await stat(join(site, file))).size))).reduce((a, b) => a + b, 0)

  console.log(`\n### news: ${news.length} items, ${mib(newsText)} MiB of text (title and body, UTF-8)\n`)
  printTable(['step', 'time s', 'size MiB', 'files', 'size / text'], [
    ['index (SearchEngine.fromArticles + save)', sig(built.buildMs / 1000), NONE, NONE, NONE],
    ['export --static', sig(built.exportMs / 1000), mib(built.exportBytes), String(built.files), `${sig(built.exportBytes / newsText)}x`],
  ])

  // 2. Chromium.
  const samples = sampleSubstrings(news, { seed: SEED, perLength: PER_LENGTH, minLength: 2, maxLength: 4 })
  const pageQueries = [...samples.filter((_, i) => i % PER_LENGTH < Math.ceil(PAGE_QUERIES / 3)).map(sample => sample.text), ...WORD_QUERIES]
  console.error(`bench:static: Chromium, ${pageQueries.length} queries, each in a fresh tab`)
  const runs = await measurePage(site, pageQueries)
  const mismatched: string[] = []
  for (const run of runs) {
    const server = await built.engine.search({ query: run.query, limit: 10, snippets: false })
    if (server.hits.map(hit => hit.id).join() !== run.ids.join()) mismatched.push(run.query)
  }
  const first = runs.map(run => run.openBytes + run.queryBytes)
  console.log(`\n### The exported page in Chromium (loopback static server, fresh tab per query, ${runs.length} queries: ${pageQueries.length - WORD_QUERIES.length} seeded substrings, ${WORD_QUERIES.length} word queries)\n`)
  printTable(['figure', 'median', 'p90', 'max', 'target'], [
    ['opening the page KB', sig(median(runs.map(run => run.openBytes)) / KB), sig(percentile(runs.map(run => run.openBytes), 0.9) / KB), sig(Math.max(...runs.map(run => run.openBytes)) / KB), NONE],
    ['first query KB', sig(median(runs.map(run => run.queryBytes)) / KB), sig(percentile(runs.map(run => run.queryBytes), 0.9) / KB), sig(Math.max(...runs.map(run => run.queryBytes)) / KB), NONE],
    ['page + first query KB', sig(median(first) / KB), sig(percentile(first, 0.9) / KB), sig(Math.max(...first) / KB), '≤ 300'],
    ['files fetched (page + query)', sig(median(runs.map(run => run.openFiles + run.queryFiles))), sig(percentile(runs.map(run => run.openFiles + run.queryFiles), 0.9)), sig(Math.max(...runs.map(run => run.openFiles + run.queryFiles))), NONE],
    ['first answer ms after Enter', sig(median(runs.map(run => run.answerMs))), sig(percentile(runs.map(run => run.answerMs), 0.9)), sig(Math.max(...runs.map(run => run.answerMs))), '≤ 150'],
  ])
  console.log(`\nOpening the page: ${sig(pageBytes / KB)} KB of files (index.html, style.css, load-page.js, page.js.gz, the manifest) as the server above sends them, without compression of its own: the export compressed the script and the index files.`)
  console.log(`Top 10 on the page equal to the server's (ids, in order): ${runs.length - mismatched.length}/${runs.length}${mismatched.length > 0 ? ` (differ: ${mismatched.join(', ')})` : ''}.`)
  console.log('\n| query | page + query KB | files | answer ms |\n|---|---:|---:|---:|')
  for (const run of runs) console.log(`| ${run.query} | ${sig((run.openBytes + run.queryBytes) / KB)} | ${run.openFiles + run.queryFiles} | ${sig(run.answerMs)} |`)

  // 3. Node: recall and ranking against the engine.
  const substringQueries: EvalQuery[] = samples.map((sample, i) => ({ id: `news-${i + 1}`, text: sample.text, kind: `${sample.length} char` }))
  console.error(`bench:static: ${substringQueries.length} news substrings in Node`)
  const newsComparison = await compare(built.engine, built.index, news, substringQueries)

  const dureader = await readCollection('dureader-search-demo', 'dev')
  console.error(`bench:static: DuReader dev, ${dureader.articles.length} documents, ${dureader.queries.length} queries`)
  const dureaderBuilt = await buildAndExport('dureader', dureader.articles)
  const dureaderQueries: EvalQuery[] = dureader.queries.map(query => ({ id: query.id, text: query.text, relevant: dureader.relevant.get(query.id)! }))
  const dureaderComparison = await compare(dureaderBuilt.engine, dureaderBuilt.index, dureader.articles, dureaderQueries)

  console.log('\n### zhsearch/static in Node against the server engine over the same index\n')
  const row = (name: string, c: Comparison): string[] => [
    name, String(c.queries),
    share(c.recall.server), share(c.recall.static),
    sig(c.ndcg.server), sig(c.ndcg.static), sig(c.overlap), `${c.sameTotals}/${c.queries}`, sig(c.serverMs), sig(c.staticMs),
  ]
  printTable(['set', 'queries', 'recall server', 'recall static', 'nDCG@10 server', 'nDCG@10 static', 'top-10 overlap', 'equal totals', 'server ms/q', 'static ms/q'], [
    row('news 2-4 char substrings (vs grep)', newsComparison),
    row('DuReader dev (judged)', dureaderComparison),
  ])
  console.log(`\nDuReader dev export: ${mib(dureaderBuilt.exportBytes)} MiB in ${dureaderBuilt.files} files for ${mib(dureaderBuilt.textBytes)} MiB of text, ${sig(dureaderBuilt.exportMs / 1000)} s.`)
  console.log(`Targets: recall 100% as the server; top-10 overlap ≥ 0.9; nDCG@10 within 0.02 of the server's.\n\n${machineLine(machine)}`)
} finally {
  if (args.keep === undefined) await rm(work, { recursive: true, force: true })
}
