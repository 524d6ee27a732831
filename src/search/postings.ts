/**
 * What ranking reads, as a backend supplies it (searcher/backend.ts re-exports these: they
 * are part of the seam's contract, defined here because ranking, below the seam, reads
 * them): a word's documents with per-field frequencies and lengths, the collection's
 * statistics, the question rerank's pair counts, and how many documents use a word.
 */
import { FIELD_COUNT, TEXT_FIELDS, type TextField } from '../types.js'

/** Bit `f` for TEXT_FIELDS[f]: the fields a word or a text is looked for in. */
export type FieldMask = number

/** Every field. */
export const ALL_FIELDS: FieldMask = (1 << FIELD_COUNT) - 1

/** The mask of some fields. */
export function fieldMaskOf (fields: readonly TextField[]): FieldMask {
  let mask = 0
  for (const field of fields) mask |= 1 << TEXT_FIELDS.indexOf(field)
  return mask
}

/** The key of a word or a text (in some fields) in a fetch's answer (searcher/backend.ts, Fetched). */
export function requestKey (text: string, mask: FieldMask): string {
  return `${mask}\u0001${text}`
}

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
  /**
   * `lengths[i * FIELD_COUNT + f]`: words in field f of `docs[i]` (BM25's length). Read
   * only where the frequency is not 0: a backend may leave the others 0.
   */
  lengths: Uint32Array
  /**
   * Set when `docs` is restricted (a WordRequest with `within` that the backend honoured):
   * the word's own statistics over the whole collection, which restricted postings cannot
   * count (`containing`: documents with its characters; `fieldDocs[f]`: documents holding
   * it as a word in field f).
   */
  whole?: { containing: number, fieldDocs: readonly number[] }
}

/** What the question rerank reads of its top documents (rerank-bigrams). */
export interface PairCounts {
  /** Live documents holding each pair (any field). */
  pairDocs: number[]
  /** `frequencies[(t * FIELD_COUNT + f) * pairs + p]`: occurrences of pair p in field f of top document t (not overlapping). */
  frequencies: Uint32Array
  /** `lengths[t * FIELD_COUNT + f]`: words in field f of top document t (BM25's length, as TermPostings'). */
  lengths: Uint32Array
}

/** How many live documents hold a word: as a whole word, and at all (also inside longer words). */
export interface WordUses {
  whole: number
  all: number
}
