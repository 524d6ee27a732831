import { splitScriptRuns } from '../../analysis/segment/script-runs.js'
import { grow } from '../../collections/grow.js'
import { IntList } from '../../collections/int-list.js'
import { bucketEvents } from '../../collections/bucket-events.js'
import { GramTable } from './gram-table.js'
import type { SegmentData } from './segment-data.js'
import { ByteWriter } from './varint.js'

/**
 * The gram side of a segment build: every character and pair of adjacent characters of a
 * script run (a gram) with the documents that hold it, gathered as (gram, document) events
 * and written out as sorted keys with varint document lists.
 */
export class GramPostingsBuilder {
  private readonly grams = new GramTable()
  private gramLastDoc = new Int32Array(4096).fill(-1)
  private readonly gramEventIds = new IntList(1 << 16)
  private readonly gramEventDocs = new IntList(1 << 16)

  /** The grams of every script run of a normalized text (the same as forEachGramKey gives). */
  add (text: string, doc: number): void {
    for (const run of splitScriptRuns(text)) {
      let previous = -1
      for (let i = 0; i < run.text.length; i++) {
        const code = run.text.codePointAt(i)!
        if (code > 0xffff) i++
        this.addGram(this.grams.unigram(code), doc)
        if (previous >= 0) this.addGram(this.grams.bigram(previous, code), doc)
        previous = code
      }
    }
  }

  private addGram (id: number, doc: number): void {
    this.gramLastDoc = grow(this.gramLastDoc, id + 1, -1)
    if (this.gramLastDoc[id] === doc) return
    this.gramLastDoc[id] = doc
    this.gramEventIds.push(id)
    this.gramEventDocs.push(doc)
  }

  /** The gram postings, keys in ascending order. */
  finish (): Pick<SegmentData, 'gramKeys' | 'gramPostings' | 'gramDocs' | 'gramBytes'> {
    const count = this.grams.size
    const keys = new Float64Array(count)
    for (let id = 0; id < count; id++) keys[id] = this.grams.key(id)
    const order = sortedOrder(keys)
    const gramKeys = new Float64Array(count)
    const events = bucketEvents(this.gramEventIds.view(), count)
    const gramPostings = new Uint32Array(gramKeys.length + 1)
    const gramDocs = new Uint32Array(gramKeys.length)
    const bytes = new ByteWriter()
    const docs = this.gramEventDocs.view()
    for (let rank = 0; rank < count; rank++) {
      const id = order[rank]!
      gramKeys[rank] = keys[id]!
      gramPostings[rank] = bytes.length
      let previous = -1
      for (let e = events.starts[id]!; e < events.starts[id + 1]!; e++) {
        const doc = docs[events.order[e]!]!
        bytes.writeVarint(doc - previous)
        previous = doc
      }
      gramDocs[rank] = events.starts[id + 1]! - events.starts[id]!
    }
    gramPostings[gramKeys.length] = bytes.length
    return { gramKeys, gramPostings, gramDocs, gramBytes: bytes.finish() }
  }
}

/** The indexes of `keys` in ascending order of their keys (distinct keys). */
function sortedOrder (keys: Float64Array): Uint32Array {
  const sorted = keys.slice().sort()
  const rankOf = new Map<number, number>()
  sorted.forEach((key, rank) => rankOf.set(key, rank))
  const order = new Uint32Array(keys.length)
  keys.forEach((key, id) => { order[rankOf.get(key)!] = id })
  return order
}

