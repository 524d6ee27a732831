import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Article, TextField } from '../types.js'
import type { AnalyzedArticle } from './analyze-article.js'

/** Options of an analyze pool. */
export interface AnalyzePoolOptions {
  /** Worker threads to start, each with its own analyzer. A whole number ≥ 1. */
  workers: number
  /**
   * The user dictionary words. They must be the words the index is built with (the corpus
   * folder's `user.dict`), or the workers' terms would not match the index's analyzer.
   * Defaults to none.
   */
  userWords?: readonly string[]
}

/** Worker threads that analyze articles for `reindex({ analyzeAll })`. */
export interface AnalyzePool {
  readonly workers: number
  /** Analyzes articles on the workers; the results come back in the same order. */
  analyzeAll (articles: readonly Article[]): Promise<AnalyzedArticle[]>
  /** Stops the workers. Calls after this are refused. */
  close (): Promise<void>
}

/**
 * Starts `workers` analysis threads. The threads load Jieba's dictionary at once, so by
 * the time the reindex has read the corpus they are ready.
 *
 * ### Basic example
 * ```ts
 * const pool = createAnalyzePool({ workers: 2, userWords })
 * try {
 *   await reindex({ corpusDir, indexDir, analyzeAll: pool.analyzeAll })
 * } finally {
 *   await pool.close()
 * }
 * ```
 */
export function createAnalyzePool (options: AnalyzePoolOptions): AnalyzePool {
  const count = options.workers
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`an analyze pool needs a whole number of workers ≥ 1, not ${count}`)
  const setup: WorkerSetup = { userWords: [...(options.userWords ?? [])] }
  const entry = workerEntry()

  const queue: Chunk[] = []
  const idle: PoolWorker[] = []
  const busy = new Map<number, { worker: PoolWorker, chunk: Chunk }>()
  let nextId = 1
  let failure: Error | undefined
  let closed = false

  const fail = (error: Error): void => {
    if (failure !== undefined) return
    failure = error
    for (const { chunk } of busy.values()) chunk.job.reject(error)
    for (const chunk of queue) chunk.job.reject(error)
    busy.clear()
    queue.length = 0
    for (const worker of workers) void worker.thread.terminate()
  }

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!
      const chunk = queue.shift()!
      const id = nextId++
      busy.set(id, { worker, chunk })
      const request: WorkerRequest = { id, articles: chunk.articles }
      worker.thread.postMessage(request)
    }
  }

  const onReply = (worker: PoolWorker, reply: WorkerReply): void => {
    const running = busy.get(reply.id)
    if (running === undefined) return
    busy.delete(reply.id)
    idle.push(worker)
    const { chunk } = running
    if ('error' in reply) {
      const error = new Error(`analysis failed in a worker thread: ${reply.error.message}`)
      if (reply.error.stack !== undefined) error.stack = reply.error.stack
      chunk.job.reject(error)
    } else {
      chunk.articles.forEach((article, i) => {
        chunk.job.results[chunk.offset + i] = unpackAnalysis(article, reply.results[i]!)
      })
      chunk.job.remaining--
      if (chunk.job.remaining === 0) chunk.job.resolve(chunk.job.results as AnalyzedArticle[])
    }
    dispatch()
  }

  const workers: PoolWorker[] = []
  for (let i = 0; i < count; i++) {
    const thread = new Worker(entry.script, { workerData: setup, eval: entry.eval })
    const worker: PoolWorker = { thread }
    thread.on('message', (reply: WorkerReply) => onReply(worker, reply))
    thread.on('error', error => fail(new Error(`an analysis worker thread failed: ${error.message}`, { cause: error })))
    thread.on('exit', code => {
      if (!closed) fail(new Error(`an analysis worker thread stopped unexpectedly (exit code ${code})`))
    })
    workers.push(worker)
    idle.push(worker)
  }

  const analyzeAll = (articles: readonly Article[]): Promise<AnalyzedArticle[]> => {
    if (closed) return Promise.reject(new Error('the analyze pool is closed'))
    if (failure !== undefined) return Promise.reject(failure)
    if (articles.length === 0) return Promise.resolve([])
    return new Promise((resolve, reject) => {
      const pieces = splitEvenly(articles, count * CHUNKS_PER_WORKER)
      const job: Job = { results: new Array(articles.length), remaining: pieces.length, resolve, reject }
      for (const piece of pieces) queue.push({ job, ...piece })
      dispatch()
    })
  }

  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    const error = new Error('the analyze pool was closed while analyzing')
    for (const { chunk } of busy.values()) chunk.job.reject(error)
    for (const chunk of queue) chunk.job.reject(error)
    await Promise.all(workers.map(worker => worker.thread.terminate()))
  }

  return { workers: count, analyzeAll, close }
}

