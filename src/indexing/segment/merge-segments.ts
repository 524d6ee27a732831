import { IntList } from '../../collections/int-list.js'
import { appendPinyinTables, pinyinOfSegments } from './pinyin-tables.js'
import { FIELD_BITS, FIELD_COUNT, FIELD_END, type SegmentData } from './segment-data.js'
import type { Segment, WordPostingBuffers } from './segment.js'
import { ByteWriter } from './varint.js'

/** A segment to merge and the documents deleted from it. */
export interface MergeInput {
  segment: Segment
  deleted: Uint8Array | undefined
}

/**
 * One segment holding the live documents of `inputs`, in their order: texts and stored
 * fields copied, postings decoded, renumbered and encoded again. No text is analyzed
 * again, so a merge costs a fraction of a build (as in Lucene).
 */
export function mergeSegments (inputs: readonly MergeInput[]): SegmentData {
  const docMaps = inputs.map(input => numberLiveDocuments(input))
  let next = 0
  for (const map of docMaps) {
    for (let doc = 0; doc < map.length; doc++) if (map[doc]! >= 0) map[doc]! += next
    next += countLive(map)
  }
  const stored = copyDocuments(inputs, docMaps)
  const words = mergeWords(inputs, docMaps)
  const grams = mergeGrams(inputs, docMaps)
  const termBase = stored.text.length
  const termStarts = words.termStarts.map(start => start + termBase)
  // Rebuilt from the merged dictionary, as a build of the same documents would make them
  // (a word whose documents were all deleted goes), with the pinyin the segments hold:
  // every word comes from a segment whose build gave it pinyin if it has any, so
  // pinyin-pro never runs in a merge.
  const known = pinyinOfSegments(inputs.map(input => input.segment))
  const pinyin = appendPinyinTables({ text: stored.text + words.text, termStarts }, term => known.get(term))
  return {
    ...stored,
    docCount: next,
    termStarts,
    termPostings: words.termPostings,
    termDocs: words.termDocs,
    termWholeDocs: words.termWholeDocs,
    wordPostings: words.wordPostings,
    ...pinyin,
    ...grams,
  }
}

function numberLiveDocuments ({ segment, deleted }: MergeInput): Int32Array {
  const map = new Int32Array(segment.docCount)
  let live = 0
  for (let doc = 0; doc < segment.docCount; doc++) map[doc] = deleted?.[doc] === 1 ? -1 : live++
  return map
}

function countLive (map: Int32Array): number {
  let live = 0
  for (const value of map) if (value >= 0) live++
  return live
}

type StoredPart = Omit<SegmentData, 'docCount' | 'termStarts' | 'termPostings' | 'termDocs' | 'termWholeDocs' | 'wordPostings' | 'pinyinStarts' | 'pinyinTerms' | 'initialsStarts' | 'initialsTerms' | 'gramKeys' | 'gramPostings' | 'gramDocs' | 'gramBytes'>

