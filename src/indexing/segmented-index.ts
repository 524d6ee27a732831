import type { Analyzer } from '../analysis/analyzer.js'
import { FIELD_COUNT, WHOLE_WORD_BIT } from './segment/segment-data.js'
import { Segment } from './segment/segment.js'

/** A segment in an index, with the documents deleted from it since it was written. */
export interface IndexSegment {
  segment: Segment
  /** `deleted[doc] === 1` for a deleted document (a tombstone); undefined when none is. */
  deleted: Uint8Array | undefined
  /** Live documents. */
  live: number
  /** Global number of the segment's first document (for one query's doc sets). */
  base: number
}

/** Where a document lives. */
export interface DocumentAddress {
  segment: IndexSegment
  doc: number
}

/**
 * The searchable index: an ordered set of immutable segments, each with tombstones for
 * deleted documents. Documents are numbered globally (segment base + local number) for
 * the length of a query. BM25's collection statistics (live documents, average field
 * lengths) are kept over all segments, so a ranking does not depend on how the documents
 * were split into segments.
 */
export class SegmentedIndex {
  readonly analyzer: Analyzer
  private list: IndexSegment[] = []
  private lengthSums = new Float64Array(FIELD_COUNT)
  private liveCount = 0
  private totalCount = 0
  private ids: Map<string, DocumentAddress> | undefined

  constructor (analyzer: Analyzer, segments: ReadonlyArray<{ segment: Segment, deleted?: Uint8Array | undefined }> = []) {
    this.analyzer = analyzer
    for (const { segment, deleted } of segments) this.list.push(withStats(segment, deleted))
    this.refresh()
  }

  get segments (): readonly IndexSegment[] {
    return this.list
  }

  /** Live documents. */
  get size (): number {
    return this.liveCount
  }

  /** Document numbers in use (live and deleted): the bound of a global document number. */
  get capacity (): number {
    return this.totalCount
  }

  /** Average words in field `f` over the live documents (at least 1). */
  averageFieldLength (f: number): number {
    return this.liveCount === 0 ? 1 : Math.max(1, this.lengthSums[f]! / this.liveCount)
  }

  /** Distinct words over all segments (an upper bound: a word in two segments counts twice). */
  get termCount (): number {
    return this.list.reduce((sum, { segment }) => sum + segment.data.termDocs.length, 0)
  }

  /**
   * Live documents holding the character gram `key` (see forEachGramKey), over all segments:
   * the document frequency a full build of the same documents has. Postings are decoded only
   * in segments with deleted documents.
   */
  gramDocCount (key: number): number {
    let docs = 0
    for (const { segment, deleted } of this.list) {
      const rank = segment.findGram(key)
      if (rank < 0) continue
      docs += segment.gramDocs(rank)
      if (deleted !== undefined) for (const doc of segment.decodeGram(rank)) docs -= deleted[doc]!
    }
    return docs
  }

  /**
   * Live documents of a segment holding its word `rank`, and how many hold it as a whole
   * word: the segment's counts, less its deleted documents (whose postings are decoded only
   * when it has some).
   */
  liveTermDocs (entry: IndexSegment, rank: number): { all: number, whole: number } {
    const { segment, deleted } = entry
    if (deleted === undefined) return { all: segment.termDocs(rank), whole: segment.termWholeDocs(rank) }
    const count = segment.termDocs(rank)
    const buffers = { docs: new Int32Array(count), masks: new Uint8Array(count), frequencies: new Uint32Array(count * FIELD_COUNT) }
    segment.decodeWordPostings(rank, buffers, 0)
    let all = 0
    let whole = 0
    for (let i = 0; i < count; i++) {
      if (deleted[buffers.docs[i]!] === 1) continue
      all++
      if ((buffers.masks[i]! & WHOLE_WORD_BIT) !== 0) whole++
    }
    return { all, whole }
  }

  /** The segment and local number of global document `global`. */
  locate (global: number): DocumentAddress {
    let low = 0
    let high = this.list.length - 1
    while (low < high) {
      const middle = (low + high + 1) >>> 1
      if (this.list[middle]!.base <= global) low = middle
      else high = middle - 1
    }
    const segment = this.list[low]!
    return { segment, doc: global - segment.base }
  }

