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
    const rows = new Map<number, Uint32Array>()
    for (const [field, frequencies] of data) {
      for (const [doc, frequency] of frequencies) {
        let row = rows.get(doc)
        if (row === undefined) rows.set(doc, row = new Uint32Array(FIELD_COUNT))
        row[field] = frequency
      }
    }
    const docs = Int32Array.from(rows.keys()).sort()
    const frequencies = new Uint32Array(docs.length * FIELD_COUNT)
    docs.forEach((doc, i) => { frequencies.set(rows.get(doc)!, i * FIELD_COUNT) })
    if (!docs.every(doc => fieldLength.has(doc))) return { docs, frequencies }
    const lengths = new Uint32Array(docs.length * FIELD_COUNT)
    docs.forEach((doc, i) => { lengths.set(fieldLength.get(doc)!.slice(0, FIELD_COUNT), i * FIELD_COUNT) })
    return { docs, frequencies, lengths }
  }
}
