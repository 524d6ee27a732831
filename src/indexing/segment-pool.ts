import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type ErrorCode, ZhsearchError } from '../errors.js'
import { DEFAULT_WORKERS, THREAD_MIN_CHARS, THREAD_START_MIN_CHARS } from '../options.js'
import type { Article } from '../types.js'
import { workerEntry } from '../threads/worker-entry.js'
import type { SegmentFiles } from './segment/segment-file.js'

/** Builds whole segments on the process's segment threads, at most `workers` at once. */
export interface SegmentPool {
  readonly workers: number
  /** Builds one segment of the articles, in order, on a free thread; resolves to its files. */
  build (articles: readonly Article[]): Promise<SegmentFiles>
}

/** @internal A build request, and a thread's answer to it. */
export interface WorkerRequest {
  id: number
  articles: readonly Article[]
  /** The analyzer's user words, and its fingerprint, under which the thread keeps it. */
  analyzer: { fingerprint: string, userWords: readonly string[] }
}
/** @internal */
export type WorkerReply = { id: number, files: SegmentFiles } | { id: number, error: { message: string, stack?: string, code?: string } }

interface Job {
  request: Omit<WorkerRequest, 'id'>
  lease: Lease
  resolve: (files: SegmentFiles) => void
  reject: (error: Error) => void
}

interface Lease {
  limit: number
  running: number
}

interface Thread {
  worker: Worker
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
let nextId = 1

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
  const request = { analyzer: { fingerprint: analyzer.fingerprint, userWords: [...analyzer.userWords] } }
  return {
    workers,
    build: articles => new Promise((resolve, reject) => {
      queue.push({ request: { ...request, articles }, lease, resolve, reject })
      dispatch()
    }),
  }
}

/** @internal Stops every segment thread (tests); builds in flight are rejected. */
export async function stopSegmentThreads (): Promise<void> {
  const stopping = threads.splice(0)
  for (const thread of stopping) thread.job?.reject(new Error('the segment threads were stopped while building'))
  await Promise.all(stopping.map(thread => thread.worker.terminate()))
}

function startThread (): Thread {
  const entry = workerEntry(import.meta.url, 'segment-worker')
  const worker = new Worker(entry.script, { eval: entry.eval, execArgv: entry.execArgv })
  const thread: Thread = { worker, job: undefined }
  worker.on('message', (reply: WorkerReply) => finish(thread, reply))
  worker.on('error', error => retire(thread, new Error(`a segment thread failed: ${error.message}`, { cause: error })))
  worker.on('exit', code => retire(thread, new Error(`a segment thread stopped unexpectedly (exit code ${code})`)))
  // After the listeners: a 'message' listener added later would ref the thread's port again.
  worker.unref()
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
    // Busy: the process waits for the answer.
    thread.worker.ref()
    thread.worker.postMessage({ id: nextId++, ...job.request } satisfies WorkerRequest)
  }
}

function finish (thread: Thread, reply: WorkerReply): void {
  const job = thread.job
  if (job === undefined) return
  release(thread)
  if ('error' in reply) job.reject(threadError(reply.error))
  else job.resolve(reply.files)
  dispatch()
}

function release (thread: Thread): void {
  if (thread.job !== undefined) thread.job.lease.running--
  thread.job = undefined
  thread.worker.unref()
}

/** A thread that failed: its job is rejected, and it is replaced when a build needs it. */
function retire (thread: Thread, error: Error): void {
  const index = threads.indexOf(thread)
  if (index === -1) return
  threads.splice(index, 1)
  const job = thread.job
  release(thread)
  job?.reject(error)
  // Jobs still queued for a build whose threads are gone get a new thread.
  if (queue.length > 0 && threads.length < Math.max(...queue.map(queued => queued.lease.limit))) startThread()
  dispatch()
}

/** A thread's error as the caller's: a ZhsearchError (JIEBA_UNAVAILABLE) keeps its code. */
function threadError (error: { message: string, stack?: string, code?: string }): Error {
  if (error.code !== undefined) return new ZhsearchError(error.code as ErrorCode, error.message)
  const wrapped = new Error(`building a segment failed in a worker thread: ${error.message}`)
  if (error.stack !== undefined) wrapped.stack = error.stack
  return wrapped
}
