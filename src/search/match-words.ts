import type { SegmentedIndex } from '../indexing/segmented-index.js'
import type { WordPostingBuffers } from '../indexing/segment/segment.js'
import { FIELD_COUNT } from '../indexing/segment/segment-data.js'
import { TEXT_FIELDS } from '../types.js'
import { bm25, inverseDocumentFrequency } from './bm25.js'
import { type DocScores, NO_DOCS } from './doc-scores.js'
import { type QueryBudget, UNLIMITED_BUDGET } from './query-budget.js'
import { FIELD_BOOSTS } from './ranking-weights.js'

const BOOSTS = TEXT_FIELDS.map(field => FIELD_BOOSTS[field])

/**
 * The live documents that hold `word` as a word (a Jieba word, a dictionary subword of a
 * longer word, or an alphanumeric run) in one of `fieldMask`'s fields, scored by BM25+
 * per field with the field boosts, over the statistics of the whole index. When the
 * budget runs out, the segments not reached (or not decoded) yet are left out.
 */
export function matchWord (index: SegmentedIndex, word: string, fieldMask: number, budget: QueryBudget = UNLIMITED_BUDGET): DocScores {
  const found: Array<{ segment: number, rank: number }> = []
  let postings = 0
  index.segments.forEach((entry, segment) => {
    const rank = entry.segment.findTerm(word)
    if (rank < 0 || budget.spent()) return
    found.push({ segment, rank })
    postings += entry.segment.termDocs(rank)
  })
  if (postings === 0) return NO_DOCS

  const buffers: WordPostingBuffers = { docs: new Int32Array(postings), masks: new Uint8Array(postings), frequencies: new Uint32Array(postings * FIELD_COUNT) }
  const lengths = new Uint32Array(postings * FIELD_COUNT)
  const fieldDocs = new Float64Array(FIELD_COUNT)
  let n = 0
  for (const { segment, rank } of found) {
    if (budget.spent()) break
    const entry = index.segments[segment]!
    const start = n
    const end = entry.segment.decodeWordPostings(rank, buffers, start)
    // Keep live postings in a wanted field; renumber them globally; count per-field documents.
    for (let i = start; i < end; i++) {
      const doc = buffers.docs[i]!
      const mask = buffers.masks[i]! & fieldMask
      if (mask === 0 || entry.deleted?.[doc] === 1) continue
      buffers.docs[n] = entry.base + doc
      buffers.masks[n] = mask
      for (let f = 0; f < FIELD_COUNT; f++) {
        buffers.frequencies[n * FIELD_COUNT + f] = buffers.frequencies[i * FIELD_COUNT + f]!
        lengths[n * FIELD_COUNT + f] = entry.segment.fieldLength(doc, f)
        if ((mask & (1 << f)) !== 0) fieldDocs[f]!++
      }
      n++
    }
  }
  const total = index.size
  const idf = Array.from(fieldDocs, matching => inverseDocumentFrequency(matching, total))
  const averages = TEXT_FIELDS.map((_, f) => index.averageFieldLength(f))
  const scores = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let score = 0
    for (let f = 0; f < FIELD_COUNT; f++) {
      if ((buffers.masks[i]! & (1 << f)) === 0) continue
      score += BOOSTS[f]! * bm25(buffers.frequencies[i * FIELD_COUNT + f]!, idf[f]!, lengths[i * FIELD_COUNT + f]!, averages[f]!)
    }
    scores[i] = score
  }
  return { docs: buffers.docs.subarray(0, n), scores }
}
