import type { Analyzer } from '../analysis/analyzer.js'
import { FIELD_COUNT } from './segment/segment-data.js'
import type { Segment } from './segment/segment.js'

/** A segment in one state of an index, with the documents deleted from it by then. */
export interface IndexSegment {
  readonly segment: Segment
  /**
   * `deleted[doc] === 1` for a deleted document (a tombstone); undefined when none is.
   * Never changed once in a state: a write that deletes more copies it.
   */
  readonly deleted: Uint8Array | undefined
  /** Live documents. */
  readonly live: number
  /** Global number of the segment's first document in its state (for one query's doc sets). */
  readonly base: number
}

/** Where a document lives. */
export interface DocumentAddress {
  segment: IndexSegment
  doc: number
}

/**
 * One state of the index: its segments and their tombstones as one write left them. A
 * state never changes (a write makes the next one), so a search that reads one state
 * from start to end sees every write before it and none after, however many times it
 * waits in between. Documents are numbered globally (segment base + local number) within
 * a state. BM25's collection statistics (live documents, average field lengths) are over
 * all its segments, so a ranking does not depend on how the documents were split.
 */
export class IndexState {
  /** Counts the states of an index: a later state has a higher generation. */
  readonly generation: number
  readonly segments: readonly IndexSegment[]
  /** Live documents. */
  readonly size: number
  /** Document numbers in use (live and deleted): the bound of a global document number. */
  readonly capacity: number
  private readonly lengthSums: Float64Array

  constructor (generation: number, segments: ReadonlyArray<Omit<IndexSegment, 'base'>>) {
    this.generation = generation
    let base = 0
    let live = 0
    const sums = new Float64Array(FIELD_COUNT)
    this.segments = segments.map(({ segment, deleted, live: segmentLive }) => {
      const entry: IndexSegment = { segment, deleted, live: segmentLive, base }
      base += segment.docCount
      live += segmentLive
      for (let doc = 0; doc < segment.docCount; doc++) {
        if (deleted?.[doc] === 1) continue
        for (let f = 0; f < FIELD_COUNT; f++) sums[f]! += segment.fieldLength(doc, f)
      }
      return entry
    })
    this.size = live
    this.capacity = base
    this.lengthSums = sums
  }

  /** Average words in field `f` over the live documents (at least 1). */
  averageFieldLength (f: number): number {
    return this.size === 0 ? 1 : Math.max(1, this.lengthSums[f]! / this.size)
  }

  /** Distinct words over all segments (an upper bound: a word in two segments counts twice). */
  get termCount (): number {
    return this.segments.reduce((sum, { segment }) => sum + segment.data.termDocs.length, 0)
  }

  /** The segment and local number of global document `global`. */
  locate (global: number): DocumentAddress {
    let low = 0
    let high = this.segments.length - 1
    while (low < high) {
      const middle = (low + high + 1) >>> 1
      if (this.segments[middle]!.base <= global) low = middle
      else high = middle - 1
    }
    const segment = this.segments[low]!
    return { segment, doc: global - segment.base }
  }

  /** Live documents in index order. */
  * live (): IterableIterator<DocumentAddress> {
    for (const segment of this.segments) {
      for (let doc = 0; doc < segment.segment.docCount; doc++) {
        if (segment.deleted?.[doc] !== 1) yield { segment, doc }
      }
    }
  }
}

/**
 * The searchable index: an ordered set of immutable segments, each with tombstones for
 * deleted documents, as a sequence of states. Reads of the index itself (`segments`,
 * `size`, `locate`, …) are of its current state; a search takes `snapshot()` once and
 * reads only that. Each write (`addSegment`, `remove`, `replaceSegments`) makes a new
 * state, copying what it changes (the segment list, a tombstone array), and never
 * changes one a search may hold.
 */
export class SegmentedIndex {
  readonly analyzer: Analyzer
  private state: IndexState
  /** Where each live id is, by segment (not by IndexSegment, which a write may replace). */
  private ids: Map<string, { segment: Segment, doc: number }> | undefined

  constructor (analyzer: Analyzer, segments: ReadonlyArray<{ segment: Segment, deleted?: Uint8Array | undefined }> = []) {
    this.analyzer = analyzer
    this.state = new IndexState(0, segments.map(({ segment, deleted }) => withStats(segment, deleted)))
  }

  /** The index as it is now: a state that later writes leave as it is. */
  snapshot (): IndexState {
    return this.state
  }

  get segments (): readonly IndexSegment[] {
    return this.state.segments
  }

  /** Live documents. */
  get size (): number {
    return this.state.size
  }

  /** Document numbers in use (live and deleted): the bound of a global document number. */
  get capacity (): number {
    return this.state.capacity
  }

