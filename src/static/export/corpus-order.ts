import type { DocumentAddress, SegmentedIndex } from '../../indexing/segmented-index.js'

/** The live documents of an index in corpus order, and the number each gets in the export. */
export interface ExportOrder {
  /** `documents[n]`: where export document n lives in the index. */
  documents: DocumentAddress[]
  /** The export number of a global document number of the index (-1 for a deleted one). */
  numberOf: Int32Array
}

/**
 * Numbers the live documents in corpus order (file, position in the file, id), the order
 * ranking ties are broken in: the export then compares two documents by their numbers.
 */
export function exportOrder (index: SegmentedIndex): ExportOrder {
  const documents = [...index.live()]
  const keyOf = ({ segment, doc }: DocumentAddress): { file: string, ordinal: number, id: string } => {
    const data = segment.segment.data
    return { file: data.values[data.fileValues[doc]!]!, ordinal: data.ordinals[doc]!, id: segment.segment.id(doc) }
  }
  const keys = new Map(documents.map(address => [address, keyOf(address)]))
  documents.sort((a, b) => {
    const x = keys.get(a)!
    const y = keys.get(b)!
    if (x.file !== y.file) return x.file < y.file ? -1 : 1
    if (x.ordinal !== y.ordinal) return x.ordinal - y.ordinal
    return x.id < y.id ? -1 : x.id > y.id ? 1 : 0
  })
  const numberOf = new Int32Array(index.capacity).fill(-1)
  documents.forEach(({ segment, doc }, n) => { numberOf[segment.base + doc] = n })
  return { documents, numberOf }
}