/** Texts, patches and stored fields of the live documents, in one new string. */
function copyDocuments (inputs: readonly MergeInput[], docMaps: readonly Int32Array[]): StoredPart {
  const fieldParts: string[] = []
  const originalParts: string[] = []
  const stored = { id: { parts: [] as string[], length: 0 }, date: { parts: [] as string[], length: 0 }, meta: { parts: [] as string[], length: 0 } }
  let fieldLength = 0
  let originalLength = 0
  const lists = {
    fieldStarts: new IntList(), fieldLengths: new IntList(), patchStarts: new IntList(), patchEnds: new IntList(), patchOriginals: new IntList(),
    idStarts: new IntList(), dateStarts: new IntList(), metaStarts: new IntList(), peopleStarts: new IntList(), peopleValues: new IntList(),
    sourceValues: new IntList(), fileValues: new IntList(), ordinals: new IntList(),
  }
  const values: string[] = []
  const valueIds = new Map<string, number>()
  const value = (text: string): number => {
    let id = valueIds.get(text)
    if (id === undefined) {
      id = values.length
      values.push(text)
      valueIds.set(text, id)
    }
    return id
  }
  const store = (list: IntList, region: { parts: string[], length: number }, text: string): void => {
    list.push(region.length)
    region.parts.push(text)
    region.length += text.length
  }
  inputs.forEach(({ segment }, part) => {
    const data = segment.data
    for (let doc = 0; doc < segment.docCount; doc++) {
      if (docMaps[part]![doc]! < 0) continue
      for (let f = 0; f < FIELD_COUNT; f++) {
        const start = fieldLength
        lists.fieldStarts.push(start)
        lists.fieldLengths.push(segment.fieldLength(doc, f))
        const text = segment.fieldText(doc, f) + FIELD_END
        fieldParts.push(text)
        fieldLength += text.length
        for (const patch of segment.fieldPatches(doc, f)) {
          lists.patchStarts.push(start + patch.start)
          lists.patchEnds.push(start + patch.end)
          lists.patchOriginals.push(originalLength)
          originalParts.push(patch.original)
          originalLength += patch.original.length
        }
      }
      store(lists.idStarts, stored.id, segment.id(doc))
      store(lists.dateStarts, stored.date, segment.date(doc))
      store(lists.metaStarts, stored.meta, data.text.slice(data.metaStarts[doc]!, data.metaStarts[doc + 1]!))
      lists.peopleStarts.push(lists.peopleValues.length)
      for (let p = data.peopleStarts[doc]!; p < data.peopleStarts[doc + 1]!; p++) lists.peopleValues.push(value(data.values[data.peopleValues[p]!]!))
      const source = data.sourceValues[doc]!
      lists.sourceValues.push(source < 0 ? -1 : value(data.values[source]!))
      lists.fileValues.push(value(data.values[data.fileValues[doc]!]!))
      lists.ordinals.push(data.ordinals[doc]!)
    }
  })
  lists.fieldStarts.push(fieldLength)
  lists.patchOriginals.push(originalLength)
  lists.idStarts.push(stored.id.length)
  lists.dateStarts.push(stored.date.length)
  lists.metaStarts.push(stored.meta.length)
  lists.peopleStarts.push(lists.peopleValues.length)
  const originalBase = fieldLength
  const idBase = originalBase + originalLength
  const dateBase = idBase + stored.id.length
  const metaBase = dateBase + stored.date.length
  const shifted = (list: IntList, base: number): Uint32Array => new Uint32Array(list.view()).map(value => value + base)
  return {
    text: fieldParts.join('') + originalParts.join('') + stored.id.parts.join('') + stored.date.parts.join('') + stored.meta.parts.join(''),
    fieldStarts: shifted(lists.fieldStarts, 0),
    fieldLengths: shifted(lists.fieldLengths, 0),
    patchStarts: shifted(lists.patchStarts, 0),
    patchEnds: shifted(lists.patchEnds, 0),
    patchOriginals: shifted(lists.patchOriginals, originalBase),
    idStarts: shifted(lists.idStarts, idBase),
    dateStarts: shifted(lists.dateStarts, dateBase),
    metaStarts: shifted(lists.metaStarts, metaBase),
    peopleStarts: shifted(lists.peopleStarts, 0),
    peopleValues: shifted(lists.peopleValues, 0),
    sourceValues: Int32Array.from(lists.sourceValues.view()),
    fileValues: shifted(lists.fileValues, 0),
    ordinals: shifted(lists.ordinals, 0),
    values,
  }
}

