import { splitScriptRuns } from '../../analysis/segment/script-runs.js'
import { ByteWriter } from '../../indexing/segment/varint.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'

/**
 * The character index of an export, built from the documents' normalized text, in the
 * binary form query/character-index.ts reads:
 *
 * - each character of a run: the documents holding it, and in which fields (per document:
 *   the gap from the previous one, a byte of field bits);
 * - each pair of adjacent characters of a run: the documents holding it, as for a
 *   character, then in each of those fields how often it occurs without overlapping
 *   itself (哈哈 once in 哈哈哈), as the question rerank counts it;
 * - each pair of adjacent run characters (in a run, or across two runs that touch: 3年 of
 *   2023年): where it stands (per document: the gap, a byte of field bits, then per field
 *   the count and the gaps between positions, UTF-16 units from -1). Positions give the
 *   documents of any text of three characters or more exactly.
 */

/** A starting size for the many small writers (they double as they fill). */
const WRITER_CAPACITY = 16

export class CharacterPostingsBuilder {
  /** Documents and fields of each character, and of each pair of a run with its counts. */
  readonly characters = new Map<string, ByteWriter>()
  /** Positions of each pair of adjacent characters. */
  readonly positions = new Map<string, ByteWriter>()
  private readonly lastCharacterDoc = new Map<string, number>()
  private readonly lastPairDoc = new Map<string, number>()

  /** Adds document `doc` (ascending from one call to the next) with its normalized fields. */
  add (doc: number, fields: readonly string[]): void {
    const masks = new Map<string, number>()
    const places = new Map<string, number[][]>()
    const inRun = new Map<string, number[]>()
    fields.forEach((text, f) => { collectField(text, f, masks, places, inRun) })
    for (const [char, mask] of masks) {
      const writer = writerOf(this.characters, char)
      writer.writeVarint(doc - (this.lastCharacterDoc.get(char) ?? -1))
      this.lastCharacterDoc.set(char, doc)
      writer.writeByte(mask)
    }
    for (const [pair, counts] of inRun) {
      const writer = writerOf(this.characters, pair)
      writer.writeVarint(doc - (this.lastCharacterDoc.get(pair) ?? -1))
      this.lastCharacterDoc.set(pair, doc)
      writer.writeByte(maskOf(counts))
      for (const count of counts) if (count > 0) writer.writeVarint(count)
    }
    for (const [pair, perField] of places) {
      const writer = writerOf(this.positions, pair)
      writer.writeVarint(doc - (this.lastPairDoc.get(pair) ?? -1))
      this.lastPairDoc.set(pair, doc)
      writer.writeByte(maskOf(perField.map(list => list.length)))
      for (const list of perField) {
        if (list.length === 0) continue
        writer.writeVarint(list.length)
        let previous = -1
        for (const position of list) {
          writer.writeVarint(position - previous)
          previous = position
        }
      }
    }
  }
}

function writerOf (writers: Map<string, ByteWriter>, key: string): ByteWriter {
  let writer = writers.get(key)
  if (writer === undefined) writers.set(key, writer = new ByteWriter(WRITER_CAPACITY))
  return writer
}

function maskOf (perField: readonly number[]): number {
  let mask = 0
  perField.forEach((count, f) => { if (count > 0) mask |= 1 << f })
  return mask
}

/** The fields each character is in (bits), where each pair of adjacent run characters stands, and how often each pair of a run occurs. */
function collectField (text: string, f: number, masks: Map<string, number>, places: Map<string, number[][]>, inRun: Map<string, number[]>): void {
  const countedUntil = new Map<string, number>()
  const count = (pair: string, at: number): void => {
    // A pair counts where it does not overlap the one counted before.
    if (at < (countedUntil.get(pair) ?? 0)) return
    countedUntil.set(pair, at + pair.length)
    let counts = inRun.get(pair)
    if (counts === undefined) inRun.set(pair, counts = new Array<number>(FIELD_COUNT).fill(0))
    counts[f]!++
  }
  const place = (pair: string, at: number): void => {
    let perField = places.get(pair)
    if (perField === undefined) places.set(pair, perField = Array.from({ length: FIELD_COUNT }, () => []))
    perField[f]!.push(at)
  }
  let previous: { char: string, end: number } | undefined
  for (const run of splitScriptRuns(text)) {
    let at = run.start
    let last: string | undefined
    for (const char of run.text) {
      masks.set(char, (masks.get(char) ?? 0) | (1 << f))
      if (last !== undefined) {
        place(last + char, at - last.length)
        count(last + char, at - last.length)
      } else if (previous !== undefined && previous.end === at) place(previous.char + char, at - previous.char.length)
      last = char
      at += char.length
    }
    previous = last === undefined ? undefined : { char: last, end: at }
  }
}
