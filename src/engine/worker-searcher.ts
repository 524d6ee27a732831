import { MessageChannel, type Transferable, Worker } from 'node:worker_threads'
import { checkPath } from './check-arguments.js'
import type { BuildOptions, SaveOptions } from './build-options.js'
import { createError } from '../errors.js'
import { IndexLoader } from './index-loader.js'
import type { Manifest } from '../indexing/manifest.js'
import type { EngineOptions } from '../options.js'
import type { Suggestions } from '../search/suggest.js'
import type { SynonymReport } from '../analysis/synonyms.js'
import type { SearcherMethod, SearcherState, ThreadMemory } from './searcher-thread.js'
import type { HighlightedDocument, ReloadOutcome, Searcher, SearcherHealth, SearcherStats } from '../searcher/searcher.js'
import { type Reply, ThreadLink } from '../threads/thread-link.js'
import type { Article, SearchRequest, SearchResponse } from '../types.js'
import { workerEntry } from '../threads/worker-entry.js'
import { WriteQueue } from './write-queue.js'

/** Options of {@link WorkerSearcher.open}: the engine's, and how long an open may take. */
export interface WorkerSearcherOptions extends Omit<EngineOptions, 'userWords'> {
  /**
   * An open or reload that has not read and checked the index after this many
   * milliseconds is abandoned with INDEX_OPEN_TIMEOUT (the thread reading it is stopped),
   * and the searcher keeps the index it had. `0` for no deadline. Defaults to
   * {@link DEFAULT_OPEN_TIMEOUT_MS}.
   */
  openTimeoutMs?: number
}

/**
 * How long an open or reload may take by default: opening the 19,594 news items (a
 * 100 MB index) takes about 2 s on an idle 2-core machine; the rest is room for a busy one.
 */
export const DEFAULT_OPEN_TIMEOUT_MS = 60_000

export type { ReloadOutcome } from '../searcher/searcher.js'

/**
 * Search threads of searchers that were closed, kept for the next searcher: each thread
 * holds Jieba's dictionary (about 240 MB), which nodejieba does not free when a thread
 * ends, so a thread is reused rather than ended.
 */
const idleThreads: ThreadLink[] = []

/**
 * A saved index searched on a worker thread: the same answers, errors and live updates as
 * `SearchEngine`, but the work runs off the calling thread, so a service keeps its event
 * loop free. A server that searches on its own thread stops accepting new connections
 * while it is saturated (Node reads the sockets it has first): at 200 connections on 2
 * cores a newcomer's first request waited up to 10 s while every search took under 120 ms.
 *
 * One searcher is one search thread for its whole life (Jieba's dictionary loads there
 * once) and a loader thread that opens index folders: `reload()` swaps in a new index
 * without a new search thread, and an open that spins is cut off at its deadline.
 * Searches start at once; writes (`add`, `update`, `remove`, `save`, `loadSynonyms`) and
 * reloads take effect one after another, in the order they were called.
 *
 * @example
 * ```ts
 * const searcher = await WorkerSearcher.open('index')
 * const { hits } = await searcher.search('工会')
 * await searcher.update([{ id: 'a', title: '冬至', body: '饺子' }])
 * await searcher.reload() // after `zhsearch reindex` wrote a new build
 * await searcher.close()
 * ```
 */
export class WorkerSearcher implements Searcher {
  private readonly thread: ThreadLink
  private readonly loader = new IndexLoader()
  private readonly engineOptions: Omit<EngineOptions, 'userWords'>
  private readonly openTimeoutMs: number
  private readonly inFlight = new Set<(error: Error) => void>()
  private readonly writes = new WriteQueue()
  private state: SearcherState | undefined
  private indexDir: string | undefined
  private closed: Error | undefined

  private constructor (options: WorkerSearcherOptions) {
    const { openTimeoutMs = DEFAULT_OPEN_TIMEOUT_MS, ...engineOptions } = options
    this.thread = takeThread()
    this.engineOptions = engineOptions
    this.openTimeoutMs = openTimeoutMs
  }

  /**
   * Opens the index in `indexDir` on a worker thread (checksums, then Jieba's dictionary)
   * and resolves once it answers. Rejects with the same ZhsearchError as
   * `SearchEngine.open`, or INDEX_OPEN_TIMEOUT.
   */
  static async open (indexDir: string, options: WorkerSearcherOptions = {}): Promise<WorkerSearcher> {
    checkPath(indexDir, 'open(indexDir)')
    const searcher = new WorkerSearcher(options)
    try {
      await searcher.reload({ indexDir })
    } catch (error) {
      await searcher.close()
      throw error
    }
    return searcher
  }

  /** Articles searchable. */
  get size (): number {
    return this.state?.size ?? 0
  }

  /** The manifest of the index on disk (the one opened, reloaded or last saved). */
  get manifest (): Manifest | undefined {
    return this.state?.manifest
  }

  async ready (): Promise<void> {}

  stats (): SearcherStats {
    if (this.state === undefined) throw createError('SEARCHER_STOPPED', 'no index is open')
    return this.state.stats
  }

  /** `ok` while the search thread runs with an index; `unavailable` once it stopped or was closed. */
  async health (): Promise<SearcherHealth> {
    if (this.closed !== undefined) return { status: 'unavailable', reason: this.closed.message }
    if (!this.thread.alive) return { status: 'unavailable', reason: 'the search thread stopped', documents: this.size }
    return { status: 'ok', documents: this.size }
  }

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