  /** Average words in field `f` over the live documents (at least 1). */
  averageFieldLength (f: number): number {
    return this.state.averageFieldLength(f)
  }

  /** Distinct words over all segments (an upper bound: a word in two segments counts twice). */
  get termCount (): number {
    return this.state.termCount
  }

  /** The segment and local number of global document `global`, in the current state. */
  locate (global: number): DocumentAddress {
    return this.state.locate(global)
  }

  /** Where the live document with this id is, in the current state. */
  find (id: string): DocumentAddress | undefined {
    const found = this.idMap().get(id)
    if (found === undefined) return undefined
    const segment = this.state.segments.find(entry => entry.segment === found.segment)
    return segment === undefined ? undefined : { segment, doc: found.doc }
  }

  has (id: string): boolean {
    return this.idMap().has(id)
  }

  /** Live documents in index order. */
  live (): IterableIterator<DocumentAddress> {
    return this.state.live()
  }

  /** Adds a segment; documents in it replace live documents with the same id. */
  addSegment (segment: Segment, deleted?: Uint8Array): void {
    const added = withStats(segment, deleted)
    const draft = new TombstoneDraft(this.state.segments)
    if (this.ids !== undefined || this.state.segments.length > 0) {
      const ids = this.idMap()
      for (let doc = 0; doc < segment.docCount; doc++) {
        if (added.deleted?.[doc] === 1) continue
        const id = segment.id(doc)
        const previous = ids.get(id)
        if (previous !== undefined) draft.delete(previous.segment, previous.doc)
        ids.set(id, { segment, doc })
      }
    }
    this.commit([...draft.segments(), added])
  }

  /** Deletes documents by id (unknown ids are ignored); returns how many were deleted. */
  remove (ids: Iterable<string>): number {
    const map = this.idMap()
    const draft = new TombstoneDraft(this.state.segments)
    let removed = 0
    for (const id of ids) {
      const address = map.get(id)
      if (address === undefined) continue
      draft.delete(address.segment, address.doc)
      map.delete(id)
      removed++
    }
    if (removed > 0) this.commit(draft.segments())
    return removed
  }

  /** Replaces segments by one merged from their live documents (same documents, same order). */
  replaceSegments (replaced: readonly IndexSegment[], merged: Segment | undefined): void {
    const gone = new Set(replaced.map(entry => entry.segment))
    const first = this.state.segments.findIndex(entry => entry.segment === replaced[0]?.segment)
    const list: Array<Omit<IndexSegment, 'base'>> = this.state.segments.filter(entry => !gone.has(entry.segment))
    if (merged !== undefined) list.splice(Math.max(0, Math.min(first, list.length)), 0, withStats(merged, undefined))
    this.ids = undefined
    this.commit(list)
  }

  private commit (segments: ReadonlyArray<Omit<IndexSegment, 'base'>>): void {
    this.state = new IndexState(this.state.generation + 1, segments)
  }

  private idMap (): Map<string, { segment: Segment, doc: number }> {
    if (this.ids === undefined) {
      this.ids = new Map()
      for (const { segment, doc } of this.state.live()) this.ids.set(segment.segment.id(doc), { segment: segment.segment, doc })
    }
    return this.ids
  }
}

/**
 * The tombstones one write adds, copy-on-write: a segment's tombstone array is copied the
 * first time the write deletes from it, so the state before the write keeps its own.
 */
class TombstoneDraft {
  private readonly changed = new Map<Segment, { deleted: Uint8Array, live: number }>()

  constructor (private readonly from: readonly IndexSegment[]) {}

  delete (segment: Segment, doc: number): void {
    let change = this.changed.get(segment)
    if (change === undefined) {
      const entry = this.from.find(candidate => candidate.segment === segment)!
      change = { deleted: entry.deleted?.slice() ?? new Uint8Array(segment.docCount), live: entry.live }
      this.changed.set(segment, change)
    }
    if (change.deleted[doc] === 1) return
    change.deleted[doc] = 1
    change.live--
  }

  /** The segments with this write's tombstones. */
  segments (): Array<Omit<IndexSegment, 'base'>> {
    return this.from.map(entry => {
      const change = this.changed.get(entry.segment)
      return change === undefined ? entry : { segment: entry.segment, deleted: change.deleted, live: change.live }
    })
  }
}

function withStats (segment: Segment, deleted: Uint8Array | undefined): Omit<IndexSegment, 'base'> {
  let live = segment.docCount
  if (deleted !== undefined) for (let doc = 0; doc < segment.docCount; doc++) if (deleted[doc] === 1) live--
  return { segment, deleted, live }
}
