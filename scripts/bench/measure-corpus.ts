/**
 * One corpus of `npm run bench`, step by step (the order run-bench.ts describes): write
 * the corpus and the query mix, Jieba's cut and the analysis alone, grep's answers,
 * zhsearch's reindexes, its query side, then the peers. A step that fails is recorded
 * under its row and the others go on.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { mean, median } from '../lib/stats.js'
import { folderBytes, loadZhsearch, textSize, WORK_FILES } from './common.js'
import { changeOneArticle, prepareCorpus, type PreparedCorpus } from './corpora.js'
import { benchHttp } from './http.js'
import { logger } from './log.js'
import { runChild, runCli, runMeasured } from './processes.js'
import { queryMix } from './query-mix.js'
import type { BenchSettings } from './settings.js'
import type { BenchArticle, BenchQuery, ChildResult, CorpusResult, EngineRow, PassTiming } from './types.js'

const log = logger('bench')

/** What the steps of one corpus share. */
interface CorpusRun {
  name: string
  work: string
  settings: BenchSettings
  corpus: PreparedCorpus
  articles: BenchArticle[]
  queries: BenchQuery[]
  /** The rows, in the order the tables list them. */
  rows: Map<string, EngineRow>
  /** The 1-minute load average seen by each measurement. */
  loads: number[]
  /** Failures that belong to no row. */
  errors: string[]
}

export async function benchCorpus (name: string, work: string, settings: BenchSettings): Promise<CorpusResult> {
  const startedAt = Date.now()
  const loadStart = loadavg()
  const run = await prepareRun(name, work, settings)
  const jieba = await measurePasses(run, 'jieba')
  const analysis = await measurePasses(run, 'analysis')
  log(`${name}: scan (grep's answers)`)
  await measureChild(run, 'scan')
  const haveTruth = existsSync(join(work, WORK_FILES.truth))
  await measureReindexes(run)
  await measureQuerySide(run, haveTruth)
  if (haveTruth) for (const peer of peerNames(settings)) await measureChild(run, peer)
  return {
    name,
    description: run.corpus.description,
    articles: run.articles.length,
    files: run.corpus.files.length,
    ...textSize(run.articles),
    queryKinds: countKinds(run.queries),
    ...(jieba !== undefined ? { jieba } : {}),
    ...(analysis !== undefined ? { analysis } : {}),
    rows: [...run.rows.values()],
    loadAverage: { start: loadStart, end: loadavg(), duringMean: run.loads.length > 0 ? mean(run.loads) : loadavg()[0]! },
    errors: run.errors,
    seconds: (Date.now() - startedAt) / 1000,
  }
}

const peerNames = (settings: BenchSettings): string[] => settings.skip.has('peers') ? [] : ['baseline', 'flexsearch']
const zhsearchRow = (workers: number): string => `zhsearch w${workers}`
const indexOf = (run: CorpusRun, workers: number): string => join(run.work, `index-w${workers}`)

function countKinds (queries: readonly BenchQuery[]): Record<string, number> {
  const kinds: Record<string, number> = {}
  for (const query of queries) kinds[query.kind] = (kinds[query.kind] ?? 0) + 1
  return kinds
}

/** Steps 1-2: the corpus folder, its articles as `readCorpus` reads them, the query mix; the rows. */
async function prepareRun (name: string, work: string, settings: BenchSettings): Promise<CorpusRun> {
  const zhsearch = await loadZhsearch()
  log(`${name}: writing the corpus to ${work}`)
  const corpus = await prepareCorpus(name, join(work, 'corpus'), { newsDir: settings.newsDir, cacheDir: settings.cacheDir })
  const report = await zhsearch.readCorpus(corpus.dir)
  for (const problem of report.problems.slice(0, 5)) log(`${name}: corpus problem (skipped by every engine): ${JSON.stringify(problem)}`)
  const articles: BenchArticle[] = report.articles.map(({ id, title, body, kicker, byline }) => ({
    id, title, body, ...(kicker !== undefined ? { kicker } : {}), ...(byline !== undefined ? { byline } : {}),
  }))
  await writeFile(join(work, WORK_FILES.articles), `${articles.map(article => JSON.stringify(article)).join('\n')}\n`)
  const analyzer = zhsearch.createAnalyzer()
  const queries = queryMix(articles, settings.queries, text => analyzer.normalize(text).text)
  await writeFile(join(work, WORK_FILES.queries), JSON.stringify(queries))
  log(`${name}: ${articles.length} articles in ${corpus.files.length} files, ${(textSize(articles).bytes / 2 ** 20).toFixed(1)} MiB of text; ${queries.length} queries`)
  const rows = new Map<string, EngineRow>()
  for (const engine of [...settings.workers.map(zhsearchRow), ...peerNames(settings), 'scan']) rows.set(engine, { engine, errors: [] })
  return { name, work, settings, corpus, articles, queries, rows, loads: [], errors: [] }
}

