/**
 * What the benchmark's parent (run-bench.ts), its children (child.ts) and its report
 * (report.ts) hand each other: the articles and queries of a corpus, what one
 * measurement gives, and the rows of a corpus's tables. Types only, so that every module
 * imports them from here and none imports another for its types.
 */

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

/** What run-bench.ts asks of a child. */
export interface ChildOptions {
  /** Builds (peers) or passes (jieba, analysis) to take the median of. */
  repeat: number
  /** Timed passes over the query mix (after one warm-up pass). */
  passes: number
  /** zhsearch: the index folder to open. */
  indexDir?: string
}

/** The query mix's latencies, in ms: medians over the passes of each pass's figure. */
export interface QueryTimings {
  p50Ms: number
  p95Ms: number
  p99Ms: number
  meanMs: number
  passes: Array<{ p50Ms: number, p95Ms: number, p99Ms: number, meanMs: number }>
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

/** One child's measurement, printed by child.ts as one JSON line. */
export interface ChildResult {
  kind: string
  /** jieba and analysis: each pass over all text; peers: each build. */
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
  /** zhsearch: `save` of the opened index into an empty folder (every segment encoded and written durably). */
  saveMs?: number
  queries?: QueryTimings
  /** p50 over the queries of fetching every hit (no snippets): what recall reads. */
  allHitsP50Ms?: number
  recall?: Recall
}

/** A process run to its end, measured from the outside. */
export interface ProcessRun {
  wallMs: number
  stdout: string
  /** Peak resident memory (VmHWM), bytes; undefined where /proc cannot be read. */
  peakRssBytes?: number
  /** Mean 1-minute load average while it ran. */
  load: number
}

/** One route of the HTTP API under autocannon. */
export interface HttpRouteResult {
  route: string
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  errors: number
}

export interface HttpResult {
  /** From spawning `zhsearch serve` to the answer of its first search. */
  firstAnswerMs: number
  /** The search route (the query mix) first, then suggest, document and healthz. */
  routes: HttpRouteResult[]
  connections: number
  /** Per route. */
  seconds: number
}

/** Passes over all text of a corpus (jieba's cut, the analysis): their median and peak RSS. */
export interface PassTiming {
  ms: number
  runs: number[]
  peakRssBytes?: number
}

/** One row of a corpus's tables. Figures a row has no way to give are left out. */
export interface EngineRow {
  engine: string
  buildMs?: number
  buildRuns?: number[]
  /** zhsearch: the reindex's own time (its summary's `ms`), median; the wall time less process start-up. */
  reindexOwnMs?: number
  reindexOwnRuns?: number[]
  peakRssBytes?: number
  incrementalMs?: number
  incrementalRuns?: number[]
  saveMs?: number
  indexBytes?: number
  heapBytes?: number
  heapAfterQueriesBytes?: number
  /** zhsearch: answers marked partial (ran out of their time budget). */
  partialAnswers?: number
  openMs?: number
  freshSearchMs?: number
  freshSearchRuns?: number[]
  /** The peer of a fresh search, in the same run: a bare Node process that loads Jieba's dictionary and ends. */
  jiebaLoadMs?: number
  queries?: QueryTimings
  allHitsP50Ms?: number
  recall?: Recall
  http?: HttpResult
  errors: string[]
}

export interface CorpusResult {
  name: string
  description: string
  articles: number
  files: number
  /** UTF-8 bytes and characters (code points) of the text fields. */
  bytes: number
  characters: number
  queryKinds: Record<string, number>
  /** nodejieba.cut over every text field, one thread: the limit of every engine that segments. */
  jieba?: PassTiming
  /** zhsearch's whole analysis chain over every text field, one thread, without building an index. */
  analysis?: PassTiming
  rows: EngineRow[]
  loadAverage: { start: number[], end: number[], duringMean: number }
  errors: string[]
  seconds: number
}
