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
import type { Analyzer } from '../analysis/analyzer.js'
import type { TextPatch } from '../analysis/normalize/text-patches.js'
import type { QueryBudget } from '../search/query-budget.js'
import type { Article, TextField } from '../types.js'

/** Bit `f` for TEXT_FIELDS[f]: the fields a word or a text is looked for in. */
export type FieldMask = number

/** What reads a query the way the index was written: the analyzer, or the browser's stand-in for it. */
export type QueryAnalyzer = Pick<Analyzer, 'queryWords' | 'normalizeTerm'>

/** The statistics BM25 reads, over the live documents of the whole index (never of one segment or shard). */
export interface CollectionStats {
  /** Live documents. */
  documents: number
  /** Average words per field (at least 1), TEXT_FIELDS order. */
  averageFieldLengths: readonly number[]
}

/** A word's documents, with what its BM25 needs. */
export interface TermPostings {
  /** Every live document whose masked fields contain the word as grep would find it (its characters in a row). */
  docs: Int32Array
  /**
   * `frequencies[i * FIELD_COUNT + f]`: occurrences of the word as a word (a Jieba word,
   * a dictionary subword of a longer word, or an alphanumeric run) in field f of `docs[i]`;
   * 0 where the field holds only its characters, and for every field outside the mask.
   */
  frequencies: Uint32Array
  /** `lengths[i * FIELD_COUNT + f]`: words in field f of `docs[i]` (BM25's length). */
  lengths: Uint32Array
  /**
   * Set when `docs` is restricted (a {@link WordRequest} with `within`): the word's own
   * statistics over the whole collection, which restricted postings cannot count.
   */
  whole?: { containing: number, fieldDocs: readonly number[] }
}

/** A word whose postings a search reads. */
export interface WordRequest {
  word: string
  mask: FieldMask
  /** Only documents that also contain each of these normalized texts are needed (the rest cannot match). */
  within?: readonly string[]
  /** Only documents that also contain one of these normalized texts are needed. */
  withinAny?: readonly string[]
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
  /** Also count the live documents containing any of these words (grep): the total of a question fetched restricted. */
  countAny?: { words: readonly string[], mask: FieldMask }
  /** The first `limit` documents in corpus order that contain one of `words` and none of `none`. */
  firstWithout?: { words: readonly string[], none: readonly string[], mask: FieldMask, limit: number }
}

/** The answer to a FetchRequest, keyed by {@link requestKey}. */
export interface Fetched {
  words: Map<string, TermPostings>
  texts: Map<string, Int32Array>
  anyCount?: number
  firstWithout?: Int32Array
  /** Set when the answer is incomplete: the query budget ran out, or (a cluster) shards did not answer. */
  partial?: { missingShards?: number[] }
}

/** What the question rerank reads of its top documents (rerank-bigrams). */
export interface PairCounts {
  /** Live documents holding each pair (any field). */
  pairDocs: number[]
  /** `frequencies[(t * FIELD_COUNT + f) * pairs + p]`: occurrences of pair p in field f of top document t (not overlapping). */
  frequencies: Uint32Array
  /** `units[t * FIELD_COUNT + f]`: the length of field f's normalized text in UTF-16 units. */
  units: Uint32Array
}

/** The metadata filters of a search (empty strings already mean no filter). */
export interface SearchFilters {
  author?: string
  source?: string
  dateFrom?: string
  dateTo?: string
}

/** The documents that passed the filters (with their scores), and how often each facet value occurs among them. */
export interface Selection {
  docs: Int32Array
  scores: Float64Array
  authors: Map<string, number>
  sources: Map<string, number>
}

/** A stored text field: its normalized text and the patches back to the text as written. */
export interface StoredText {
  normalized: string
  patches: TextPatch[]
}

/** One document's stored fields, by name: what hits, snippets and the article view are made of. */
export interface StoredDocument {
  id: string
  fields: Readonly<Record<TextField, StoredText>>
  /** The rest of the article as ingested (reporters, author, source, date, url, origin…). */
  metadata: Omit<Article, 'id' | TextField>
}

/** How many live documents hold a word: as a whole word, and at all (also inside longer words). */
export interface WordUses {
  whole: number
  all: number
}

/** The primitives of one search, over one state of the index (writes after `begin` are not seen). */
export interface SearchContext {
  stats (): Promise<CollectionStats>
  fetch (request: FetchRequest, budget: QueryBudget): Promise<Fetched>
  pairCounts (pairs: readonly string[], docs: Int32Array, mask: FieldMask): Promise<PairCounts>
  /** Keeps the matches that pass the filters; counts the facets over them when asked. */
  select (docs: Int32Array, scores: Float64Array, filters: SearchFilters, facets: boolean): Promise<Selection>
  /** Corpus order (file, position, id) of two documents of this search: negative when `a` comes first. */
  compare (a: number, b: number): number
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

/** The key of a word or text of a FetchRequest in its Fetched answer. */
export function requestKey (text: string, mask: FieldMask): string {
  return `${mask}\u0001${text}`
}
