/**
 * One function opens a searcher from where its index lives: an index folder (the embedded
 * engine, on the calling thread or its own) or a cluster's head (`sphinxql://HOST:PORT`).
 * Every caller then speaks to the Searcher interface only, whichever it got.
 */
import { ClusterSearcher } from './cluster/cluster-searcher.js'
import { SearchEngine } from './engine/search-engine.js'
import { WorkerSearcher } from './engine/worker-searcher.js'
import type { EngineOptions } from './options.js'
import type { Searcher } from './searcher/searcher.js'

/** How {@link openSearcher} opens an address. */
export interface OpenSearcherOptions extends Omit<EngineOptions, 'userWords'> {
  /**
   * For an index folder: search it on a worker thread of its own (WorkerSearcher), so the
   * calling thread stays free, rather than on the calling thread (SearchEngine, the
   * default).
   */
  thread?: boolean | undefined
  /** For an index folder on its own thread: how long the open may take (WorkerSearcherOptions.openTimeoutMs). */
  openTimeoutMs?: number | undefined
}

/**
 * True for a search engine's address (`sphinxql://…`, or any other `scheme://`, which
 * ClusterSearcher.connect refuses with INVALID_ENGINE naming what it takes), false for an
 * index folder.
 */
export function isClusterAddress (address: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(address.trim())
}

/**
 * Opens the searcher at `address`: the cluster whose head answers at `sphinxql://HOST:PORT`
 * (ClusterSearcher.connect), else the index folder (SearchEngine.open, or
 * WorkerSearcher.open with `thread`). Rejects as those do (INDEX_NOT_FOUND, INVALID_ENGINE,
 * ENGINE_UNREACHABLE, …). Close it with `close()`.
 */
export async function openSearcher (address: string, options: OpenSearcherOptions = {}): Promise<Searcher> {
  const { thread, openTimeoutMs, ...engineOptions } = options
  if (typeof address === 'string' && isClusterAddress(address)) return ClusterSearcher.connect(address, engineOptions)
  if (thread === true) return WorkerSearcher.open(address, { ...engineOptions, ...(openTimeoutMs !== undefined ? { openTimeoutMs } : {}) })
  return SearchEngine.open(address, engineOptions)
}
