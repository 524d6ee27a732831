import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { ByteReader } from '../../indexing/segment/varint.js'

/** A words file (format.ts: field by field), document by document. */
export function decodeLengths (bytes: Uint8Array): Uint32Array {
  const reader = new ByteReader(bytes)
  const values: number[] = []
  while (!reader.done) values.push(reader.readVarint())
  const documents = values.length / FIELD_COUNT
  const lengths = new Uint32Array(values.length)
  values.forEach((value, i) => { lengths[(i % documents) * FIELD_COUNT + Math.floor(i / documents)] = value })
  return lengths
}
