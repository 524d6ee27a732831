import type { ByteWriter } from '../../indexing/segment/varint.js'
import type { CharacterPlace } from '../format.js'

/** One file of the character index: its number and bytes. */
export interface CharacterFile {
  number: number
  bytes: Uint8Array
}

/**
 * Packs the character index of terms (a character's documents, a pair's positions), in
 * the order given, into files of about `targetBytes` (a term with more is a file of its
 * own); `places` receives where each went. A query reads a file whole (a plain static
 * server has no ranges), so a small file wastes little of what it fetches.
 */
export function * characterFiles (terms: readonly string[], data: ReadonlyMap<string, ByteWriter>, targetBytes: number, places: Map<string, CharacterPlace>): Generator<CharacterFile> {
  let parts: Uint8Array[] = []
  let length = 0
  let number = 0
  const flush = (): CharacterFile => {
    const bytes = new Uint8Array(length)
    let at = 0
    for (const part of parts) {
      bytes.set(part, at)
      at += part.length
    }
    parts = []
    length = 0
    return { number: number++, bytes }
  }
  for (const term of terms) {
    const writer = data.get(term)
    if (writer === undefined) continue
    const bytes = writer.finish()
    if (length > 0 && length + bytes.length > targetBytes) yield flush()
    places.set(term, [number, length, length + bytes.length])
    parts.push(bytes)
    length += bytes.length
  }
  if (length > 0) yield flush()
}