  /** Where the live document with this id is. */
  find (id: string): DocumentAddress | undefined {
    return this.idMap().get(id)
  }

  has (id: string): boolean {
    return this.idMap().has(id)
  }

  /** Live documents in index order. */
  * live (): IterableIterator<DocumentAddress> {
    for (const segment of this.list) {
      for (let doc = 0; doc < segment.segment.docCount; doc++) {
        if (segment.deleted?.[doc] !== 1) yield { segment, doc }
      }
    }
  }

  /** Adds a segment; documents in it replace live documents with the same id. */
  addSegment (segment: Segment, deleted?: Uint8Array): void {
    const added = withStats(segment, deleted)
    if (this.ids !== undefined || this.list.length > 0) {
      const ids = this.idMap()
      for (let doc = 0; doc < segment.docCount; doc++) {
        if (added.deleted?.[doc] === 1) continue
        const id = segment.id(doc)
        const previous = ids.get(id)
        if (previous !== undefined) this.tombstone(previous)
        ids.set(id, { segment: added, doc })
      }
    }
    this.list.push(added)
    this.refresh()
  }

  /** Deletes documents by id (unknown ids are ignored); returns how many were deleted. */
  remove (ids: Iterable<string>): number {
    const map = this.idMap()
    let removed = 0
    for (const id of ids) {
      const address = map.get(id)
      if (address === undefined) continue
      this.tombstone(address)
      map.delete(id)
      removed++
    }
    if (removed > 0) this.refresh()
    return removed
  }

  /** Deletes local documents `[from, to)` of a segment (a corpus file's articles). */
  removeRange (segment: IndexSegment, from: number, to: number): void {
    for (let doc = from; doc < to; doc++) {
      if (segment.deleted?.[doc] === 1) continue
      this.tombstone({ segment, doc })
      if (this.ids !== undefined) this.ids.delete(segment.segment.id(doc))
    }
    this.refresh()
  }

  /** Replaces segments by one merged from their live documents (same documents, same order). */
  replaceSegments (replaced: readonly IndexSegment[], merged: Segment | undefined): void {
    const first = this.list.indexOf(replaced[0]!)
    this.list = this.list.filter(segment => !replaced.includes(segment))
    if (merged !== undefined) this.list.splice(Math.max(0, Math.min(first, this.list.length)), 0, withStats(merged, undefined))
    this.ids = undefined
    this.refresh()
  }

  private tombstone ({ segment, doc }: DocumentAddress): void {
    if (segment.deleted === undefined) segment.deleted = new Uint8Array(segment.segment.docCount)
    if (segment.deleted[doc] === 1) return
    segment.deleted[doc] = 1
    segment.live--
    for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f]! -= segment.segment.fieldLength(doc, f)
  }

  private idMap (): Map<string, DocumentAddress> {
    if (this.ids === undefined) {
      this.ids = new Map()
      for (const address of this.live()) this.ids.set(address.segment.segment.id(address.doc), address)
    }
    return this.ids
  }

  private refresh (): void {
    let base = 0
    this.lengthSums = new Float64Array(FIELD_COUNT)
    this.liveCount = 0
    for (const segment of this.list) {
      segment.base = base
      base += segment.segment.docCount
      this.liveCount += segment.live
      for (let doc = 0; doc < segment.segment.docCount; doc++) {
        if (segment.deleted?.[doc] === 1) continue
        for (let f = 0; f < FIELD_COUNT; f++) this.lengthSums[f]! += segment.segment.fieldLength(doc, f)
      }
    }
    this.totalCount = base
  }
}

function withStats (segment: Segment, deleted: Uint8Array | undefined): IndexSegment {
  let live = segment.docCount
  if (deleted !== undefined) for (let doc = 0; doc < segment.docCount; doc++) if (deleted[doc] === 1) live--
  return { segment, deleted, live, base: 0 }
}
