import { grow } from '../../collections/grow.js'
import { GRAM_KEY_BASE } from '../../analysis/analyzer.js'

/**
 * Numbers a segment's character grams densely while it is built: characters get small
 * ids from a direct table, pairs of ids a slot in an open-addressing hash table of
 * integers. A Map keyed by the grams' 42-bit keys (doubles, not small integers) was most
 * of a segment build's time.
 */
export class GramTable {
  private readonly charIds = new Int32Array(0x110000).fill(-1)
  private readonly chars: number[] = []
  private slots = new Int32Array(1 << 16).fill(-1)
  /** First character id of each gram, and second (-1 for a single character). */
  private firsts = new Int32Array(1 << 14)
  private seconds = new Int32Array(1 << 14)
  size = 0

  /** The id of a single character's gram. */
  unigram (code: number): number {
    return this.lookup(this.charId(code), -1)
  }

  /** The id of a pair of characters' gram. */
  bigram (first: number, second: number): number {
    return this.lookup(this.charId(first), this.charId(second))
  }

  /** The key of gram `id` (see forEachGramKey). */
  key (id: number): number {
    const first = this.chars[this.firsts[id]!]!
    const second = this.seconds[id]!
    return first * GRAM_KEY_BASE + (second < 0 ? 0 : this.chars[second]!)
  }

  private charId (code: number): number {
    let id = this.charIds[code]!
    if (id < 0) {
      id = this.chars.length
      this.chars.push(code)
      this.charIds[code] = id
    }
    return id
  }

  private lookup (first: number, second: number): number {
    const mask = this.slots.length - 1
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 1, 0x85ebca6b)) & mask
    for (;;) {
      const gram = this.slots[slot]!
      if (gram < 0) break
      if (this.firsts[gram] === first && this.seconds[gram] === second) return gram
      slot = (slot + 1) & mask
    }
    const id = this.size++
    this.firsts = grow(this.firsts, id + 1)
    this.seconds = grow(this.seconds, id + 1)
    this.firsts[id] = first
    this.seconds[id] = second
    this.slots[slot] = id
    if (this.size * 2 > this.slots.length) this.rehash()
    return id
  }

  private rehash (): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1)
    const mask = this.slots.length - 1
    for (let id = 0; id < this.size; id++) {
      let slot = (Math.imul(this.firsts[id]!, 0x9e3779b1) ^ Math.imul(this.seconds[id]! + 1, 0x85ebca6b)) & mask
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask
      this.slots[slot] = id
    }
  }
}
