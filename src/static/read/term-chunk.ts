import MiniSearch from 'minisearch'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { CHUNK_FIELDS } from '../format.js'

/** A word's postings as a chunk holds them: export documents ascending, frequencies per field. */
export interface ChunkPostings {
  docs: Int32Array
  /** `frequencies[i * FIELD_COUNT + f]`. */
  frequencies: Uint32Array
  /** `lengths[i * FIELD_COUNT + f]`: words in field f of `docs[i]`, where the chunk carries them (a rare word); else in the words files. */
  lengths?: Uint32Array
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
 * `_fieldLength`): its
 * public API ranks, but never tells a term's frequencies, which the query lifecycle ranks
 * with. A chunk's short ids are the documents' export numbers (term-chunks.ts).
 */
class ChunkReader extends MiniSearch {
  static postings (chunk: MiniSearch, word: string): ChunkPostings | undefined {
    const { _index: index, _fieldLength: fieldLength } = chunk as ChunkReader
    const data = index.get(word) as FieldTermData | undefined
    if (data === undefined) return undefined
    // A row per document, in flat arrays: a common word has a row for nearly every document
    // of the archive, and a small array per row was most of a query's garbage.
    const rowOf = new Map<number, number>()
    const rowDocs: number[] = []
    let rows: Uint32Array = new Uint32Array(64 * FIELD_COUNT)
    for (const [field, postings] of data) {
      for (const [doc, frequency] of postings) {
        let row = rowOf.get(doc)
        if (row === undefined) {
          row = rowDocs.length
          rowOf.set(doc, row)
          rowDocs.push(doc)
          if ((row + 1) * FIELD_COUNT > rows.length) rows = grown(rows)
        }
        rows[row * FIELD_COUNT + field] = frequency
      }
    }
    const docs = Int32Array.from(rowDocs).sort()
    const frequencies = new Uint32Array(docs.length * FIELD_COUNT)
    docs.forEach((doc, i) => {
      const row = rowOf.get(doc)!
      frequencies.set(rows.subarray(row * FIELD_COUNT, (row + 1) * FIELD_COUNT), i * FIELD_COUNT)
    })
    if (!docs.every(doc => fieldLength.has(doc))) return { docs, frequencies }
    const lengths = new Uint32Array(docs.length * FIELD_COUNT)
    docs.forEach((doc, i) => { lengths.set(fieldLength.get(doc)!.slice(0, FIELD_COUNT), i * FIELD_COUNT) })
    return { docs, frequencies, lengths }
  }
}

function grown (array: Uint32Array): Uint32Array {
  const bigger = new Uint32Array(array.length * 2)
  bigger.set(array)
  return bigger
}
