import type { Manifest } from '../indexing/manifest.js'
import type { Suggestions } from '../search/suggest.js'
import type { SynonymReport } from '../analysis/synonyms.js'
import type { ArticleHtml } from '../snippets/present-hits.js'
import type { Article, SearchRequest, SearchResponse } from '../types.js'

/** An article with a query's matches marked, as the article view shows it. */
export interface HighlightedDocument {
  article: Article
  /** Title, kicker, byline and body paragraphs as HTML (escaped, matches in `<mark>`). */
  html: ArticleHtml
}

/** The heap of a thread a searcher searches on (as `process.memoryUsage()` reports it there): it holds the index. */
export interface ThreadMemory {
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
}

/** What a reload in place did: swapped in another build, or found the same one. */
export type ReloadOutcome =
  | { status: 'reloaded', build: string, documents: number }
  | { status: 'unchanged', build: string }

/** What a searcher holds, for `zhsearch stats` and `/api/stats`. */
export interface SearcherStats {
  documents: number
  /** Distinct words in the word index (summed over segments or shards). */
  terms: number
  /** Segments (embedded index) or shards (cluster) the index is made of. */
  segments: number
  /** When the loaded index was built (absent for an engine built in memory and not saved). */
  builtAt?: string
  /** Bytes of the index on disk (absent when not known). */
  sizeBytes?: number
  analyzerFingerprint: string
}

/**
 * Whether a searcher can answer every search completely now, as a value the server's
 * `/healthz` (and anything else) decides on: `unavailable` says why (a cluster's head or
 * a whole shard that does not answer), naming the shards a search would miss.
 */
export type SearcherHealth =
  | { status: 'ok', documents: number }
  | { status: 'unavailable', reason: string, documents?: number, missingShards?: number[] }

/**
 * The one interface the server and the command line search through, whatever holds the
 * index: the embedded engine (SearchEngine, segments in this process) or a cluster
 * backend (a SphinxQL engine over the network). Every call is asynchronous for that
 * reason. Queries use zhsearch's syntax and analysis in both, and snippets are cut by
 * zhsearch's own code from the stored original text, so answers look the same.
 */
export interface Searcher {
  /** Articles searchable. */
  readonly size: number
  /**
   * The manifest of the index folder the searcher reads (the one opened, reloaded or last
   * saved); undefined for an index that is not a folder (built in memory and not saved, a
   * cluster).
   */
  readonly manifest: Manifest | undefined
  /** Loads what the first search needs (Jieba's dictionary, connections). */
  ready (): Promise<void>
  search (request: string | SearchRequest): Promise<SearchResponse>
  suggest (prefix: string, limit?: number): Promise<Suggestions>
  getDocument (id: string): Promise<Article | undefined>
  highlightDocument (id: string, query?: string): Promise<HighlightedDocument | undefined>
  stats (): SearcherStats
  /**
   * Asks what the searcher depends on whether it answers (see SearcherHealth). Optional:
   * a searcher whose index is in this process (or its own thread) answers for as long as
   * it exists, and searcherHealth() says so for it.
   */
  health? (): Promise<SearcherHealth>
  /**
   * Reads a synonyms file (a corpus folder's `synonyms.txt`) and expands the following
   * searches with it; a missing file clears the synonyms. No reindex needed.
   */
  loadSynonyms (path: string): Promise<SynonymReport>
  /**
   * Opens the index folder again and swaps to it in place if it holds another build
   * (WorkerSearcher). Optional: a searcher without it is replaced by a newly opened one.
   */
  reload? (options: { indexDir?: string, timeoutMs?: number }): Promise<ReloadOutcome>
  /** The heap of the thread that holds the index, when that is not the calling thread (WorkerSearcher). */
  memoryUsage? (): Promise<ThreadMemory>
  /**
   * Lets go of what the searcher holds (threads, connections). Calls after it may be
   * refused with SEARCHER_STOPPED, and so may calls still waiting (a WorkerSearcher refuses
   * them; a SearchEngine, which holds nothing, resolves once its writes are done). Closing
   * twice is a no-op.
   */
  close (): Promise<void>
}

/** The health of any searcher: its own answer, or `ok` for one whose index is in this process. */
export async function searcherHealth (searcher: Searcher): Promise<SearcherHealth> {
  return searcher.health !== undefined ? searcher.health() : { status: 'ok', documents: searcher.size }
}
