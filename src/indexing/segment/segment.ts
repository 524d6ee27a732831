import { indexOfSorted, lowerBound, lowerBoundString } from '../../collections/sorted.js'
import type { TextPatch } from '../../analysis/normalize/text-patches.js'
import type { StoredDocument, StoredText } from '../../analysis/stored-document.js'
import { TEXT_FIELDS, type TextField } from '../../types.js'
import { createError } from '../../errors.js'
import { FIELD_BITS, FIELD_COUNT, type PinyinKind, type SegmentData, type StoredMetadata, WHOLE_WORD_BIT } from './segment-data.js'
import { parseStoredMetadata } from './stored-metadata.js'
import type { FileCheck } from './segment-file.js'
import { ByteReader } from './varint.js'

/** Word postings decoded into parallel arrays (reused across calls). */
export interface WordPostingBuffers {
  docs: Int32Array
  /** Field bits and WHOLE_WORD_BIT of each posting. */
  masks: Uint8Array
  /** `frequencies[i * FIELD_COUNT + f]`: the term's frequency in field f of posting i. */
  frequencies: Uint32Array
}

/**
 * Read access to one segment: its documents, its word dictionary and postings, and its
 * character index. Nothing is decoded until asked for.
 */
export class Segment {
  /**
   * @param checks the checksums of the segment's files, once they are written (a segment
   * built or merged in memory has none until it is saved).
   * @param folder the index folder the segment was read from (named when it turns out damaged).
   */
  constructor (readonly name: string, readonly data: SegmentData, public checks?: { index: FileCheck, text: FileCheck }, readonly folder?: string) {}

  get docCount (): number {
    return this.data.docCount
  }

  /** The normalized text of field `f` of `doc`. */
  fieldText (doc: number, f: number): string {
    const { fieldStarts, text } = this.data
    const at = doc * FIELD_COUNT + f
    return text.slice(fieldStarts[at]!, fieldStarts[at + 1]! - 1)
  }

  /** All normalized text fields of `doc`, each ended by FIELD_END (so no match spans two). */
  documentText (doc: number): string {
    const { fieldStarts, text } = this.data
    return text.slice(fieldStarts[doc * FIELD_COUNT]!, fieldStarts[(doc + 1) * FIELD_COUNT]!)
  }

  /** The patches of field `f` of `doc`, positions relative to the field. */
  fieldPatches (doc: number, f: number): TextPatch[] {
    const { fieldStarts, patchStarts, patchEnds, patchOriginals, text } = this.data
    const at = doc * FIELD_COUNT + f
    const start = fieldStarts[at]!
    const end = fieldStarts[at + 1]! - 1
    const patches: TextPatch[] = []
    for (let i = lowerBound(patchStarts, start); i < patchStarts.length && patchStarts[i]! <= end; i++) {
      patches.push({ start: patchStarts[i]! - start, end: patchEnds[i]! - start, original: text.slice(patchOriginals[i]!, patchOriginals[i + 1]!) })
    }
    return patches
  }

  id (doc: number): string {
    return this.slice(this.data.idStarts, doc)
  }

  date (doc: number): string {
    return this.slice(this.data.dateStarts, doc)
  }

  /** The stored fields of `doc` other than its id and text (INDEX_CORRUPT when they are not what a writer stores). */
  metadata (doc: number): StoredMetadata {
    const metadata = parseStoredMetadata(this.slice(this.data.metaStarts, doc))
    if (metadata === undefined) this.corrupt(`the stored fields of document ${doc}`)
    return metadata
  }

  /** Text field `field` of `doc` as stored: normalized, with the patches back to the text as written. */
  storedText (doc: number, field: TextField): StoredText {
    const f = TEXT_FIELDS.indexOf(field)
    return { normalized: this.fieldText(doc, f), patches: this.fieldPatches(doc, f) }
  }

  /** Every stored field of `doc`, by name (INDEX_CORRUPT when its metadata is not what a writer stores). */
  storedDocument (doc: number): StoredDocument {
    const fields = Object.fromEntries(TEXT_FIELDS.map(field => [field, this.storedText(doc, field)])) as Record<TextField, StoredText>
    return { id: this.id(doc), fields, metadata: this.metadata(doc) }
  }

  /** Words in field `f` of `doc`. */
  fieldLength (doc: number, f: number): number {
    return this.data.fieldLengths[doc * FIELD_COUNT + f]!
  }

  /** The dictionary rank of a word, or -1. */
  findTerm (term: string): number {
    const count = this.data.termStarts.length - 1
    const rank = lowerBoundString(at => this.term(at), count, term)
    return rank < count && this.term(rank) === term ? rank : -1
  }

  /** Ranks `[from, to)` of the words that start with `prefix`. */
  termsWithPrefix (prefix: string): [number, number] {
    const { termStarts, text } = this.data
    const count = termStarts.length - 1
    const at = (rank: number): string => text.slice(termStarts[rank]!, termStarts[rank + 1]!)
    const low = lowerBoundString(at, count, prefix)
    let end = low
    while (end < count && at(end).startsWith(prefix)) end++
    return [low, end]
  }