  /** As `SearchEngine.add`: refuses an id already in the index (DUPLICATE_ID). */
  add (articles: readonly Article[], options: Omit<BuildOptions, 'onProgress'> = {}): Promise<void> {
    return this.writes.run(() => this.call('add', [articles, options])) as Promise<void>
  }

  /** As `SearchEngine.update`: adds or replaces articles by id. */
  update (articles: readonly Article[], options: Omit<BuildOptions, 'onProgress'> = {}): Promise<void> {
    return this.writes.run(() => this.call('update', [articles, options])) as Promise<void>
  }

  /** As `SearchEngine.remove`: removes articles by id; resolves to how many were removed. */
  remove (ids: readonly string[]): Promise<number> {
    return this.writes.run(() => this.call('remove', [ids])) as Promise<number>
  }

  /** As `SearchEngine.save`; a later `reload()` without a folder reads this one. */
  async save (indexDir: string, input: SaveOptions = {}): Promise<Manifest> {
    return this.writes.run(async () => {
      const manifest = await this.call('save', [indexDir, input]) as Manifest
      this.indexDir = indexDir
      return manifest
    })
  }

  /** As `SearchEngine.loadSynonyms`; the file is read again into every index `reload()` swaps in. */
  loadSynonyms (path: string): Promise<SynonymReport> {
    return this.writes.run(() => this.call('loadSynonyms', [path])) as Promise<SynonymReport>
  }

  /**
   * Opens the index folder again (by default the one opened or last saved) and swaps to
   * it if it holds another build; a folder that holds the same build is `unchanged` after
   * reading only its manifest. The index is read and checked on the loader thread while
   * searches go on; the swap happens between two searches, so each answer comes from one
   * index. A folder that cannot be opened, or not within `timeoutMs`, rejects (the same
   * codes as `open`) and the searcher keeps the index it had. Writes called before the
   * reload apply to the old index, writes called after it to the new one; unsaved writes
   * are lost when a new build is swapped in.
   */
  reload (options: { indexDir?: string, timeoutMs?: number } = {}): Promise<ReloadOutcome> {
    return this.writes.run(async () => {
      const indexDir = options.indexDir === undefined ? this.indexDir : checkPath(options.indexDir, 'reload({ indexDir })')
      if (indexDir === undefined) throw createError('INVALID_REQUEST', 'reload() needs the index folder: pass { indexDir }')
      const loaded = await this.loader.load(indexDir, options.timeoutMs ?? this.openTimeoutMs, this.manifest?.build)
      if (loaded.status === 'unchanged') return loaded
      const { port1, port2 } = new MessageChannel()
      const swapped = this.request({ type: 'swap', port: port2, options: this.engineOptions }, [port2])
      // A send that fails closes the port, and the thread's wait for the index with it.
      loaded.send(port1).catch(() => port1.close())
      await swapped
      this.indexDir = indexDir
      return { status: 'reloaded', build: loaded.build, documents: this.size }
    })
  }

  /** V8's heap of the search thread (which holds the index), as `process.memoryUsage()` reports it there. */
  async memoryUsage (): Promise<ThreadMemory> {
    return (await this.request({ type: 'memory' })).value as ThreadMemory
  }

  /**
   * Refuses the calls still waiting (SEARCHER_STOPPED) and every later one, and stops the
   * loader thread. The search thread drops the index and is kept, idle (it does not keep
   * the process alive), for the next WorkerSearcher: its Jieba dictionary would not be
   * freed if it ended.
   */
  async close (): Promise<void> {
    if (this.closed !== undefined) return
    this.closed = new Error('the searcher was closed')
    for (const reject of this.inFlight) reject(createError('SEARCHER_STOPPED', this.closed.message))
    this.inFlight.clear()
    await this.loader.close()
    // The thread drops its index and waits for the next searcher (whose calls it reads after this one).
    this.thread.request({ type: 'reset' }).catch(() => {})
    idleThreads.push(this.thread)
  }

  private call (method: SearcherMethod, args: unknown[]): Promise<unknown> {
    return this.request({ type: 'call', method, args }).then(reply => reply.value)
  }

  private request (message: Record<string, unknown>, transfer: Transferable[] = []): Promise<Extract<Reply, { ok: true }>> {
    if (this.closed !== undefined) return Promise.reject(createError('SEARCHER_STOPPED', this.closed.message))
    return new Promise((resolve, reject) => {
      this.inFlight.add(reject)
      this.thread.request(message, transfer).then(reply => {
        if (reply.state !== undefined && this.closed === undefined) this.state = reply.state as SearcherState
        resolve(reply)
      }, reject).finally(() => this.inFlight.delete(reject))
    })
  }
}

/** An idle search thread, or a new one. */
function takeThread (): ThreadLink {
  for (let link = idleThreads.pop(); link !== undefined; link = idleThreads.pop()) {
    if (link.alive) return link
  }
  const entry = workerEntry(import.meta.url, 'searcher-thread')
  const link = new ThreadLink(new Worker(entry.script, { eval: entry.eval, execArgv: entry.execArgv }))
  // A failed open does not waste it: the thread waits, dictionary loaded, for the next searcher.
  link.request({ type: 'warm' }).catch(() => {})
  return link
}