function rowOf (run: CorpusRun, engine: string): EngineRow {
  const row = run.rows.get(engine)
  if (row === undefined) throw new Error(`no row ${engine}`)
  return row
}

/** Runs `what`; a failure is logged and kept in `errors`, and gives undefined. */
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

/** Step 3: Jieba's raw cut (the limit) or zhsearch's analysis chain, one thread, over all text. */
async function measurePasses (run: CorpusRun, kind: 'jieba' | 'analysis'): Promise<PassTiming | undefined> {
  log(`${run.name}: ${kind} alone, one thread`)
  const result = await attempt(`${run.name} ${kind}`, run.errors, () => runChild(kind, run.work, childOptions(run), run.settings.timeoutMs))
  if (result?.buildMs === undefined) return undefined
  run.loads.push(result.load)
  return { ms: median(result.buildMs), runs: result.buildMs, ...(result.peakRssBytes !== undefined ? { peakRssBytes: result.peakRssBytes } : {}) }
}

const childOptions = (run: CorpusRun): { repeat: number, passes: number } => ({ repeat: run.settings.repeat, passes: run.settings.passes })

/** A child's measurement into its row: the scan (step 4), zhsearch's queries (step 6), a peer (step 7). */
async function measureChild (run: CorpusRun, kind: string, indexDir?: string): Promise<void> {
  const target = rowOf(run, kind === 'zhsearch' ? zhsearchRow(run.settings.workers[0]!) : kind)
  const options = { ...childOptions(run), ...(indexDir !== undefined ? { indexDir } : {}) }
  const result = await attempt(`${run.name} ${kind}`, target.errors, () => runChild(kind, run.work, options, run.settings.timeoutMs))
  if (result === undefined) return
  run.loads.push(result.load)
  fromChild(target, result)
}

function fromChild (target: EngineRow, result: ChildResult & { load: number }): void {
  const { kind: _kind, load: _load, buildMs, ...figures } = result
  if (buildMs !== undefined) { target.buildRuns = buildMs; target.buildMs = median(buildMs) }
  Object.assign(target, figures satisfies Partial<EngineRow>)
}

/** Step 5: full reindexes interleaved over the worker counts; after each, an incremental one on a copy. */
async function measureReindexes (run: CorpusRun): Promise<void> {
  const changed = join(run.corpus.dir, run.corpus.changedFile)
  const original = await readFile(changed)
  for (let r = 0; r < run.settings.repeat; r++) {
    for (const workers of run.settings.workers) {
      if (!await fullReindex(run, workers, r) || run.settings.skip.has('incremental')) continue
      await changeOneArticle(changed, r + 1)
      try {
        await incrementalReindex(run, workers)
      } finally {
        await writeFile(changed, original)
      }
    }
  }
  for (const workers of run.settings.workers) {
    const target = rowOf(run, zhsearchRow(workers))
    if (target.buildRuns !== undefined) target.buildMs = median(target.buildRuns)
    if (target.reindexOwnRuns !== undefined) target.reindexOwnMs = median(target.reindexOwnRuns)
    if (target.incrementalRuns !== undefined) target.incrementalMs = median(target.incrementalRuns)
  }
}

interface ReindexJson { mode: string, files: { read: number }, documents: number, ms: number }

