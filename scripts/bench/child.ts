/**
 * One measurement in a fresh process (so that heaps do not mix), started by run-bench.ts:
 *
 *   node --expose-gc --import tsx scripts/bench/child.ts <kind> <work dir> '<options JSON>'
 *
 * kinds: `jieba` (raw nodejieba.cut over the text), `zhsearch` (open the index, heap,
 * queries, recall), `baseline`, `flexsearch`, `scan` (build, heap, queries, recall; the scan
 * also writes grep's answers for the others). Prints one JSON line: a {@link ChildResult}.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import {
  decodeTruth, encodeTruth, FIELDS, loadZhsearch, median, percentile, readArticles, readQueries, recallOf,
  WORK_FILES, type BenchQuery, type Recall,
} from './common.js'
import { createPeer, jieba, type PeerName } from './peers.js'

export interface ChildOptions {
  /** Builds (peers) or jieba passes to take the median of. */
  repeat: number
  /** Timed passes over the query mix (after one warm-up pass). */
  passes: number
  /** zhsearch: the index folder to open. */
  indexDir?: string
}

export interface QueryTimings {
  /** Median over the passes of each pass's p50 and p99, in ms. */
  p50Ms: number
  p99Ms: number
  passes: Array<{ p50Ms: number, p99Ms: number }>
}

export interface ChildResult {
  kind: string
  /** jieba: each pass over all text; peers: each build. */
  buildMs?: number[]
  /** heapUsed + external after the index is built or opened and a GC, minus the same before. */
  heapBytes?: number
  /** zhsearch: the same after the query mix ran (what a lazily loading index holds then). */
  heapAfterQueriesBytes?: number
  /** VmHWM of this process after building. */
  peakRssBytes?: number
  /** zhsearch: answers marked `partial` (out of their time budget), timed or not. */
  partialAnswers?: number
  /** zhsearch: `SearchEngine.open` in this process. */
  openMs?: number
  queries?: QueryTimings
  recall?: Recall
}

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

function usedBytes (): number {
  gc!()
  gc!()
  const memory = process.memoryUsage()
  // external already includes arrayBuffers (Node docs), so it is not added again.
  return memory.heapUsed + memory.external
}

async function peakRss (): Promise<number | undefined> {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8'))?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

/** One warm-up pass, then `passes` timed ones; each query timed on its own. */
async function timeQueries (queries: readonly BenchQuery[], passes: number, run: (query: BenchQuery) => unknown): Promise<QueryTimings> {
  for (const query of queries) await run(query)
  const results: Array<{ p50Ms: number, p99Ms: number }> = []
  for (let pass = 0; pass < passes; pass++) {
    const times: number[] = []
    for (const query of queries) {
      const started = performance.now()
      await run(query)
      times.push(performance.now() - started)
    }
    results.push({ p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) })
  }
  return { p50Ms: median(results.map(r => r.p50Ms)), p99Ms: median(results.map(r => r.p99Ms)), passes: results }
}

async function main (): Promise<ChildResult> {
  const [kind, workDir, optionsJson] = process.argv.slice(2)
  if (kind === undefined || workDir === undefined) throw new Error('usage: child.ts <kind> <work dir> [options JSON]')
  const options: ChildOptions = { repeat: 1, passes: 3, ...(optionsJson !== undefined ? JSON.parse(optionsJson) as Partial<ChildOptions> : {}) }
  if (kind === 'jieba') {
    // Only Jieba and the text in this process: its peak RSS is the floor of every engine that segments.
    jieba().cut('预热一下', true)
    const articles = await readArticles(workDir)
    const texts = articles.flatMap(article => FIELDS.map(field => article[field] ?? '').filter(text => text !== ''))
    const buildMs: number[] = []
    for (let r = 0; r < options.repeat; r++) {
      const started = performance.now()
      for (const text of texts) jieba().cut(text, true)
      buildMs.push(performance.now() - started)
    }
    const peakRssBytes = await peakRss()
    return { kind, buildMs, ...(peakRssBytes !== undefined ? { peakRssBytes } : {}) }
  }

  // zhsearch is loaded where it is measured or needed (the scan normalizes with it), Jieba
  // where it segments; dictionaries and tables load before the measurements.
  if (kind === 'baseline') jieba().cut('预热一下', true)
  const zhsearch = kind === 'zhsearch' || kind === 'scan' ? await loadZhsearch() : undefined
  const analyzer = zhsearch?.createAnalyzer()
  if (kind === 'zhsearch') analyzer?.queryWords('預熱一下')
  else analyzer?.normalize('預熱一下')
  const normalize = (text: string): string => {
    if (analyzer === undefined) throw new Error(`${kind} does not normalize`)
    return analyzer.normalize(text).text
  }

  const queries = await readQueries(workDir)

  if (kind === 'zhsearch') {
    if (options.indexDir === undefined) throw new Error('zhsearch needs options.indexDir')
    const ordinals = new Map((await readArticles(workDir)).map((article, n) => [article.id, n]))
    const truth = decodeTruth(await readFile(join(workDir, WORK_FILES.truth)))
    const before = usedBytes()
    const started = performance.now()
    const engine = await zhsearch!.SearchEngine.open(options.indexDir)
    const openMs = performance.now() - started
    const heapBytes = usedBytes() - before
    let partialAnswers = 0
    const timings = await timeQueries(queries, options.passes, async query => {
      const response = await engine.search({ query: query.query, limit: 10 })
      if (response.partial === true) partialAnswers++
    })
    // Every hit, page by page (a page holds at most MAX_LIMIT), for recall.
    const pageSize = zhsearch!.MAX_LIMIT
    const found: Array<Set<number>> = []
    for (const query of queries) {
      const ids = new Set<number>()
      for (let offset = 0; offset <= zhsearch!.MAX_OFFSET; offset += pageSize) {
        const response = await engine.search({ query: query.query, limit: pageSize, offset, snippets: false })
        if (response.partial === true) partialAnswers++
        for (const hit of response.hits) ids.add(ordinals.get(hit.id) ?? -1)
        if (response.hits.length < pageSize || offset + pageSize >= response.total) break
      }
      found.push(ids)
    }
    const recall = recallOf(queries, truth, found)
    found.length = 0
    // An index that loads parts lazily shows them only once queried: measured again after the mix.
    const heapAfterQueriesBytes = usedBytes() - before
    return { kind, openMs, heapBytes, heapAfterQueriesBytes, queries: timings, recall, partialAnswers }
  }

  if (kind !== 'baseline' && kind !== 'flexsearch' && kind !== 'scan') throw new Error(`unknown kind ${kind}`)
  const before = usedBytes()
  let articles = await readArticles(workDir)
  const peer = createPeer(kind as PeerName, normalize)
  const buildMs: number[] = []
  for (let r = 0; r < options.repeat; r++) {
    const started = performance.now()
    peer.build(articles)
    buildMs.push(performance.now() - started)
  }
  const peakRssBytes = await peakRss()
  articles = []
  const heapBytes = usedBytes() - before
  const timings = await timeQueries(queries, options.passes, query => peer.page(query))
  const answers = queries.map(query => [...peer.all(query)])
  if (kind === 'scan') await writeFile(join(workDir, WORK_FILES.truth), encodeTruth(answers))
  const truth = decodeTruth(await readFile(join(workDir, WORK_FILES.truth)))
  return {
    kind, buildMs, heapBytes, ...(peakRssBytes !== undefined ? { peakRssBytes } : {}),
    queries: timings, recall: recallOf(queries, truth, answers.map(list => new Set(list))),
  }
}

const result = await main()
process.stdout.write(`\n${JSON.stringify(result)}\n`)
