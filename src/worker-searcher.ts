import { Worker } from 'node:worker_threads'
import { checkPath } from './check-arguments.js'
import { createError, ZhsearchError, type ErrorCode } from './errors.js'
import type { Manifest } from './indexing/manifest.js'
import type { EngineOptions } from './options.js'
import type { Suggestions } from './search/suggest.js'
import type { SynonymReport } from './search/synonyms.js'
import type { SearcherCall, SearcherMessage, SerializedError } from './searcher-thread.js'
import type { HighlightedDocument, Searcher, SearcherStats } from './searcher.js'
import type { Article, SearchRequest, SearchResponse } from './types.js'
import { workerEntry } from './worker-entry.js'

/**
 * A saved index searched on a worker thread: the same answers as `SearchEngine.open`, but
 * the work of each search runs off the calling thread. A server that searches on its own
 * thread stops accepting new connections while it is saturated (Node reads the sockets it
 * has first): at 200 connections on 2 cores a newcomer's first request waited up to 10 s
 * while every search took under 120 ms. With the searches here, the server's thread only
 * parses and answers HTTP, and calls queue in order on the worker.
 *
 * @example
 * ```ts
 * const searcher = await WorkerSearcher.open('index')
 * const { hits } = await searcher.search('工会')
 * await searcher.close()
 * ```
 */
export class WorkerSearcher implements Searcher {
  private readonly worker: Worker
  private readonly pending = new Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>()
  private nextId = 1
  private stopped: Error | undefined
  private retired = false
  readonly size: number
  /** The manifest of the index on disk. */
  readonly manifest: Manifest | undefined
  private readonly engineStats: SearcherStats

  private constructor (worker: Worker, opened: Extract<SearcherMessage, { type: 'opened' }>) {
    this.worker = worker
    this.size = opened.size
    this.manifest = opened.manifest
    this.engineStats = opened.stats
    worker.on('message', (message: SearcherMessage) => this.settle(message))
    worker.on('error', error => this.stop(error))
    worker.on('exit', code => this.stop(new Error(`the search thread stopped (exit code ${code})`)))
    // An idle searcher does not keep the process alive.
    worker.unref()
  }

  /**
   * Opens the index in `indexDir` on a new worker thread (checksums, Jieba's dictionary) and
   * resolves once it answers. Rejects with the same ZhsearchError as `SearchEngine.open`.
   */
  static async open (indexDir: string, options: Omit<EngineOptions, 'userWords'> = {}): Promise<WorkerSearcher> {
    checkPath(indexDir, 'open(indexDir)')
    const entry = workerEntry(import.meta.url, 'searcher-thread')
    const worker = new Worker(entry.script, { eval: entry.eval, workerData: { indexDir, options } })
    let onError: ((error: Error) => void) | undefined
    let onExit: ((code: number) => void) | undefined
    const opened = await new Promise<SearcherMessage>((resolve, reject) => {
      onError = reject
      onExit = code => reject(new Error(`the search thread stopped while opening the index (exit code ${code})`))
      worker.once('message', resolve)
      worker.once('error', onError)
      worker.once('exit', onExit)
    }).finally(() => {
      worker.off('error', onError!)
      worker.off('exit', onExit!)
    })
    if (opened.type !== 'opened') {
      await worker.terminate()
      throw opened.type === 'failed' ? deserialize(opened.error) : new Error('the search thread answered before opening the index')
    }
    return new WorkerSearcher(worker, opened)
  }

  async ready (): Promise<void> {}

  search (request: string | SearchRequest): Promise<SearchResponse> {
    return this.call('search', [request]) as Promise<SearchResponse>
  }

  suggest (prefix: string, limit?: number): Promise<Suggestions> {
    return this.call('suggest', limit === undefined ? [prefix] : [prefix, limit]) as Promise<Suggestions>
  }

  getDocument (id: string): Promise<Article | undefined> {
    return this.call('getDocument', [id]) as Promise<Article | undefined>
  }

  highlightDocument (id: string, query?: string): Promise<HighlightedDocument | undefined> {
    return this.call('highlightDocument', query === undefined ? [id] : [id, query]) as Promise<HighlightedDocument | undefined>
  }

  loadSynonyms (path: string): Promise<SynonymReport> {
    return this.call('loadSynonyms', [path]) as Promise<SynonymReport>
  }

  stats (): SearcherStats {
    return this.engineStats
  }

  /** Stops the thread; calls still waiting are refused. */
  async close (): Promise<void> {
    this.stop(new Error('the searcher was closed'))
    await this.worker.terminate()
  }

  /** Closes the thread once the calls in flight are answered (a server swapping to a new index). */
  retire (): void {
    this.retired = true
    if (this.pending.size === 0) void this.close()
  }

  private call (method: SearcherCall['method'], args: unknown[]): Promise<unknown> {
    if (this.stopped !== undefined) return Promise.reject(createError('SEARCHER_STOPPED', this.stopped.message))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      // Busy while a call is out: the process waits for its answer.
      if (this.pending.size === 1) this.worker.ref()
      this.worker.postMessage({ id, method, args } satisfies SearcherCall)
    })
  }

  private settle (message: SearcherMessage): void {
    if (message.type !== 'answer' && message.type !== 'error') return
    const waiting = this.pending.get(message.id)
    if (waiting === undefined) return
    this.pending.delete(message.id)
    if (message.type === 'answer') waiting.resolve(message.value)
    else waiting.reject(deserialize(message.error))
    if (this.pending.size === 0) {
      this.worker.unref()
      if (this.retired) void this.close()
    }
  }

  private stop (reason: Error): void {
    this.stopped ??= reason
    for (const { reject } of this.pending.values()) reject(createError('SEARCHER_STOPPED', reason.message))
    this.pending.clear()
  }
}

/** The error a thread sent, as the caller's error: a ZhsearchError keeps its code and details. */
function deserialize (error: SerializedError): Error {
  if (error.code !== undefined) return new ZhsearchError(error.code as ErrorCode, error.message, error.details)
  return Object.assign(new Error(error.message), { name: error.name })
}
