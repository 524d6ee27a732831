import MiniSearch from 'minisearch'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { CHUNK_FIELDS } from '../format.js'

/** A word's postings as a chunk holds them: export documents ascending, frequencies and lengths per field. */
export interface ChunkPostings {
  docs: Int32Array
  /** `frequencies[i * FIELD_COUNT + f]`. */
  frequencies: Uint32Array
  /** `lengths[i * FIELD_COUNT + f]`: words in field f of `docs[i]`. */
  lengths: Uint32Array
}

/** The options an export's chunks are loaded with (MiniSearch asks for the fields they were written with). */
export const CHUNK_OPTIONS = { fields: [...CHUNK_FIELDS] }

type FieldTermData = Map<number, Map<number, number>>

/** A term chunk, loaded. */
export interface TermChunk {
  /** The postings of a word of the chunk, in export numbers; undefined when the chunk does not hold it. */
  postings (word: string): ChunkPostings | undefined
}

/** Loads a term chunk's JSON with MiniSearch (`MiniSearch.loadJSON`). */
export function readTermChunk (json: string): TermChunk {
  const loaded = MiniSearch.loadJSON(json, CHUNK_OPTIONS)
  return { postings: word => ChunkReader.postings(loaded, word) }
}

/**
 * Reads a loaded chunk through the members MiniSearch gives its subclasses (`_index`,
 * `_documentIds`, `_fieldLength`): its public API ranks, but never tells a term's
 * frequencies, which the query lifecycle ranks with.
 */
class ChunkReader extends MiniSearch {
  static postings (chunk: MiniSearch, word: string): ChunkPostings | undefined {
    const { _index: index, _documentIds: documentIds, _fieldLength: fieldLength } = chunk as ChunkReader
    const data = index.get(word) as FieldTermData | undefined
    if (data === undefined) return undefined
    // A row per document, in flat arrays: a common word has a row for nearly every document
    // of the archive, and a small array per row was most of a query's garbage.
    const rowOf = new Map<number, number>()
    const locals: number[] = []
    let frequencies: Uint32Array = new Uint32Array(64 * FIELD_COUNT)
    for (const [field, postings] of data) {
      for (const [local, frequency] of postings) {
        let row = rowOf.get(local)
        if (row === undefined) {
          row = locals.length
          rowOf.set(local, row)
          locals.push(local)
          if ((row + 1) * FIELD_COUNT > frequencies.length) frequencies = grown(frequencies)
        }
        frequencies[row * FIELD_COUNT + field] = frequency
      }
    }
    const docsOfRows = locals.map(local => documentIds.get(local) as number)
    const order = Int32Array.from(locals.keys()).sort((a, b) => docsOfRows[a]! - docsOfRows[b]!)
    const postings: ChunkPostings = { docs: new Int32Array(locals.length), frequencies: new Uint32Array(locals.length * FIELD_COUNT), lengths: new Uint32Array(locals.length * FIELD_COUNT) }
    order.forEach((row, i) => {
      postings.docs[i] = docsOfRows[row]!
      postings.frequencies.set(frequencies.subarray(row * FIELD_COUNT, (row + 1) * FIELD_COUNT), i * FIELD_COUNT)
      const lengths = fieldLength.get(locals[row]!)!
      for (let f = 0; f < FIELD_COUNT; f++) postings.lengths[i * FIELD_COUNT + f] = lengths[f]!
    })
    return postings
  }
}

function grown (array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(array.length * 2)
  bigger.set(array)
  return bigger
}
