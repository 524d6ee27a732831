/**
 * The seam below the query lifecycle: what a backend (the embedded segments, a SphinxQL
 * cluster, a static export read in the browser) supplies so that one `runSearch` can do
 * everything else (parse, analyze, match, relax, rank, rerank, filter, page, present) the
 * same way for every backend. A backend answers questions about documents and statistics;
 * it never ranks, relaxes or cuts snippets itself.
 *
 * Documents are numbers valid for one search (one {@link SearchContext}): every array of
 * them is ascending, and two arrays of one context number the same document alike.
 * Ranking ties are broken by {@link SearchContext.compare} (the corpus order: file,
 * position in the file, id), so a page is the same on every backend.
 *
 * Everything here must run in a browser too (the static backend): no Node built-ins.
 */
import type { StoredDocument } from '../analysis/stored-document.js'
import type { QueryAnalyzer } from '../search/analyze-query.js'
import type { SearchFilters } from '../search/filters.js'
import type { CollectionStats, FieldMask, PairCounts, TermPostings, WordUses } from '../search/postings.js'
import type { QueryBudget } from '../search/query-budget.js'

/*
 * Contract changes since the first version of this file (issue 21, the lifecycle helper):
 * - FieldMask, CollectionStats, TermPostings, PairCounts, WordUses and requestKey are defined in
 *   search/postings.ts, StoredText and StoredDocument in analysis/stored-document.ts, and
 *   SearchFilters in search/filters.ts (ranking, hit presentation and the segment reader
 *   sit below the seam and read them); they are re-exported here, with the same shapes.
 * - QueryAnalyzer (defined in search/analyze-query.ts, which reads queries with it) may
 *   have `warmUp`: a search's clock and budget start after it.
 * - A backend may ignore `within` (returning the word's whole postings, without `whole`).
 * - TermPostings.lengths are read only where the frequency is not 0 (may be 0 elsewhere).
 * - `withinAny`, `countAny` and `firstWithout` (the spike's restricted plan for questions)
 *   are gone: a question matches every document with any of its words, stop words
 *   included, and filters and facets are over every match, so its fetch cannot be
 *   restricted without losing them (and the spike measured no gain from it on DuReader).
 * - `stored(docs)` and `pairCounts(…, docs, …)` answer in the order asked (a page and the
 *   rerank's top documents are in rank order, not ascending).
 */
export type { CollectionStats, FieldMask, PairCounts, TermPostings, WordUses } from '../search/postings.js'
export { requestKey } from '../search/postings.js'
export type { StoredDocument, StoredText } from '../analysis/stored-document.js'
export type { SearchFilters } from '../search/filters.js'
export type { QueryAnalyzer } from '../search/analyze-query.js'

/** A word whose postings a search reads. */
export interface WordRequest {
  word: string
  mask: FieldMask
  /**
   * Only documents that also contain each of these normalized texts (in the masked fields)
   * are needed: the rest cannot match. A backend that honours it returns only those, with
   * `whole` set; one that does not returns all of the word's documents, without `whole`.
   */
  within?: readonly string[]
}

/** A normalized text whose documents (grep's answer) a search reads: a phrase, a term of several words. */
export interface TextRequest {
  text: string
  mask: FieldMask
  within?: readonly string[]
}

/**
 * Everything a search reads in one round trip: the postings of every word of every clause,
 * synonym and spelled word, and the documents of every multi-word text.
 */
export interface FetchRequest {
  words: WordRequest[]
  texts: TextRequest[]
}

/** The answer to a FetchRequest, keyed by {@link requestKey}. */
export interface Fetched {
  words: Map<string, TermPostings>
  texts: Map<string, Int32Array>
  /** Set when the answer is incomplete: the query budget ran out, or (a cluster) shards did not answer. */
  partial?: { missingShards?: number[] }
}

/** The documents that passed the filters (with their scores), and how often each facet value occurs among them. */
export interface Selection {
  docs: Int32Array
  scores: Float64Array
  authors: Map<string, number>
  sources: Map<string, number>
}

/** The primitives of one search, over one state of the index (writes after `begin` are not seen). */
export interface SearchContext {
  stats (): Promise<CollectionStats>
  fetch (request: FetchRequest, budget: QueryBudget): Promise<Fetched>
  /** The rerank's counts for its top documents (in the order given: rank order, not ascending). */
  pairCounts (pairs: readonly string[], docs: Int32Array, mask: FieldMask): Promise<PairCounts>
  /** Keeps the matches that pass the filters; counts the facets over them when asked. */
  select (docs: Int32Array, scores: Float64Array, filters: SearchFilters, facets: boolean): Promise<Selection>
  /** Corpus order (file, position, id) of two documents of this search: negative when `a` comes first. */
  compare (a: number, b: number): number
  /** The stored fields of documents of this search, in the order asked. */
  stored (docs: Int32Array): Promise<StoredDocument[]>
  /** The words of the index that start with a normalized prefix (not the prefix itself). */
  completions (normalizedPrefix: string): Promise<Map<string, WordUses>>
  /** The words a pinyin table spells: `letters` exactly, or (prefix) every key starting with them. */
  spelled (kind: 'full' | 'initials', letters: string, prefix: boolean): Promise<Map<string, WordUses>>
}

/** A backend: the index's analyzer, and a context per search. */
export interface SearchBackend {
  readonly analyzer: QueryAnalyzer
  /** Starts a search over the index as it is now. */
  begin (): SearchContext
  /** One stored document by article id (the article view), or undefined. */
  storedById (id: string): Promise<StoredDocument | undefined>
}
