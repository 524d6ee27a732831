export { FIELD_COUNT } from '../../types.js'

/**
 * Ends each field's text in a segment's string: no query contains it, so a match never
 * spans two fields, and a patch at the end of a field is not at the start of the next.
 */
export const FIELD_END = '\u0000'

/** In a word posting's field byte: the document holds the term as a whole word (not only inside a longer one). */
export const WHOLE_WORD_BIT = 0x10
/** In a word posting's field byte: the bits of the fields (1 << f). */
export const FIELD_BITS = 0x0f

/**
 * An immutable segment: a group of documents with their own dictionaries and postings,
 * all in typed arrays and one string, as written to disk and read back without parsing.
 * Document numbers are local (0 … docCount-1). Positions into `text` are UTF-16 units.
 */
export interface SegmentData {
  docCount: number
  /** Every string of the segment: field texts, patch originals, ids, dates, metadata, terms, pinyin keys. */
  text: string
  /** Start in `text` of field `f` of document `d` at `d * FIELD_COUNT + f`; each field ends with FIELD_END; one extra entry at the end. */
  fieldStarts: Uint32Array
  /** Words in field `f` of document `d` (for BM25's length normalization), at `d * FIELD_COUNT + f`. */
  fieldLengths: Uint32Array
  /** Patches (see text-patches.ts), by position in `text`: normalized `[start, end)` was written `text[originals[i], originals[i + 1])`. */
  patchStarts: Uint32Array
  patchEnds: Uint32Array
  patchOriginals: Uint32Array
  /** Per document `d`, `text[starts[d], starts[d + 1])`: its id, its date ('' for none), its other fields as JSON. */
  idStarts: Uint32Array
  dateStarts: Uint32Array
  metaStarts: Uint32Array
  /** People (author, reporters, correspondents) of document `d`: `peopleValues[peopleStarts[d] … peopleStarts[d + 1]]`, indexes into `values`. */
  peopleStarts: Uint32Array
  peopleValues: Uint32Array
  /** Source of each document as an index into `values`, -1 for none. */
  sourceValues: Int32Array
  /** Corpus file of each document (an index into `values`) and its 1-based position in it: the corpus order. */
  fileValues: Uint32Array
  ordinals: Uint32Array
  /** Distinct people, sources and file names. */
  values: string[]
  /** The word dictionary, sorted: term `t` is `text[termStarts[t], termStarts[t + 1])`. */
  termStarts: Uint32Array
  /** Postings of term `t`: `wordPostings[termPostings[t], termPostings[t + 1])`. */
  termPostings: Uint32Array
  /** Documents holding term `t`, and how many of them hold it as a whole word (not only inside a longer one). */
  termDocs: Uint32Array
  termWholeDocs: Uint32Array
  /** Per posting: document gap, a byte of field bits (and WHOLE_WORD_BIT), then the term's frequency in each of those fields. */
  wordPostings: Uint8Array
  /**
   * Pinyin of the dictionary's words of Han characters (see pinyin-tables.ts), for
   * readers who type `gonghui` or `gh` to find 工会. Two tables, each sorted by key (then by
   * term rank): entry `i` says the word of term `pinyinTerms[i]` is spelled
   * `text[pinyinStarts[i], pinyinStarts[i + 1])` (full pinyin: gonghui), and likewise for
   * `initials…` (the initials of words of two characters or more: gh). Keys are a–z only.
   */
  pinyinStarts: Uint32Array
  pinyinTerms: Uint32Array
  initialsStarts: Uint32Array
  initialsTerms: Uint32Array
  /** The character index: sorted gram keys (see forEachGramKey), the postings of each, and their document counts. */
  gramKeys: Float64Array
  gramPostings: Uint32Array
  gramDocs: Uint32Array
  /** Per posting: the document gap. */
  gramBytes: Uint8Array
}

/** Stored fields of an article other than its id and text fields (JSON in the segment). */
export interface StoredMetadata {
  reporters?: string[]
  correspondents?: string[]
  author?: string
  source?: string
  url?: string
  date?: string
  origin?: { file: string, ordinal: number, line?: number }
}

export type { PinyinKind } from '../../analysis/pinyin/pinyin-letters.js'
