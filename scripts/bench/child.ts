/**
 * One measurement in a fresh process (so that heaps do not mix), started by run-bench.ts:
 *
 *   node --expose-gc --import tsx scripts/bench/child.ts <kind> <work dir> '<options JSON>'
 *
 * kinds: `jieba` (raw nodejieba.cut over the text), `analysis` (zhsearch's analysis chain
 * over the text, no index), `zhsearch` (open the index, heap, queries, every hit, recall,
 * save), `baseline`, `flexsearch`, `scan` (build, heap, queries, every hit, recall; the scan
 * also writes grep's answers for the others). Prints one JSON line: a ChildResult.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { percentile } from '../lib/stats.js'
import { FIELDS, loadZhsearch, readArticles, readQueries, WORK_FILES } from './common.js'
import { createPeer, jieba, type PeerName } from './peers.js'
import { procStatus } from './processes.js'
import { timeEach, timeQueries } from './timing.js'
import { decodeTruth, encodeTruth, recallOf } from './truth.js'
import type { BenchArticle, ChildOptions, ChildResult } from './types.js'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc')

function usedBytes (): number {
  gc!()
  gc!()
  const memory = process.memoryUsage()
  // external already includes arrayBuffers (Node docs), so it is not added again.
  return memory.heapUsed + memory.external
}

async function peakRss (): Promise<{ peakRssBytes?: number }> {
  const status = await procStatus('self')
  return status === undefined ? {} : { peakRssBytes: status.peakRssBytes }
}

const textsOf = (articles: readonly BenchArticle[]): string[] =>
  articles.flatMap(article => FIELDS.map(field => article[field] ?? '').filter(text => text !== ''))

/** `repeat` timed passes of `cut` over every text field. */
async function passes (kind: string, workDir: string, repeat: number, cut: (text: string) => unknown): Promise<ChildResult> {
  const texts = textsOf(await readArticles(workDir))
  const buildMs: number[] = []
  for (let r = 0; r < repeat; r++) {
    const started = performance.now()
    for (const text of texts) cut(text)
    buildMs.push(performance.now() - started)
  }
  return { kind, buildMs, ...await peakRss() }
}

/** Only Jieba and the text in this process: its peak RSS is the floor of every engine that segments. */
async function jiebaPasses (workDir: string, options: ChildOptions): Promise<ChildResult> {
  jieba().cut('预热一下', true)
  return await passes('jieba', workDir, options.repeat, text => jieba().cut(text, true))
}

/** The whole analysis chain (normalize, segment, subwords, grams, term keys) of the index side, one thread, nothing stored. */
async function analysisPasses (workDir: string, options: ChildOptions): Promise<ChildResult> {
  const analyzer = (await loadZhsearch()).createAnalyzer()
  analyzer.indexText('預熱一下')
  return await passes('analysis', workDir, options.repeat, text => analyzer.indexText(text))
}

async function readTruth (workDir: string): Promise<Uint32Array[]> {
  return decodeTruth(await readFile(join(workDir, WORK_FILES.truth)))
}

