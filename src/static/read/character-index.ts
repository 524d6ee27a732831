import { splitScriptRuns } from '../../analysis/segment/script-runs.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { containsDoc } from '../../search/doc-scores.js'
import { ByteReader } from '../../indexing/segment/varint.js'

/** A character's documents: ascending, with the bits of the fields holding it. */
export interface CharacterDocs {
  docs: Int32Array
  masks: Uint8Array
}

/** A pair's documents in a run, with per document and field how often it occurs without overlapping itself (`counts[i * FIELD_COUNT + f]`). */
export interface PairDocs extends CharacterDocs {
  counts: Uint32Array
}

/** A pair's places: its documents, their field bits, and per document and field the positions (UTF-16 units, ascending). */
export interface PairPlaces extends CharacterDocs {
  positions: Array<Array<Int32Array | undefined>>
}

/** Decodes a character's documents (export/character-postings.ts wrote them). */
export function decodeCharacter (bytes: Uint8Array, start: number, end: number): CharacterDocs {
  const reader = new ByteReader(bytes, start, end)
  const docs: number[] = []
  const masks: number[] = []
  let doc = -1
  while (!reader.done) {
    doc += reader.readVarint()
    docs.push(doc)
    masks.push(reader.readByte())
  }
  return { docs: Int32Array.from(docs), masks: Uint8Array.from(masks) }
}

/** Decodes a pair's documents and counts. */
export function decodePairDocs (bytes: Uint8Array, start: number, end: number): PairDocs {
  const reader = new ByteReader(bytes, start, end)
  const docs: number[] = []
  const masks: number[] = []
  const counts: number[] = []
  let doc = -1
  while (!reader.done) {
    doc += reader.readVarint()
    const mask = reader.readByte()
    docs.push(doc)
    masks.push(mask)
    for (let f = 0; f < FIELD_COUNT; f++) counts.push((mask & (1 << f)) !== 0 ? reader.readVarint() : 0)
  }
  return { docs: Int32Array.from(docs), masks: Uint8Array.from(masks), counts: Uint32Array.from(counts) }
}

/** Decodes a pair's places. */
export function decodePair (bytes: Uint8Array, start: number, end: number): PairPlaces {
  const reader = new ByteReader(bytes, start, end)
  const docs: number[] = []
  const masks: number[] = []
  const positions: Array<Array<Int32Array | undefined>> = []
  let doc = -1
  while (!reader.done) {
    doc += reader.readVarint()
    const mask = reader.readByte()
    const fields: Array<Int32Array | undefined> = new Array(FIELD_COUNT)
    for (let f = 0; f < FIELD_COUNT; f++) {
      if ((mask & (1 << f)) === 0) continue
      const list = new Int32Array(reader.readVarint())
      let at = -1
      for (let i = 0; i < list.length; i++) list[i] = at += reader.readVarint()
      fields[f] = list
    }
    docs.push(doc)
    masks.push(mask)
    positions.push(fields)
  }
  return { docs: Int32Array.from(docs), masks: Uint8Array.from(masks), positions }
}

/**
 * How the character index answers a text (grep's answer): which characters' documents
 * and which pairs' places it reads, and where each pair must stand relative to the text's
 * start. A text of one character, or of two of one run, is their documents; any other is
 * found through the pairs of adjacent run characters that cover it (each pair at its
 * offset), exact unless the
 * text holds something the index does not place (punctuation, spaces, a character alone
 * between them): then the candidates are confirmed against the stored text.
 */
export interface TextPlan {
  /** The one character a text of one character is. */
  character?: string
  /** The one pair of a run a text of two characters is. */
  pair?: string
  /** Pairs with their offsets in the text (UTF-16 units). */
  pairs: Array<{ pair: string, offset: number }>
  /** Characters standing alone in the text, whose documents narrow the candidates. */
  alone: string[]
  /** The pairs and characters do not prove a match: confirm against the stored text. */
  confirm: boolean
  /**
   * For a text of one Han run of three characters or more: every pair of adjacent
   * characters of it, once. A document holding the text holds each as a pair of a run (the
   * character index's pair documents), so their intersection is a superset of its documents.
   */
  runPairs?: string[]
}

