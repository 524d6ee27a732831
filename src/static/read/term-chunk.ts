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
    const rows = new Map<number, Uint32Array>()
    for (const [field, frequencies] of data) {
      for (const [local, frequency] of frequencies) {
        let row = rows.get(local)
        if (row === undefined) rows.set(local, row = new Uint32Array(FIELD_COUNT))
        row[field] = frequency
      }
    }
    const locals = [...rows.keys()].map(local => ({ local, doc: documentIds.get(local) as number })).sort((a, b) => a.doc - b.doc)
    const postings: ChunkPostings = { docs: new Int32Array(locals.length), frequencies: new Uint32Array(locals.length * FIELD_COUNT), lengths: new Uint32Array(locals.length * FIELD_COUNT) }
    locals.forEach(({ local, doc }, i) => {
      postings.docs[i] = doc
      postings.frequencies.set(rows.get(local)!, i * FIELD_COUNT)
      postings.lengths.set(fieldLength.get(local)!.slice(0, FIELD_COUNT), i * FIELD_COUNT)
    })
    return postings
  }
}