async function zhsearchQueries (workDir: string, options: ChildOptions): Promise<ChildResult> {
  if (options.indexDir === undefined) throw new Error('zhsearch needs options.indexDir')
  const zhsearch = await loadZhsearch()
  zhsearch.createAnalyzer().queryWords('預熱一下')
  const queries = await readQueries(workDir)
  const ordinals = new Map((await readArticles(workDir)).map((article, n) => [article.id, n]))
  const truth = await readTruth(workDir)
  const before = usedBytes()
  const started = performance.now()
  const engine = await zhsearch.SearchEngine.open(options.indexDir)
  const openMs = performance.now() - started
  const heapBytes = usedBytes() - before
  let partialAnswers = 0
  const timings = await timeQueries(queries, options.passes, async query => {
    const response = await engine.search({ query: query.query, limit: 10 })
    if (response.partial === true) partialAnswers++
  })
  // Every hit, page by page (a page holds at most MAX_LIMIT), timed per query, for recall.
  const found: Array<Set<number>> = []
  const allHitsMs = await timeEach(queries, async query => {
    const ids = new Set<number>()
    for (let offset = 0; offset <= zhsearch.MAX_OFFSET; offset += zhsearch.MAX_LIMIT) {
      const response = await engine.search({ query: query.query, limit: zhsearch.MAX_LIMIT, offset, snippets: false })
      if (response.partial === true) partialAnswers++
      for (const hit of response.hits) ids.add(ordinals.get(hit.id) ?? -1)
      if (response.hits.length < zhsearch.MAX_LIMIT || offset + zhsearch.MAX_LIMIT >= response.total) break
    }
    found.push(ids)
  })
  const recall = recallOf(queries, truth, found)
  found.length = 0
  // An index that loads parts lazily shows them only once queried: measured again after the mix.
  const heapAfterQueriesBytes = usedBytes() - before
  const copy = join(workDir, 'saved-copy')
  const saveStarted = performance.now()
  await engine.save(copy)
  const saveMs = performance.now() - saveStarted
  await rm(copy, { recursive: true, force: true })
  return { kind: 'zhsearch', openMs, heapBytes, heapAfterQueriesBytes, saveMs, queries: timings, allHitsP50Ms: percentile(allHitsMs, 0.5), recall, partialAnswers }
}

async function peerQueries (kind: PeerName, workDir: string, options: ChildOptions): Promise<ChildResult> {
  // zhsearch is loaded where it is needed (the scan normalizes with it), Jieba where it
  // segments; dictionaries and tables load before the measurements.
  if (kind === 'baseline') jieba().cut('预热一下', true)
  const analyzer = kind === 'scan' ? (await loadZhsearch()).createAnalyzer() : undefined
  analyzer?.normalize('預熱一下')
  const normalize = (text: string): string => {
    if (analyzer === undefined) throw new Error(`${kind} does not normalize`)
    return analyzer.normalize(text).text
  }
  const queries = await readQueries(workDir)
  const before = usedBytes()
  let articles = await readArticles(workDir)
  const peer = createPeer(kind, normalize)
  const buildMs: number[] = []
  for (let r = 0; r < options.repeat; r++) {
    const started = performance.now()
    peer.build(articles)
    buildMs.push(performance.now() - started)
  }
  const peak = await peakRss()
  articles = []
  const heapBytes = usedBytes() - before
  const timings = await timeQueries(queries, options.passes, query => peer.page(query))
  const answers: number[][] = []
  const allHitsMs = await timeEach(queries, query => { answers.push([...peer.all(query)]) })
  if (kind === 'scan') await writeFile(join(workDir, WORK_FILES.truth), encodeTruth(answers))
  const recall = recallOf(queries, await readTruth(workDir), answers.map(list => new Set(list)))
  return { kind, buildMs, heapBytes, ...peak, queries: timings, allHitsP50Ms: percentile(allHitsMs, 0.5), recall }
}

const KINDS: Record<string, (workDir: string, options: ChildOptions) => Promise<ChildResult>> = {
  jieba: jiebaPasses,
  analysis: analysisPasses,
  zhsearch: zhsearchQueries,
  baseline: (workDir, options) => peerQueries('baseline', workDir, options),
  flexsearch: (workDir, options) => peerQueries('flexsearch', workDir, options),
  scan: (workDir, options) => peerQueries('scan', workDir, options),
}

const [kind, workDir, optionsJson] = process.argv.slice(2)
const measure = kind === undefined ? undefined : KINDS[kind]
if (measure === undefined || workDir === undefined) throw new Error(`usage: child.ts <${Object.keys(KINDS).join('|')}> <work dir> [options JSON]`)
const options: ChildOptions = { repeat: 1, passes: 3, ...(optionsJson !== undefined ? JSON.parse(optionsJson) as Partial<ChildOptions> : {}) }
process.stdout.write(`\n${JSON.stringify(await measure(workDir, options))}\n`)