  term (rank: number): string {
    return this.slice(this.data.termStarts, rank)
  }

  termDocs (rank: number): number {
    return this.data.termDocs[rank]!
  }

  termWholeDocs (rank: number): number {
    return this.data.termWholeDocs[rank]!
  }

  /** Entries in a pinyin table. */
  pinyinCount (kind: PinyinKind): number {
    return this.pinyinTable(kind).terms.length
  }

  /**
   * Entries `[from, to)` of a pinyin table whose key is `letters` (a–z), or starts with
   * them when `prefix` is true.
   */
  pinyinRange (kind: PinyinKind, letters: string, prefix = false): [number, number] {
    const { starts } = this.pinyinTable(kind)
    const at = (entry: number): string => this.data.text.slice(starts[entry]!, starts[entry + 1]!)
    const count = starts.length - 1
    // Keys are a–z only: those equal to `letters` sort before letters + 'a', and those
    // starting with them before letters + '{' (the character after 'z').
    const from = lowerBoundString(at, count, letters)
    return [from, lowerBoundString(at, count, letters + (prefix ? '{' : 'a'))]
  }

  /** The key of entry `entry` of a pinyin table (gonghui, gh). */
  pinyinKey (kind: PinyinKind, entry: number): string {
    const { starts } = this.pinyinTable(kind)
    return this.data.text.slice(starts[entry]!, starts[entry + 1]!)
  }

  /** The term rank entry `entry` of a pinyin table spells. */
  pinyinTerm (kind: PinyinKind, entry: number): number {
    return this.pinyinTable(kind).terms[entry]!
  }

  /**
   * Decodes the postings of word `rank` into `out` from index `at` (which has room for
   * `termDocs(rank)` more); returns the new end. Throws INDEX_CORRUPT when they do not
   * decode to termDocs ascending documents below docCount (see segment-check.ts: the
   * counts were checked against the bytes when the segment was read, the bytes are
   * checked here, as they are decoded).
   */
  decodeWordPostings (rank: number, out: WordPostingBuffers, at: number): number {
    const { termPostings, wordPostings, termDocs, termWholeDocs, docCount } = this.data
    const reader = new ByteReader(wordPostings, termPostings[rank]!, termPostings[rank + 1]!)
    const last = at + termDocs[rank]!
    let doc = -1
    let wholeDocs = 0
    while (!reader.done) {
      const gap = reader.readVarint()
      const mask = reader.readByte()
      if (gap <= 0 || at === last || (mask & FIELD_BITS) === 0 || (mask & ~(FIELD_BITS | WHOLE_WORD_BIT)) !== 0) this.corrupt(`the postings of term ${rank}`)
      doc += gap
      out.docs[at] = doc
      out.masks[at] = mask
      for (let f = 0; f < FIELD_COUNT; f++) {
        const frequency = (mask & (1 << f)) !== 0 ? reader.readVarint() : 0
        if (frequency < 0 || (frequency === 0 && (mask & (1 << f)) !== 0)) this.corrupt(`the postings of term ${rank}`)
        out.frequencies[at * FIELD_COUNT + f] = frequency
      }
      if ((mask & WHOLE_WORD_BIT) !== 0) wholeDocs++
      at++
    }
    if (at !== last || doc >= docCount || wholeDocs !== termWholeDocs[rank]) this.corrupt(`the postings of term ${rank}`)
    return at
  }

  /** The rank of a gram key in the character index, or -1. */
  findGram (key: number): number {
    return indexOfSorted(this.data.gramKeys, key)
  }

  gramDocs (rank: number): number {
    return this.data.gramDocs[rank]!
  }

  /** The documents of gram `rank`, ascending. Throws INDEX_CORRUPT when its postings do not decode to gramDocs documents below docCount. */
  decodeGram (rank: number): Int32Array {
    const { gramPostings, gramBytes, docCount } = this.data
    const out = new Int32Array(this.data.gramDocs[rank]!)
    const reader = new ByteReader(gramBytes, gramPostings[rank]!, gramPostings[rank + 1]!)
    let doc = -1
    for (let i = 0; i < out.length; i++) {
      const gap = reader.readVarint()
      if (gap <= 0) this.corrupt(`the postings of gram ${rank}`)
      doc += gap
      out[i] = doc
    }
    if (!reader.done || doc >= docCount) this.corrupt(`the postings of gram ${rank}`)
    return out
  }

  /** A lie in the segment's files found while reading it: INDEX_CORRUPT, naming the segment and what does not decode. */
  private corrupt (what: string): never {
    throw createError('INDEX_CORRUPT', this.folder ?? 'memory', `segment ${this.name}: ${what} do not decode`)
  }

  private pinyinTable (kind: PinyinKind): { starts: Uint32Array, terms: Uint32Array } {
    const { data } = this
    return kind === 'full' ? { starts: data.pinyinStarts, terms: data.pinyinTerms } : { starts: data.initialsStarts, terms: data.initialsTerms }
  }

  private slice (starts: Uint32Array, at: number): string {
    return this.data.text.slice(starts[at]!, starts[at + 1]!)
  }
}