async function fullReindex (run: CorpusRun, workers: number, round: number): Promise<boolean> {
  const target = rowOf(run, zhsearchRow(workers))
  log(`${run.name}: zhsearch reindex --full --workers ${workers} (run ${round + 1} of ${run.settings.repeat})`)
  const full = await attempt(`${run.name} reindex --full --workers ${workers}`, target.errors, () =>
    runCli(['reindex', '--corpus', run.corpus.dir, '--index', indexOf(run, workers), '--full', '--workers', String(workers), '--json'], run.settings.timeoutMs))
  if (full === undefined) return false
  run.loads.push(full.load)
  const summary = JSON.parse(full.stdout) as ReindexJson
  if (summary.documents !== run.articles.length) target.errors.push(`the full reindex indexed ${summary.documents} documents, readCorpus read ${run.articles.length} articles`)
  ;(target.buildRuns ??= []).push(full.wallMs)
  ;(target.reindexOwnRuns ??= []).push(summary.ms)
  target.peakRssBytes = Math.max(target.peakRssBytes ?? 0, full.peakRssBytes ?? 0) || undefined
  return true
}

/** One changed article in one file: the reindex must read that file only. */
async function incrementalReindex (run: CorpusRun, workers: number): Promise<void> {
  const target = rowOf(run, zhsearchRow(workers))
  const copy = join(run.work, `index-w${workers}-incremental`)
  await cp(indexOf(run, workers), copy, { recursive: true })
  try {
    log(`${run.name}: zhsearch reindex --workers ${workers} after one changed article in ${run.corpus.changedFile}`)
    const incremental = await attempt(`${run.name} incremental reindex --workers ${workers}`, target.errors, () =>
      runCli(['reindex', '--corpus', run.corpus.dir, '--index', copy, '--workers', String(workers), '--json'], run.settings.timeoutMs))
    if (incremental === undefined) return
    run.loads.push(incremental.load)
    const summary = JSON.parse(incremental.stdout) as ReindexJson
    if (summary.mode !== 'incremental' || summary.files.read !== 1) target.errors.push(`incremental reindex was ${summary.mode} and read ${summary.files.read} files (expected incremental, 1)`)
    ;(target.incrementalRuns ??= []).push(incremental.wallMs)
  } finally {
    await rm(copy, { recursive: true, force: true })
  }
}

/** Step 6, on the index built with the first worker count (all builds are the same index). */
async function measureQuerySide (run: CorpusRun, haveTruth: boolean): Promise<void> {
  const main = rowOf(run, zhsearchRow(run.settings.workers[0]!))
  const index = indexOf(run, run.settings.workers[0]!)
  if (!existsSync(index)) return
  main.indexBytes = await folderBytes(index)
  if (!run.settings.skip.has('fresh')) await measureFreshSearch(run, main, index)
  if (haveTruth) {
    log(`${run.name}: zhsearch open, heap, ${run.queries.length} queries × ${run.settings.passes} passes, every hit, recall, save`)
    await measureChild(run, 'zhsearch', index)
  }
  if (!run.settings.skip.has('http')) {
    const { connections, httpSeconds: seconds } = run.settings
    log(`${run.name}: HTTP, ${connections} connections, ${seconds} s per route`)
    const http = await attempt(`${run.name} http`, main.errors, () => benchHttp(index, run.queries, run.articles.map(article => article.id), { connections, seconds }))
    if (http !== undefined) main.http = http
    run.loads.push(loadavg()[0]!)
  }
}

/** `zhsearch search` in a fresh process, timed from spawn to exit. */
async function measureFreshSearch (run: CorpusRun, main: EngineRow, index: string): Promise<void> {
  const probe = run.queries.find(query => query.kind === 'substring' && query.query.length >= 2)?.query ?? run.queries[0]!.query
  for (let r = 0; r < run.settings.repeat; r++) {
    log(`${run.name}: zhsearch search ${probe} in a fresh process`)
    const fresh = await attempt(`${run.name} fresh search`, main.errors, () => runCli(['search', probe, '--index', index, '--json'], run.settings.timeoutMs))
    if (fresh !== undefined) { (main.freshSearchRuns ??= []).push(fresh.wallMs); run.loads.push(fresh.load) }
  }
  if (main.freshSearchRuns !== undefined) main.freshSearchMs = median(main.freshSearchRuns)
  // What a fresh search took when it loaded Jieba first: a process that only loads its dictionary.
  const loads: number[] = []
  for (let r = 0; r < run.settings.repeat; r++) {
    const bare = await attempt(`${run.name} jieba load`, main.errors, () => runMeasured(['-e', "require('nodejieba').load()"], run.settings.timeoutMs, 'nodejieba.load'))
    if (bare !== undefined) loads.push(bare.wallMs)
  }
  if (loads.length > 0) main.jiebaLoadMs = median(loads)
}
