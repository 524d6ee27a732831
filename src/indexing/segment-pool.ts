import { Worker } from 'node:worker_threads'
import type { Article } from '../types.js'
import { workerEntry } from '../worker-entry.js'
import type { SegmentFiles } from './segment/segment-file.js'

/** Options of a segment pool. */
export interface SegmentPoolOptions {
  /** Worker threads, each with its own analyzer. A whole number ≥ 1. */
  workers: number
  /**
   * The user dictionary words: the words the index is built with (the corpus folder's
   * `user.dict`), or the segments' terms would not match the index's analyzer.
   * Defaults to none.
   */
  userWords?: readonly string[]
}

/** Worker threads that build whole segments: analysis, postings and serialization. */
export interface SegmentPool {
  readonly workers: number
  /** Builds one segment of the articles, in order, on a free worker; resolves to its files. */
  build (articles: readonly Article[]): Promise<SegmentFiles>
  /** Stops the workers. Builds still queued or running are rejected. */
  close (): Promise<void>
}

interface Job {
  articles: readonly Article[]
  resolve: (files: SegmentFiles) => void
  reject: (error: Error) => void
}

/** @internal What every worker is started with. */
export interface WorkerSetup {
  userWords: string[]
}

/** @internal A build request, and a worker's answer to it. */
export interface WorkerRequest { id: number, articles: readonly Article[] }
/** @internal */
export type WorkerReply = { id: number, files: SegmentFiles } | { id: number, error: { message: string, stack?: string } }

/**
 * Starts `workers` threads that build segments. Each loads Jieba's dictionary at once
 * (about a second), so by the time the caller has read the corpus they are ready. The
 * finished segment's bytes come back transferred, not copied.
 *
 * ### Basic example
 * ```ts
 * const pool = createSegmentPool({ workers: 2 })
 * try {
 *   const files = await Promise.all(batches.map(batch => pool.build(batch)))
 * } finally {
 *   await pool.close()
 * }
 * ```
 */
export function createSegmentPool (options: SegmentPoolOptions): SegmentPool {
  const count = options.workers
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a segment pool needs a whole number of workers ≥ 1, not ${count}`)
  const setup: WorkerSetup = { userWords: [...(options.userWords ?? [])] }
  const entry = workerEntry(import.meta.url, 'segment-worker')
  const queue: Job[] = []
  const idle: Worker[] = []
  const running = new Map<number, { worker: Worker, job: Job }>()
  let nextId = 1
  let failure: Error | undefined
  let closed = false

  const fail = (error: Error): void => {
    failure ??= error
    for (const { job } of running.values()) job.reject(error)
    for (const job of queue.splice(0)) job.reject(error)
    running.clear()
  }

  const dispatch = (): void => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!
      const job = queue.shift()!
      const id = nextId++
      running.set(id, { worker, job })
      worker.postMessage({ id, articles: job.articles } satisfies WorkerRequest)
    }
  }

  const workers: Worker[] = []
  for (let i = 0; i < count; i++) {
    const worker = new Worker(entry.script, { workerData: setup, eval: entry.eval })
    worker.on('message', (reply: WorkerReply) => {
      const current = running.get(reply.id)
      if (current === undefined) return
      running.delete(reply.id)
      idle.push(worker)
      if ('error' in reply) {
        const error = new Error(`building a segment failed in a worker thread: ${reply.error.message}`)
        if (reply.error.stack !== undefined) error.stack = reply.error.stack
        current.job.reject(error)
      } else {
        current.job.resolve(reply.files)
      }
      dispatch()
    })
    worker.on('error', error => fail(new Error(`a segment worker thread failed: ${error.message}`, { cause: error })))
    worker.on('exit', code => {
      if (!closed) fail(new Error(`a segment worker thread stopped unexpectedly (exit code ${code})`))
    })
    workers.push(worker)
    idle.push(worker)
  }

  return {
    workers: count,
    build (articles) {
      if (closed) return Promise.reject(new Error('the segment pool is closed'))
      if (failure !== undefined) return Promise.reject(failure)
      return new Promise((resolve, reject) => {
        queue.push({ articles, resolve, reject })
        dispatch()
      })
    },
    async close () {
      if (closed) return
      closed = true
      fail(new Error('the segment pool was closed while building'))
      await Promise.all(workers.map(worker => worker.terminate()))
    },
  }
}
