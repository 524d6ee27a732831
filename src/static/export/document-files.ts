import type { DocumentAddress } from '../../indexing/segmented-index.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { type AttributeChunk, bucketOf, type PinyinBucket, pinyinKey, type StoredChunk, type StoredEntry, type WordCount } from '../format.js'
import type { WordPostings } from './word-postings.js'
import type { SegmentedIndex } from '../../indexing/segmented-index.js'

/** A document's stored fields as the export writes them. */
export function storedEntry ({ segment, doc }: DocumentAddress): StoredEntry {
  const fields = Array.from({ length: FIELD_COUNT }, (_, f): StoredEntry['fields'][number] => [
    segment.segment.fieldText(doc, f),
    segment.segment.fieldPatches(doc, f).map(patch => [patch.start, patch.end, patch.original]),
  ])
  return { id: segment.segment.id(doc), fields, metadata: segment.segment.metadata(doc) }
}

/** The stored chunks: `size` consecutive documents each. */
export function * storedChunks (documents: readonly DocumentAddress[], size: number): Generator<{ number: number, chunk: StoredChunk }> {
  for (let first = 0; first < documents.length; first += size) {
    yield { number: first / size, chunk: { first, documents: documents.slice(first, first + size).map(storedEntry) } }
  }
}

/** How many documents make a stored chunk of about `targetBytes`. */
export function storedChunkSize (documents: readonly DocumentAddress[], targetBytes: number): number {
  if (documents.length === 0) return 1
  const sample = documents.filter((_, i) => i % Math.max(1, Math.floor(documents.length / 500)) === 0)
  const bytes = sample.reduce((sum, address) => sum + new TextEncoder().encode(JSON.stringify(storedEntry(address))).length, 0) / sample.length
  return Math.max(1, Math.round(targetBytes / bytes))
}

/** Article id → export number, in `count` buckets. */
export function idBuckets (documents: readonly DocumentAddress[], count: number): Array<Record<string, number>> {
  const buckets = Array.from({ length: count }, (): Record<string, number> => ({}))
  documents.forEach(({ segment, doc }, n) => {
    const id = segment.segment.id(doc)
    buckets[bucketOf(id, count)]![id] = n
  })
  return buckets
}

/** People, sources and dates of consecutive documents, and the values they name. */
export function attributeChunks (documents: readonly DocumentAddress[], size: number): { values: string[], chunks: AttributeChunk[], has: { people: boolean, sources: boolean, dates: boolean } } {
  const values: string[] = []
  const numbers = new Map<string, number>()
  const numberOf = (value: string): number => {
    let number = numbers.get(value)
    if (number === undefined) {
      number = values.length
      numbers.set(value, number)
      values.push(value)
    }
    return number
  }
  const has = { people: false, sources: false, dates: false }
  const chunks: AttributeChunk[] = []
  for (let first = 0; first < documents.length; first += size) {
    const people: number[][] = []
    const sources: number[] = []
    const dates: string[] = []
    for (const { segment, doc } of documents.slice(first, first + size)) {
      const data = segment.segment.data
      const names: number[] = []
      for (let p = data.peopleStarts[doc]!; p < data.peopleStarts[doc + 1]!; p++) names.push(numberOf(data.values[data.peopleValues[p]!]!))
      people.push(names)
      const source = data.sourceValues[doc]!
      sources.push(source < 0 ? -1 : numberOf(data.values[source]!))
      dates.push(segment.segment.date(doc))
      has.people ||= names.length > 0
      has.sources ||= source >= 0
      has.dates ||= dates[dates.length - 1] !== ''
    }
    chunks.push({ first, people, sources, dates })
  }
  for (const chunk of chunks) {
    if (!has.people) delete chunk.people
    if (!has.sources) delete chunk.sources
    if (!has.dates) delete chunk.dates
  }
  return { values, chunks, has }
}

/** The pinyin tables of the index by the first two letters of their keys, in `count` buckets. */
export function pinyinBuckets (index: SegmentedIndex, words: ReadonlyMap<string, WordPostings>, count: number): PinyinBucket[] {
  const buckets = Array.from({ length: count }, (): PinyinBucket => ({ full: {}, initials: {} }))
  for (const kind of ['full', 'initials'] as const) {
    const spelled = new Map<string, Set<string>>()
    for (const { segment } of index.segments) {
      for (let entry = 0; entry < segment.pinyinCount(kind); entry++) {
        const key = segment.pinyinKey(kind, entry)
        const set = spelled.get(key) ?? new Set()
        set.add(segment.term(segment.pinyinTerm(kind, entry)))
        spelled.set(key, set)
      }
    }
    for (const [key, set] of spelled) {
      const list: WordCount[] = [...set].map(word => [word, words.get(word)?.wholeDocs ?? 0, words.get(word)?.allDocs ?? 0])
      buckets[bucketOf(pinyinKey(key), count)]![kind][key] = list
    }
  }
  return buckets
}

/** Entries in the pinyin tables of an index (to size its buckets). */
export function pinyinEntries (index: SegmentedIndex): number {
  return index.segments.reduce((sum, { segment }) => sum + segment.pinyinCount('full') + segment.pinyinCount('initials'), 0)
}