/**
 * Pieces per worker for each call: more than one, so that a worker that drew short
 * articles takes another piece instead of waiting for the other; few, so that each
 * message still carries a sizeable batch (every message has a fixed cost).
 */
const CHUNKS_PER_WORKER = 2

interface Job {
  results: Array<AnalyzedArticle | undefined>
  remaining: number
  resolve: (results: AnalyzedArticle[]) => void
  reject: (error: Error) => void
}

interface Chunk {
  job: Job
  offset: number
  articles: Article[]
}

interface PoolWorker {
  thread: Worker
}

/** @internal What every worker is started with. */
export interface WorkerSetup {
  userWords: string[]
}

/** @internal A batch for a worker. */
export interface WorkerRequest {
  id: number
  articles: Article[]
}

/** @internal A worker's answer to one request. */
export type WorkerReply =
  | { id: number, results: PackedAnalysis[] }
  | { id: number, error: { message: string, stack?: string } }

/** @internal An AnalyzedArticle without its article (the pool has it). */
export interface PackedAnalysis {
  normalized: Record<TextField, string>
  fields: Record<string, string>
}

/** @internal Packs an analysis for the trip back to the main thread. */
export function packAnalysis (analyzed: AnalyzedArticle): PackedAnalysis {
  return { normalized: analyzed.normalized, fields: analyzed.terms.fields }
}

/** @internal The AnalyzedArticle a worker packed, with its article put back. */
export function unpackAnalysis (article: Article, packed: PackedAnalysis): AnalyzedArticle {
  return { article, terms: { id: article.id, fields: packed.fields }, normalized: packed.normalized }
}

/** Splits articles into at most `pieces` runs of about equal text length, in order. */
function splitEvenly (articles: readonly Article[], pieces: number): Array<{ offset: number, articles: Article[] }> {
  const sizes = articles.map(article => article.title.length + article.body.length + (article.kicker?.length ?? 0) + (article.byline?.length ?? 0))
  const total = sizes.reduce((sum, size) => sum + size, 0)
  const target = Math.max(1, total / pieces)
  const result: Array<{ offset: number, articles: Article[] }> = []
  let start = 0
  let filled = 0
  for (let i = 0; i < articles.length; i++) {
    filled += sizes[i]!
    if (filled >= target * (result.length + 1) || i === articles.length - 1) {
      result.push({ offset: start, articles: articles.slice(start, i + 1) })
      start = i + 1
    }
  }
  return result
}

/**
 * How to start a worker: the compiled `analyze-worker.js` beside this file, or, when this
 * file itself runs as TypeScript from `src/` (tsx, vitest), `analyze-worker.ts` behind a
 * small bootstrap that registers tsx first: on Node 20 a worker does not inherit the
 * parent's loader hooks, nor apply `--import` from its execArgv before its entry loads.
 */
function workerEntry (): { script: URL | string, eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./analyze-worker.js', import.meta.url), eval: false }
  const target = new URL('./analyze-worker.ts', import.meta.url).href
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const bootstrap = `import(${JSON.stringify(tsx)}).then(api => { api.register(); return import(${JSON.stringify(target)}) })`
  return { script: bootstrap, eval: true }
}
