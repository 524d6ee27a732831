/**
 * The benchmark suite: zhsearch and its peers on real corpora, measured in the same run on
 * the same machine, one table per corpus, medians of repeated runs, ratios. Never run by
 * `npm test`.
 *
 *   npm run bench                       all corpora (default, news, poetry10k, poetry100k, poetry)
 *   npm run bench:quick                 small slices, one run each: a few minutes
 *   npm run bench -- --corpora default,news3m,poetry10k --repeat 3 --skip http
 *
 * Options: --corpora (default, news, news<N>m, poetry, poetry<N>k), --repeat N (reindexes,
 * peer builds, fresh searches), --passes N (timed passes over the query mix), --queries N,
 * --workers 1,2, --http-seconds N, --connections N, --skip http,peers,incremental,fresh,
 * --news-dir DIR, --cache DIR (where chinese-poetry is installed), --out DIR, --timeout-min N,
 * --keep (keep the temporary folders).
 *
 * Per corpus, in this order:
 *   1. the corpus folder is written to a temporary folder; its articles read back with `readCorpus`
 *   2. the query mix is drawn (query-mix.ts)
 *   3. jieba: raw single-core `nodejieba.cut` over the text fields (the limit), in a child
 *   4. scan (grep): builds, times the mix and writes grep's answers, in a child
 *   5. `zhsearch reindex --full --workers N` through the built CLI, measured from outside
 *      (wall, VmHWM), interleaved over the worker counts; after each, one article of one
 *      file is changed and an incremental reindex runs on a copy of that index
 *   6. index size on disk (every file in the index folder); `zhsearch search` in a fresh
 *      process, timed from spawn to exit; in a child: `SearchEngine.open`, the heap it adds
 *      (heapUsed + external after a GC, minus before), the mix's p50/p99 (limit 10, with
 *      snippets) and recall against grep; `zhsearch serve` from spawn to its first answer,
 *      then requests/s and p99 under autocannon
 *   7. baseline (MiniSearch + jieba) and FlexSearch, each in a child
 * Results go to stdout (markdown) and to <out>/latest.json and latest.md, with a dated copy
 * of each (bench-results/ by default, git-ignored).
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { existsSync } from 'node:fs'
import { CLI, loadZhsearch, sharedData, median, ROOT, textBytes, WORK_FILES, type BenchArticle, type BenchQuery, type CorpusResult, type EngineRow } from './common.js'
import type { ChildResult } from './child.js'
import { changeOneArticle, isCorpusName, prepareCorpus, type PreparedCorpus } from './corpora.js'
import { benchHttp, runChild, runCli } from './processes.js'
import { queryMix } from './query-mix.js'
import { corpusMarkdown, machineLine } from './report.js'

const { values: args } = parseArgs({
  options: {
    corpora: { type: 'string' },
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string' },
    passes: { type: 'string' },
    queries: { type: 'string' },
    workers: { type: 'string', default: '1,2' },
    'http-seconds': { type: 'string' },
    connections: { type: 'string', default: '50' },
    skip: { type: 'string', default: '' },
    'news-dir': { type: 'string', default: join(sharedData(), 'xwlb-news') },
    cache: { type: 'string', default: join(ROOT, '.bench-cache') },
    out: { type: 'string', default: join(ROOT, 'bench-results') },
    'timeout-min': { type: 'string', default: '60' },
    keep: { type: 'boolean', default: false },
  },
})
const quick = args.quick
const settings = {
  corpora: (args.corpora ?? (quick ? 'default,news2m,poetry2k' : 'default,news,poetry10k,poetry100k,poetry')).split(',').map(name => name.trim()).filter(name => name !== ''),
  repeat: whole(args.repeat ?? (quick ? '1' : '3'), 'repeat', 1),
  passes: whole(args.passes ?? (quick ? '1' : '3'), 'passes', 1),
  queries: whole(args.queries ?? (quick ? '60' : '200'), 'queries', 10),
  workers: args.workers.split(',').map(value => whole(value, 'workers', 1)),
  httpSeconds: whole(args['http-seconds'] ?? (quick ? '3' : '10'), 'http-seconds', 1),
  connections: whole(args.connections, 'connections', 1),
  skip: new Set(args.skip.split(',').map(value => value.trim()).filter(value => value !== '')),
  timeoutMs: whole(args['timeout-min'], 'timeout-min', 1) * 60_000,
}

const unknown = settings.corpora.filter(name => !isCorpusName(name))
if (unknown.length > 0) throw new Error(`unknown corpus ${unknown.join(', ')}: use default, news, news<N>m (first N months), poetry or poetry<N>k (first N thousand poems)`)

function whole (value: string, name: string, min: number): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < min) throw new Error(`--${name} must be a whole number ≥ ${min}, not ${value}`)
  return number
}

const log = (line: string): void => { console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`) }

async function attempt<T> (what: string, errors: string[], action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action()
  } catch (error) {
    const message = `${what}: ${error instanceof Error ? error.message : String(error)}`
    log(`FAILED ${message}`)
    errors.push(message)
    return undefined
  }
}

async function folderBytes (dir: string): Promise<number> {
  let bytes = 0
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) bytes += (await stat(join(entry.parentPath, entry.name))).size
  }
  return bytes
}

async function benchCorpus (name: string, work: string): Promise<CorpusResult> {
  const startedAt = Date.now()
  const loadStart = loadavg()
  const loads: number[] = []
  const errors: string[] = []
  const zhsearch = await loadZhsearch()
  const analyzer = zhsearch.createAnalyzer()

  log(`${name}: writing the corpus to ${work}`)
  const corpus: PreparedCorpus = await prepareCorpus(name, join(work, 'corpus'), { newsDir: args['news-dir'], cacheDir: args.cache })
  const report = await zhsearch.readCorpus(corpus.dir)
  for (const problem of report.problems.slice(0, 5)) log(`${name}: corpus problem (skipped by every engine): ${JSON.stringify(problem)}`)
  const articles: BenchArticle[] = report.articles.map(article => {
    const entry: BenchArticle = { id: article.id, title: article.title, body: article.body }
    if (article.kicker !== undefined) entry.kicker = article.kicker
    if (article.byline !== undefined) entry.byline = article.byline
    return entry
  })
  await writeFile(join(work, WORK_FILES.articles), `${articles.map(article => JSON.stringify(article)).join('\n')}\n`)
  const bytes = textBytes(articles)
  const queries: BenchQuery[] = queryMix(articles, settings.queries, text => analyzer.normalize(text).text)
  await writeFile(join(work, WORK_FILES.queries), JSON.stringify(queries))
  const queryKinds: Record<string, number> = {}
  for (const query of queries) queryKinds[query.kind] = (queryKinds[query.kind] ?? 0) + 1
  log(`${name}: ${articles.length} articles in ${corpus.files.length} files, ${(bytes / 2 ** 20).toFixed(1)} MiB of text; ${queries.length} queries`)

  const childOptions = { repeat: settings.repeat, passes: settings.passes }
  const rows = new Map<string, EngineRow>()
  const row = (engine: string): EngineRow => {
    let found = rows.get(engine)
    if (found === undefined) rows.set(engine, found = { engine, errors: [] })
    return found
  }
  const zhRows = settings.workers.map(workers => row(`zhsearch w${workers}`))
  const peerNames = settings.skip.has('peers') ? [] : ['baseline', 'flexsearch']
  for (const peer of peerNames) row(peer)
  row('scan')

  const fromChild = (target: EngineRow, result: ChildResult & { load: number }): void => {
    loads.push(result.load)
    if (result.buildMs !== undefined) { target.buildRuns = result.buildMs; target.buildMs = median(result.buildMs) }
    if (result.peakRssBytes !== undefined) target.peakRssBytes = result.peakRssBytes
    if (result.heapBytes !== undefined) target.heapBytes = result.heapBytes
    if (result.openMs !== undefined) target.openMs = result.openMs
    if (result.heapAfterQueriesBytes !== undefined) target.heapAfterQueriesBytes = result.heapAfterQueriesBytes
    if (result.partialAnswers !== undefined) target.partialAnswers = result.partialAnswers
    if (result.queries !== undefined) target.queries = result.queries
    if (result.recall !== undefined) target.recall = result.recall
  }

  log(`${name}: jieba (the limit)`)
  const jiebaResult = await attempt(`${name} jieba`, errors, () => runChild('jieba', work, childOptions, settings.timeoutMs))
  const jieba = jiebaResult?.buildMs !== undefined ? { ms: median(jiebaResult.buildMs), runs: jiebaResult.buildMs, ...(jiebaResult.peakRssBytes !== undefined ? { peakRssBytes: jiebaResult.peakRssBytes } : {}) } : undefined

  log(`${name}: scan (grep's answers)`)
  const scan = row('scan')
  const scanResult = await attempt(`${name} scan`, scan.errors, () => runChild('scan', work, childOptions, settings.timeoutMs))
  if (scanResult !== undefined) fromChild(scan, scanResult)
  const haveTruth = existsSync(join(work, WORK_FILES.truth))

  // zhsearch reindex, interleaved over the worker counts; incremental on a copy of each full index.
  const indexOf = (workers: number): string => join(work, `index-w${workers}`)
  const changed = join(corpus.dir, corpus.changedFile)
  const original = await readFile(changed)
  for (let r = 0; r < settings.repeat; r++) {
    for (const [i, workers] of settings.workers.entries()) {
      const target = zhRows[i]!
      log(`${name}: zhsearch reindex --full --workers ${workers} (run ${r + 1} of ${settings.repeat})`)
      const full = await attempt(`${name} reindex --full --workers ${workers}`, target.errors, () =>
        runCli(['reindex', '--corpus', corpus.dir, '--index', indexOf(workers), '--full', '--workers', String(workers), '--json'], settings.timeoutMs))
      if (full === undefined) continue
      loads.push(full.load)
      ;(target.buildRuns ??= []).push(full.wallMs)
      target.peakRssBytes = Math.max(target.peakRssBytes ?? 0, full.peakRssBytes ?? 0) || undefined
      if (settings.skip.has('incremental')) continue
      const copy = join(work, `index-w${workers}-incremental`)
      await cp(indexOf(workers), copy, { recursive: true })
      await changeOneArticle(changed, r + 1)
      try {
        log(`${name}: zhsearch reindex --workers ${workers} after one changed article in ${corpus.changedFile}`)
        const incremental = await attempt(`${name} incremental reindex --workers ${workers}`, target.errors, () =>
          runCli(['reindex', '--corpus', corpus.dir, '--index', copy, '--workers', String(workers), '--json'], settings.timeoutMs))
        if (incremental !== undefined) {
          loads.push(incremental.load)
          const summary = JSON.parse(incremental.stdout) as { mode: string, files: { read: number } }
          if (summary.mode !== 'incremental' || summary.files.read !== 1) target.errors.push(`incremental reindex was ${summary.mode} and read ${summary.files.read} files (expected incremental, 1)`)
          ;(target.incrementalRuns ??= []).push(incremental.wallMs)
        }
      } finally {
        await writeFile(changed, original)
        await rm(copy, { recursive: true, force: true })
      }
    }
  }
  for (const target of zhRows) {
    if (target.buildRuns !== undefined) target.buildMs = median(target.buildRuns)
    if (target.incrementalRuns !== undefined) target.incrementalMs = median(target.incrementalRuns)
  }

  // Query side: the index built with the first worker count (all builds are the same index).
  const main = zhRows[0]!
  const index = indexOf(settings.workers[0]!)
  if (existsSync(index)) {
    main.indexBytes = await folderBytes(index)
    if (!settings.skip.has('fresh')) {
      const probe = queries.find(query => query.kind === 'substring' && query.query.length >= 2)?.query ?? queries[0]!.query
      for (let r = 0; r < settings.repeat; r++) {
        log(`${name}: zhsearch search ${probe} in a fresh process`)
        const fresh = await attempt(`${name} fresh search`, main.errors, () => runCli(['search', probe, '--index', index, '--json'], settings.timeoutMs))
        if (fresh !== undefined) { (main.freshSearchRuns ??= []).push(fresh.wallMs); loads.push(fresh.load) }
      }
      if (main.freshSearchRuns !== undefined) main.freshSearchMs = median(main.freshSearchRuns)
    }
    if (haveTruth) {
      log(`${name}: zhsearch open, heap, ${queries.length} queries × ${settings.passes} passes, recall`)
      const result = await attempt(`${name} zhsearch queries`, main.errors, () => runChild('zhsearch', work, { ...childOptions, indexDir: index }, settings.timeoutMs))
      if (result !== undefined) fromChild(main, result)
    }
    if (!settings.skip.has('http')) {
      log(`${name}: HTTP, ${settings.connections} connections, ${settings.httpSeconds} s`)
      const http = await attempt(`${name} http`, main.errors, () => benchHttp(index, queries, settings.connections, settings.httpSeconds))
      if (http !== undefined) main.http = http
      loads.push(loadavg()[0]!)
    }
  }

  if (haveTruth) {
    for (const peer of peerNames) {
      log(`${name}: ${peer}: build × ${settings.repeat}, heap, queries, recall`)
      const target = row(peer)
      const result = await attempt(`${name} ${peer}`, target.errors, () => runChild(peer, work, childOptions, settings.timeoutMs))
      if (result !== undefined) fromChild(target, result)
    }
  }

  return {
    name,
    description: corpus.description,
    articles: articles.length,
    files: corpus.files.length,
    bytes,
    queryKinds,
    ...(jieba !== undefined ? { jieba } : {}),
    rows: [...rows.values()],
    loadAverage: { start: loadStart, end: loadavg(), duringMean: loads.length > 0 ? loads.reduce((a, b) => a + b, 0) / loads.length : loadavg()[0]! },
    errors,
    seconds: (Date.now() - startedAt) / 1000,
  }
}

if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first')
const machine = { cores: cpus().length, cpu: cpus()[0]?.model ?? '?', node: process.version, loadAverageAtStart: loadavg() }
log(`settings: ${JSON.stringify({ ...settings, skip: [...settings.skip] })}`)
const results: CorpusResult[] = []
const markdown: string[] = []
const stamp = new Date().toISOString().slice(0, 16).replace(':', '')

/** Writes what is measured so far (after every corpus, so an interrupted run keeps its tables). */
async function save (): Promise<void> {
  await mkdir(args.out, { recursive: true })
  const json = JSON.stringify({ date: new Date().toISOString(), machine: { ...machine, loadAverageAtEnd: loadavg() }, settings: { ...settings, skip: [...settings.skip] }, corpora: results }, null, 2)
  const text = [...markdown, machineLine(machine, loadavg())].join('\n\n')
  for (const base of ['latest', `bench-${stamp}`]) {
    await writeFile(join(args.out, `${base}.json`), json)
    await writeFile(join(args.out, `${base}.md`), `${text}\n`)
  }
}

for (const name of settings.corpora) {
  const work = await mkdtemp(join(tmpdir(), `zhsearch-bench-${name}-`))
  try {
    const result = await benchCorpus(name, work)
    results.push(result)
    const text = corpusMarkdown(result, settings)
    markdown.push(text)
    console.log(`\n${text}`)
    await save()
  } catch (error) {
    log(`corpus ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  } finally {
    if (args.keep) log(`kept ${work}`)
    else await rm(work, { recursive: true, force: true })
  }
}
console.log(`\n${machineLine(machine, loadavg())}`)
await save()
log(`results: ${join(args.out, 'latest.json')} and latest.md (also kept as bench-${stamp}.*)`)
