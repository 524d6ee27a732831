import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { isZhsearchError } from '../errors.js'
import { DEFAULT_WORKERS, THREAD_MIN_CHARS, THREAD_START_MIN_CHARS } from '../options.js'
import type { Article } from '../types.js'
import { ThreadLink } from '../threads/thread-link.js'
import { workerEntry } from '../threads/worker-entry.js'
import type { AnalyzedArticle } from './analyze-article.js'
import type { SegmentFiles } from './segment/segment-file.js'

/** Builds whole segments (or only analyzes articles) on the process's segment threads, at most `workers` at once. */
export interface SegmentPool {
  readonly workers: number
  /** Builds one segment of the articles, in order, on a free thread; resolves to its files. */
  build (articles: readonly Article[]): Promise<SegmentFiles>
  /** Analyzes the articles on a free thread, building nothing: what another index writer (the cluster's) indexes. */
  analyze (articles: readonly Article[]): Promise<AnalyzedArticle[]>
}

/**
 * @internal A request (over ThreadLink's protocol): `segment` is answered with the
 * segment's files, `analysis` with the analyzed articles.
 */
export interface WorkerRequest {
  kind: 'segment' | 'analysis'
  articles: readonly Article[]
  /** The analyzer's user words, and its fingerprint, under which the thread keeps it. */
  analyzer: { fingerprint: string, userWords: readonly string[] }
}

interface Job {
  request: WorkerRequest
  lease: Lease
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

interface Lease {
  limit: number
  running: number
}

interface Thread {
  link: ThreadLink
  job: Job | undefined
}

/**
 * The segment threads of the process: started when a build first needs them, then kept and
 * shared by every engine and reindex. Each loads Jieba's dictionary once (about a second
 * and 240 MB, which nodejieba never gives back, not even when the thread ends), so starting
 * threads per build would cost that again and again. Idle threads are unref'd: they never
 * keep a process alive. A thread that fails is replaced by the next build that needs it.
 */
const threads: Thread[] = []
const queue: Job[] = []

/** How many segment threads the process has started (and keeps). */
export function runningSegmentThreads (): number {
  return threads.length
}

/**
 * How many threads a build of `chars` characters uses: none below THREAD_MIN_CHARS (a thread
 * would not be faster even running), none below THREAD_START_MIN_CHARS when `workers` was not
 * given and threads would have to be started for it (each loads Jieba first), else
 * `workers` (default: one per core, at most four). `0` builds on the calling thread.
 */
export function threadsFor (workers: number | undefined, chars: number): number {
  if (workers === 0 || chars < THREAD_MIN_CHARS) return 0
  if (workers !== undefined) return workers
  const wanted = Math.min(DEFAULT_WORKERS, availableParallelism())
  if (chars >= THREAD_START_MIN_CHARS) return wanted
  // Only the threads already running: starting more would not pay for this much text.
  return Math.min(wanted, threads.length)
}

/**
 * A handle on the process's segment threads for one build: at most `workers` of its
 * segments build at once (threads are started up to that number, and kept). Each request
 * carries the analyzer's user words, so one thread serves analyzers with different words.
 */
export function segmentPool (workers: number, analyzer: { fingerprint: string, userWords: readonly string[] }): SegmentPool {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`a segment pool needs a whole number of workers ≥ 1, not ${workers}`)
  while (threads.length < workers) startThread()
  const lease: Lease = { limit: workers, running: 0 }
  const described = { fingerprint: analyzer.fingerprint, userWords: [...analyzer.userWords] }
  const run = (kind: WorkerRequest['kind'], articles: readonly Article[]): Promise<unknown> => new Promise((resolve, reject) => {
    queue.push({ request: { kind, analyzer: described, articles }, lease, resolve, reject })
    dispatch()
  })
  return {
    workers,
    build: async articles => await run('segment', articles) as SegmentFiles,
    analyze: async articles => await run('analysis', articles) as AnalyzedArticle[],
  }
}

/**
 * Starts segment threads up to `count` (each loads Jieba's dictionary at once), for a build
 * about to need them: they load while the caller does other work. Started threads are kept
 * as a build's own are.
 */
export function startSegmentThreads (count: number): void {
  while (threads.length < count) startThread()
}

/** The name of the error a build gets when its thread stops under it. */
const STOPPED = 'SegmentThreadStopped'

/** @internal Stops every segment thread (tests); builds in flight are rejected. */
export async function stopSegmentThreads (): Promise<void> {
  const stopping = threads.splice(0)
  await Promise.all(stopping.map(thread => thread.link.terminate(new Error('the segment threads were stopped while building'))))
}

function startThread (): Thread {
  const entry = workerEntry(import.meta.url, 'segment-worker')
  const worker = new Worker(entry.script, { eval: entry.eval, execArgv: entry.execArgv })
  const thread: Thread = {
    link: new ThreadLink(worker, {
      stoppedError: reason => Object.assign(new Error(`a segment thread stopped while building: ${reason.message}`, { cause: reason }), { name: STOPPED }),
      onStop: () => retire(thread),
    }),
    job: undefined,
  }
  threads.push(thread)
  return thread
}

/** Hands queued jobs, in order, to idle threads, within each build's limit. */
function dispatch (): void {
  for (const thread of threads) {
    if (thread.job !== undefined) continue
    const index = queue.findIndex(job => job.lease.running < job.lease.limit)
    if (index === -1) return
    const job = queue.splice(index, 1)[0]!
    job.lease.running++
    thread.job = job
    thread.link.request({ ...job.request }).then(
      reply => finish(thread, job, () => job.resolve(reply.value)),
      (error: Error) => finish(thread, job, () => job.reject(isZhsearchError(error) || error.name === STOPPED ? error : new Error(`building a segment failed in a worker thread: ${error.message}`, { cause: error }))),
    )
  }
}

/** A job answered: its thread takes the next one. */
function finish (thread: Thread, job: Job, settle: () => void): void {
  if (thread.job === job) {
    job.lease.running--
    thread.job = undefined
  }
  settle()
  dispatch()
}

/** A thread that stopped on its own: its job was refused (by its link), and it is replaced when a build needs it. */
function retire (thread: Thread): void {
  const index = threads.indexOf(thread)
  if (index === -1) return
  threads.splice(index, 1)
  // Jobs still queued for a build whose threads are gone get a new thread.
  if (queue.length > 0 && threads.length < Math.max(...queue.map(queued => queued.lease.limit))) startThread()
  dispatch()
}
