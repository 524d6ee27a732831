/**
 * What the benchmark's parent and its child processes share: paths, the zhsearch build
 * under test, the files a corpus is handed over in, and small statistics.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { QueryTimings } from './child.js'
import type { HttpResult } from './processes.js'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const CLI = join(ROOT, 'dist', 'cli', 'main.js')

/**
 * The shared data folder: `shared/data` beside the repository (../shared/data from a clone
 * in the project folder) or beside one of its parents (a worktree in a subfolder).
 */
export function sharedData (): string {
  for (let dir = ROOT; ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data')
    if (existsSync(candidate) || dirname(dir) === dir) return existsSync(candidate) ? candidate : join(ROOT, '..', 'shared', 'data')
  }
}

/** The text fields zhsearch indexes and grep reads (`TEXT_FIELDS` of the library). */
export const FIELDS = ['title', 'kicker', 'byline', 'body'] as const

/** One article as the children read it: the id and the text fields zhsearch indexes. */
export interface BenchArticle {
  id: string
  title: string
  kicker?: string
  byline?: string
  body: string
}

export type QueryKind = 'substring' | 'multi-term' | 'phrase' | 'no-match' | 'other script'

export interface BenchQuery {
  kind: QueryKind
  /** What is typed into zhsearch (and the HTTP API). */
  query: string
  /** What grep looks for: every needle must occur in the article's text (not normalized yet). */
  needles: string[]
}

/** The files of one corpus in the work folder that the children read. */
export const WORK_FILES = {
  articles: 'articles.jsonl',
  queries: 'queries.json',
  /** grep's answers: see {@link writeTruth}. */
  truth: 'truth.bin',
} as const

/** The built library (dist/), typed by its source: what ships is what is measured. */
export async function loadZhsearch (): Promise<typeof import('../../src/index.js')> {
  return await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href) as typeof import('../../src/index.js')
}

export async function readArticles (workDir: string): Promise<BenchArticle[]> {
  const text = await readFile(join(workDir, WORK_FILES.articles), 'utf8')
  const articles: BenchArticle[] = []
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (end > start) articles.push(JSON.parse(text.slice(start, end)) as BenchArticle)
    start = end + 1
  }
  return articles
}

export async function readQueries (workDir: string): Promise<BenchQuery[]> {
  return JSON.parse(await readFile(join(workDir, WORK_FILES.queries), 'utf8')) as BenchQuery[]
}

/**
 * grep's answers as one Uint32Array: [query count, offsets (count + 1)…, article ordinals…],
 * the ordinals of query q at [offsets[q], offsets[q + 1]). Millions of ids stay compact.
 */
export function encodeTruth (answers: readonly (readonly number[])[]): Buffer {
  const total = answers.reduce((sum, list) => sum + list.length, 0)
  const out = new Uint32Array(1 + answers.length + 1 + total)
  out[0] = answers.length
  let at = 2 + answers.length
  answers.forEach((list, q) => {
    out[1 + q] = at
    for (const ordinal of list) out[at++] = ordinal
  })
  out[1 + answers.length] = at
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength)
}

export function decodeTruth (buffer: Buffer): Uint32Array[] {
  const all = new Uint32Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength))
  const count = all[0]!
  return Array.from({ length: count }, (_, q) => all.subarray(all[1 + q]!, all[2 + q]!))
}

/**
 * Recall against grep over the queries grep answered: found ∩ expected / expected, summed
 * over queries (so a query with many answers weighs more), and the queries found whole.
 */
export interface Recall {
  /** Articles grep found, summed over the queries. */
  expected: number
  /** Of those, the ones the engine found too. */
  found: number
  /** Queries with at least one grep answer. */
  queries: number
  /** Of those, the ones where the engine found every answer. */
  complete: number
  /** Hits grep did not find, summed over all queries (no-match ones included). */
  extra: number
  /** Per query kind: found / expected, and hits grep did not find. */
  byKind: Record<string, { expected: number, found: number, extra: number }>
}

export function recallOf (queries: readonly BenchQuery[], truth: readonly Uint32Array[], found: readonly Set<number>[]): Recall {
  const recall: Recall = { expected: 0, found: 0, queries: 0, complete: 0, extra: 0, byKind: {} }
  queries.forEach((query, q) => {
    const expected = truth[q]!
    let hits = 0
    for (const ordinal of expected) if (found[q]!.has(ordinal)) hits++
    const kind = (recall.byKind[query.kind] ??= { expected: 0, found: 0, extra: 0 })
    kind.extra += found[q]!.size - hits
    recall.extra += found[q]!.size - hits
    if (expected.length === 0) return
    kind.expected += expected.length
    kind.found += hits
    recall.expected += expected.length
    recall.found += hits
    recall.queries++
    if (hits === expected.length) recall.complete++
  })
  return recall
}

export function median (values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Nearest-rank percentile, p in [0, 1]. */
export function percentile (values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!
}

/** UTF-8 bytes of the text fields: what "MiB/s" divides. */
export function textBytes (articles: readonly BenchArticle[]): number {
  let bytes = 0
  for (const article of articles) for (const field of FIELDS) bytes += Buffer.byteLength(article[field] ?? '')
  return bytes
}

/** One row of a corpus table. Figures a row has no way to give are left out. */
export interface EngineRow {
  engine: string
  buildMs?: number
  buildRuns?: number[]
  peakRssBytes?: number
  incrementalMs?: number
  incrementalRuns?: number[]
  indexBytes?: number
  heapBytes?: number
  heapAfterQueriesBytes?: number
  /** zhsearch: answers marked partial (ran out of their time budget). */
  partialAnswers?: number
  openMs?: number
  freshSearchMs?: number
  freshSearchRuns?: number[]
  queries?: QueryTimings
  recall?: Recall
  http?: HttpResult
  errors: string[]
}

export interface CorpusResult {
  name: string
  description: string
  articles: number
  files: number
  bytes: number
  queryKinds: Record<string, number>
  jieba?: { ms: number, runs: number[], peakRssBytes?: number }
  rows: EngineRow[]
  loadAverage: { start: number[], end: number[], duringMean: number }
  errors: string[]
  seconds: number
}