/** The plan of a normalized text; undefined when it has nothing the index holds (punctuation only). */
export function planText (text: string): TextPlan | undefined {
  const runs = splitScriptRuns(text)
  if (runs.length === 0) return undefined
  if (runs.length === 1 && runs[0]!.text === text) {
    const length = [...text].length
    if (length === 1) return { character: text, pairs: [], alone: [], confirm: false }
    if (length === 2) return { pair: text, pairs: [], alone: [], confirm: false }
  }
  // Runs that touch make one stretch of placed characters (2023年).
  const stretches: Array<{ text: string, start: number }> = []
  for (const run of runs) {
    const last = stretches[stretches.length - 1]
    if (last !== undefined && last.start + last.text.length === run.start) last.text += run.text
    else stretches.push({ text: run.text, start: run.start })
  }
  const covered = stretches.reduce((sum, stretch) => sum + stretch.text.length, 0) === text.length
  const plan: TextPlan = { pairs: [], alone: [], confirm: !covered }
  if (runs.length === 1 && runs[0]!.kind === 'han' && runs[0]!.text === text) {
    const chars = [...text]
    plan.runPairs = [...new Set(chars.slice(1).map((char, i) => chars[i]! + char))]
  }
  for (const stretch of stretches) {
    const chars = [...stretch.text]
    if (chars.length === 1) {
      plan.alone.push(chars[0]!)
      plan.confirm = true
      continue
    }
    const offsets: number[] = []
    let at = stretch.start
    for (const char of chars) {
      offsets.push(at)
      at += char.length
    }
    // Every second pair, and the last: each character is in one of them.
    const chosen = new Set<number>()
    for (let i = 0; i + 1 < chars.length; i += 2) chosen.add(i)
    chosen.add(chars.length - 2)
    for (const i of chosen) plan.pairs.push({ pair: chars[i]! + chars[i + 1]!, offset: offsets[i]! })
  }
  return plan
}

/**
 * The documents where every pair stands at its offset from one start, in one of the
 * masked fields (ascending): the text's documents, or (plan.confirm) its candidates.
 */
export function placePairs (plan: TextPlan, places: ReadonlyMap<string, PairPlaces>, mask: number): Int32Array {
  const [anchor, ...others] = plan.pairs
  if (anchor === undefined) return new Int32Array(0)
  const first = places.get(anchor.pair)!
  const rest = others.map(({ pair, offset }) => ({ places: places.get(pair)!, offset: offset - anchor.offset }))
  const found: number[] = []
  const cursors = rest.map(() => 0)
  for (let i = 0; i < first.docs.length; i++) {
    const doc = first.docs[i]!
    if ((first.masks[i]! & mask) === 0) continue
    const rows: Array<Array<Int32Array | undefined>> = []
    let present = true
    rest.forEach(({ places: other }, r) => {
      let c = cursors[r]!
      while (c < other.docs.length && other.docs[c]! < doc) c++
      cursors[r] = c
      if (c < other.docs.length && other.docs[c] === doc) rows.push(other.positions[c]!)
      else present = false
    })
    if (!present) continue
    if (standsInField(first.positions[i]!, rows, rest.map(({ offset }) => offset), mask)) found.push(doc)
  }
  return Int32Array.from(found)
}

function standsInField (anchor: ReadonlyArray<Int32Array | undefined>, rows: ReadonlyArray<ReadonlyArray<Int32Array | undefined>>, offsets: readonly number[], mask: number): boolean {
  for (let f = 0; f < FIELD_COUNT; f++) {
    const starts = anchor[f]
    if ((mask & (1 << f)) === 0 || starts === undefined) continue
    for (const start of starts) {
      if (rows.every((row, r) => row[f] !== undefined && containsDoc(row[f]!, start + offsets[r]!))) return true
    }
  }
  return false
}
