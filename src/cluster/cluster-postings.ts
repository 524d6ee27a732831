import type { FieldMask, TermPostings } from '../searcher/backend.js'
import { TEXT_FIELDS } from '../types.js'
import type { DocumentNumbers } from './cluster-manifest.js'
import { FREQUENCY_PACKING, unpackFrequency } from './cluster-statements.js'

const FIELD_COUNT = TEXT_FIELDS.length

/** Postings being put together from the shards' rows, then sorted by document number. */
export class PostingsBuilder {
  private docs: number[] = []
  private weights: number[] = []
  private lengthsA: string[] = []
  private lengthsB: string[] = []
  private ids: string[] = []

  add (id: string, doc: number, weight: number, lengthsA: string, lengthsB: string): void {
    this.docs.push(doc)
    this.ids.push(id)
    this.weights.push(weight)
    this.lengthsA.push(lengthsA)
    this.lengthsB.push(lengthsB)
  }

  /** The postings; `saturated` gets the ids whose packed frequency reached a cap. */
  finish (mask: FieldMask, saturated: string[]): { postings: TermPostings, idOf: (i: number) => string } {
    const n = this.docs.length
    const order = Array.from({ length: n }, (_, i) => i)
    let sorted = true
    for (let i = 1; i < n && sorted; i++) sorted = this.docs[i - 1]! < this.docs[i]!
    if (!sorted) order.sort((a, b) => this.docs[a]! - this.docs[b]!)
    const docs = new Int32Array(n)
    const frequencies = new Uint32Array(n * FIELD_COUNT)
    const lengths = new Uint32Array(n * FIELD_COUNT)
    order.forEach((from, i) => {
      docs[i] = this.docs[from]!
      const weight = this.weights[from]!
      let capped = false
      for (let f = 0; f < FIELD_COUNT; f++) {
        if ((mask & (1 << f)) === 0) continue
        const frequency = unpackFrequency(weight, f)
        frequencies[i * FIELD_COUNT + f] = frequency
        if (frequency === FREQUENCY_PACKING[f]![1]) capped = true
      }
      if (capped) saturated.push(this.ids[from]!)
      const [title, body] = splitPair(this.lengthsA[from]!)
      const [kicker, byline] = splitPair(this.lengthsB[from]!)
      lengths[i * FIELD_COUNT] = title
      lengths[i * FIELD_COUNT + 1] = kicker
      lengths[i * FIELD_COUNT + 2] = byline
      lengths[i * FIELD_COUNT + 3] = body
    })
    return { postings: { docs, frequencies, lengths }, idOf: i => this.ids[order[i]!]! }
  }
}

/** A BIGINT `high * 2^32 + low` (decimal) as its two halves. */
function splitPair (value: string): [high: number, low: number] {
  if (value.length < 16) {
    const n = Number(value)
    return [Math.floor(n / 4294967296), n % 4294967296]
  }
  const n = BigInt(value)
  return [Number(n >> 32n), Number(n & 0xffffffffn)]
}

/** Sorted, distinct document numbers of id lists (ids of other generations left out). */
export function numbersOf (lists: readonly string[][], numbers: DocumentNumbers): Int32Array {
  const docs: number[] = []
  for (const ids of lists) {
    for (const id of ids) {
      const doc = numbers.number(id)
      if (doc >= 0) docs.push(doc)
    }
  }
  return Int32Array.from(docs).sort()
}

export function emptyPostings (): TermPostings {
  return { docs: new Int32Array(0), frequencies: new Uint32Array(0), lengths: new Uint32Array(0) }
}

