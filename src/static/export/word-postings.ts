import type { SegmentedIndex } from '../../indexing/segmented-index.js'
import type { WordPostingBuffers } from '../../indexing/segment/segment.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'

/** A word's live postings in export numbers, ascending: its frequency in each field. */
export interface WordPostings {
  docs: Int32Array
  /** `frequencies[i * FIELD_COUNT + f]`. */
  frequencies: Uint32Array
  /** Documents holding it as a whole word, and at all, summed over the segments as the index counts them. */
  wholeDocs: number
  allDocs: number
}

/** Every word of the index with its postings, renumbered (`numberOf`) and merged across segments. */
export function wordPostings (index: SegmentedIndex, numberOf: Int32Array): Map<string, WordPostings> {
  const parts = new Map<string, Array<{ docs: Int32Array, frequencies: Uint32Array }>>()
  const counts = new Map<string, { whole: number, all: number }>()
  for (const entry of index.segments) {
    const { segment } = entry
    const terms = segment.data.termDocs.length
    for (let rank = 0; rank < terms; rank++) {
      const term = segment.term(rank)
      const count = counts.get(term) ?? { whole: 0, all: 0 }
      count.whole += segment.termWholeDocs(rank)
      count.all += segment.termDocs(rank)
      counts.set(term, count)
      const size = segment.termDocs(rank)
      const buffers: WordPostingBuffers = { docs: new Int32Array(size), masks: new Uint8Array(size), frequencies: new Uint32Array(size * FIELD_COUNT) }
      const end = segment.decodeWordPostings(rank, buffers, 0)
      const docs: number[] = []
      const frequencies: number[] = []
      for (let i = 0; i < end; i++) {
        const number = numberOf[entry.base + buffers.docs[i]!]!
        if (number < 0) continue
        docs.push(number)
        for (let f = 0; f < FIELD_COUNT; f++) frequencies.push(buffers.frequencies[i * FIELD_COUNT + f]!)
      }
      if (docs.length === 0) continue
      const list = parts.get(term) ?? []
      list.push({ docs: Int32Array.from(docs), frequencies: Uint32Array.from(frequencies) })
      parts.set(term, list)
    }
  }
  const words = new Map<string, WordPostings>()
  for (const [term, count] of counts) {
    words.set(term, { ...merge(parts.get(term) ?? []), wholeDocs: count.whole, allDocs: count.all })
  }
  return words
}

/** Postings of several segments as one ascending list. */
function merge (parts: ReadonlyArray<{ docs: Int32Array, frequencies: Uint32Array }>): { docs: Int32Array, frequencies: Uint32Array } {
  if (parts.length === 1 && isAscending(parts[0]!.docs)) return parts[0]!
  const order: Array<{ doc: number, part: number, i: number }> = []
  parts.forEach((part, p) => part.docs.forEach((doc, i) => order.push({ doc, part: p, i })))
  order.sort((a, b) => a.doc - b.doc)
  const docs = new Int32Array(order.length)
  const frequencies = new Uint32Array(order.length * FIELD_COUNT)
  order.forEach(({ doc, part, i }, n) => {
    docs[n] = doc
    frequencies.set(parts[part]!.frequencies.subarray(i * FIELD_COUNT, (i + 1) * FIELD_COUNT), n * FIELD_COUNT)
  })
  return { docs, frequencies }
}

function isAscending (docs: Int32Array): boolean {
  for (let i = 1; i < docs.length; i++) if (docs[i]! <= docs[i - 1]!) return false
  return true
}