/** The union of the word dictionaries, each term's postings renumbered and concatenated. */
function mergeWords (inputs: readonly MergeInput[], docMaps: readonly Int32Array[]): Pick<SegmentData, 'termStarts' | 'termPostings' | 'termDocs' | 'termWholeDocs' | 'wordPostings' | 'text'> {
  const where = new Map<string, number[]>()
  inputs.forEach(({ segment }, part) => {
    for (let rank = 0; rank < segment.data.termDocs.length; rank++) {
      const term = segment.term(rank)
      const list = where.get(term)
      if (list === undefined) where.set(term, [part, rank])
      else list.push(part, rank)
    }
  })
  const terms = [...where.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const termStarts = new IntList()
  const termPostings = new IntList()
  const termDocs = new IntList()
  const termWholeDocs = new IntList()
  const postings = new ByteWriter()
  const textParts: string[] = []
  let textLength = 0
  let buffers = postingBuffers(1024)
  for (const term of terms) {
    const start = postings.length
    let docs = 0
    let wholeDocs = 0
    let previous = -1
    const list = where.get(term)!
    for (let i = 0; i < list.length; i += 2) {
      const part = list[i]!
      const segment = inputs[part]!.segment
      const rank = list[i + 1]!
      if (segment.termDocs(rank) > buffers.docs.length) buffers = postingBuffers(segment.termDocs(rank))
      const count = segment.decodeWordPostings(rank, buffers, 0)
      for (let p = 0; p < count; p++) {
        const mapped = docMaps[part]![buffers.docs[p]!]!
        if (mapped < 0) continue
        const mask = buffers.masks[p]!
        postings.writeVarint(mapped - previous)
        previous = mapped
        postings.writeByte(mask)
        for (let f = 0; f < FIELD_COUNT; f++) if ((mask & (1 << f)) !== 0) postings.writeVarint(buffers.frequencies[p * FIELD_COUNT + f]!)
        docs++
        if ((mask & ~FIELD_BITS) !== 0) wholeDocs++
      }
    }
    if (docs === 0) {
      // Every document holding the term was deleted: drop it.
      postings.length = start
      continue
    }
    termStarts.push(textLength)
    textParts.push(term)
    textLength += term.length
    termPostings.push(start)
    termDocs.push(docs)
    termWholeDocs.push(wholeDocs)
  }
  termStarts.push(textLength)
  termPostings.push(postings.length)
  return {
    text: textParts.join(''),
    termStarts: new Uint32Array(termStarts.view()),
    termPostings: new Uint32Array(termPostings.view()),
    termDocs: new Uint32Array(termDocs.view()),
    termWholeDocs: new Uint32Array(termWholeDocs.view()),
    wordPostings: postings.finish(),
  }
}

function postingBuffers (capacity: number): WordPostingBuffers {
  return { docs: new Int32Array(capacity), masks: new Uint8Array(capacity), frequencies: new Uint32Array(capacity * FIELD_COUNT) }
}

/** The union of the character indexes, each gram's postings renumbered and concatenated. */
function mergeGrams (inputs: readonly MergeInput[], docMaps: readonly Int32Array[]): Pick<SegmentData, 'gramKeys' | 'gramPostings' | 'gramDocs' | 'gramBytes'> {
  const keys = new Set<number>()
  for (const { segment } of inputs) for (const key of segment.data.gramKeys) keys.add(key)
  const sorted = Float64Array.from(keys).sort()
  const kept: number[] = []
  const gramPostings = new IntList()
  const gramDocs = new IntList()
  const bytes = new ByteWriter()
  for (const key of sorted) {
    const start = bytes.length
    let previous = -1
    let docs = 0
    inputs.forEach(({ segment }, part) => {
      const rank = segment.findGram(key)
      if (rank < 0) return
      for (const doc of segment.decodeGram(rank)) {
        const mapped = docMaps[part]![doc]!
        if (mapped < 0) continue
        bytes.writeVarint(mapped - previous)
        previous = mapped
        docs++
      }
    })
    if (docs === 0) {
      bytes.length = start
      continue
    }
    kept.push(key)
    gramPostings.push(start)
    gramDocs.push(docs)
  }
  gramPostings.push(bytes.length)
  return {
    gramKeys: Float64Array.from(kept),
    gramPostings: new Uint32Array(gramPostings.view()),
    gramDocs: new Uint32Array(gramDocs.view()),
    gramBytes: bytes.finish(),
  }
}
