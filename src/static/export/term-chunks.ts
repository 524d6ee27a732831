import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { CHUNK_FIELDS } from '../format.js'
import type { WordPostings } from './word-postings.js'

/** What one term contributes to a chunk: its postings in each chunk field, as (document, frequency) pairs. */
type TermFields = Array<Array<[doc: number, frequency: number]>>

/**
 * The collection's statistics every chunk is written with. A document's field lengths are
 * not in the chunks: written once per document in the lengths files (format.ts), they cost a
 * query on a common word a tenth of what every chunk's copy of them did (新闻: 233 KB → 48 KB).
 */
export interface ChunkStatistics {
  documents: number
  /** Average words of each text field. */
  averageLengths: readonly number[]
  /** `lengths[doc * FIELD_COUNT + f]`: words in field f of a document (a rare word's chunk carries those of its documents). */
  lengths: Uint32Array
}

/**
 * A word in at most this many documents carries their field lengths in its chunk: a query
 * on it then needs no words file (43 KB for all the news items, 9 KB for each 4,096), and
 * its lengths cost less there (about 7 bytes a document, compressed) than the files would.
 */
export const INLINE_LENGTH_DOCUMENTS = 1_500

/** A written chunk: its number and its JSON. */
export interface TermChunk {
  number: number
  json: string
  terms: string[]
}

const FIELD_IDS = Object.fromEntries(CHUNK_FIELDS.map((field, id) => [field, id]))
const CHUNK_FIELD_COUNT = CHUNK_FIELDS.length

/**
 * Packs words, in the order given, into MiniSearch JSON chunks of about `targetBytes`
 * each (a word larger than that is a chunk of its own): each chunk holds the complete
 * postings of its words under the export numbers of their documents as MiniSearch's short
 * ids, with the collection's size and average lengths. `documentIds` is empty (the short id
 * is the document); `fieldLength` has the lengths of the documents of its rare words
 * (INLINE_LENGTH_DOCUMENTS), the others' are in the words files.
 */
export function * termChunks (terms: readonly string[], words: ReadonlyMap<string, WordPostings>, statistics: ChunkStatistics, targetBytes: number): Generator<TermChunk> {
  let chunk = new ChunkBuilder(statistics)
  let number = 0
  for (const term of terms) {
    const fields = termFields(words.get(term))
    if (fields === undefined) continue
    if (!chunk.empty && chunk.bytes + chunk.cost(term, fields) > targetBytes) {
      yield { number: number++, json: chunk.json(), terms: chunk.terms }
      chunk = new ChunkBuilder(statistics)
    }
    chunk.add(term, fields)
  }
  if (!chunk.empty) yield { number, json: chunk.json(), terms: chunk.terms }
}

/** A word's postings per field; undefined when it has none (no live document holds it). */
function termFields (word: WordPostings | undefined): TermFields | undefined {
  if (word === undefined || word.docs.length === 0) return undefined
  const fields: TermFields = Array.from({ length: CHUNK_FIELD_COUNT }, () => [])
  word.docs.forEach((doc, i) => {
    for (let f = 0; f < FIELD_COUNT; f++) {
      const frequency = word.frequencies[i * FIELD_COUNT + f]!
      if (frequency > 0) fields[f]!.push([doc, frequency])
    }
  })
  return fields
}

class ChunkBuilder {
  readonly terms: string[] = []
  private readonly entries: string[] = []
  /** Documents whose lengths the chunk carries. */
  private readonly inline = new Set<number>()
  bytes = 200

  constructor (private readonly statistics: ChunkStatistics) {}

  get empty (): boolean {
    return this.terms.length === 0
  }

  /** About how many bytes adding the term would add. */
  cost (term: string, fields: TermFields): number {
    let bytes = term.length * 3 + 8
    for (const postings of fields) {
      if (postings.length === 0) continue
      bytes += 6
      for (const [doc, frequency] of postings) bytes += digits(doc) + digits(frequency) + 4
    }
    for (const doc of this.newInline(fields)) bytes += this.lengthBytes(doc)
    return bytes
  }

  /** The documents of a rare word whose lengths the chunk does not carry yet. */
  private newInline (fields: TermFields): Set<number> {
    const docs = new Set<number>()
    for (const postings of fields) for (const [doc] of postings) docs.add(doc)
    if (docs.size > INLINE_LENGTH_DOCUMENTS) return new Set()
    for (const doc of this.inline) docs.delete(doc)
    return docs
  }

  private lengthBytes (doc: number): number {
    let bytes = digits(doc) + 6
    for (let f = 0; f < CHUNK_FIELD_COUNT; f++) bytes += digits(this.statistics.lengths[doc * CHUNK_FIELD_COUNT + f]!) + 1
    return bytes
  }

  add (term: string, fields: TermFields): void {
    this.bytes += this.cost(term, fields)
    for (const doc of this.newInline(fields)) this.inline.add(doc)
    const data: Record<string, Record<string, number>> = {}
    fields.forEach((postings, f) => {
      if (postings.length === 0) return
      const entry: Record<string, number> = {}
      for (const [doc, frequency] of postings) entry[doc] = frequency
      data[f] = entry
    })
    this.terms.push(term)
    this.entries.push(JSON.stringify([term, data]))
  }

  json (): string {
    const { documents, averageLengths, lengths } = this.statistics
    const fieldLength = [...this.inline].sort((a, b) => a - b).map(doc => `"${doc}":[${Array.from(lengths.subarray(doc * CHUNK_FIELD_COUNT, (doc + 1) * CHUNK_FIELD_COUNT)).join(',')}]`).join(',')
    return `{"documentCount":${documents},"nextId":${documents},"documentIds":{},"fieldIds":${JSON.stringify(FIELD_IDS)},"fieldLength":{${fieldLength}},"averageFieldLength":${JSON.stringify(averageLengths)},"storedFields":{},"dirtCount":0,"index":[${this.entries.join(',')}],"serializationVersion":2}`
  }
}

function digits (value: number): number {
  return value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : String(value).length
}
