import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import { FIELD_COUNT, TEXT_FIELDS } from '../types.js'
import { bm25, inverseDocumentFrequency } from './bm25.js'
import type { DocScores } from './doc-scores.js'
import type { CollectionStats, FieldMask, PairCounts } from './postings.js'
import { topPositions } from './rank.js'
import { BIGRAM_WEIGHT, FIELD_BOOSTS } from './ranking-weights.js'

/** How many of the best documents the second pass looks at again (30 and 300 measured worse on DuReader train). */
export const RERANK_DEPTH = 100

const BOOSTS = TEXT_FIELDS.map(field => FIELD_BOOSTS[field])

/** What the rerank reads: the pair counts of its top documents, their corpus order, the collection's statistics. */
export interface RerankInputs {
  stats: CollectionStats
  pairCounts (pairs: readonly string[], docs: Int32Array, mask: FieldMask): Promise<PairCounts>
  compare (a: number, b: number): number
}

/**
 * A second pass over the best RERANK_DEPTH documents of a question (ties at the depth in
 * corpus order): each also scores BM25 over the question's character pairs (counted in
 * its normalized text, not overlapping), which rewards documents that use the question's
 * words as the question does, whichever way Jieba cut them. Pair document frequencies
 * are over the live documents of the whole index; a field's length is its words, as in
 * the first pass (its UTF-16 length measured the same on DuReader and CMRC, within 0.003
 * nDCG@10, and a static export then needs no second lengths file).
 */
export async function rerankByBigrams (scores: DocScores, phrase: string, mask: FieldMask, inputs: RerankInputs): Promise<DocScores> {
  const pairs = questionPairs(phrase)
  if (pairs.length === 0 || scores.docs.length === 0) return scores
  const top = topPositions(scores, RERANK_DEPTH, inputs.compare)
  const counts = await inputs.pairCounts(pairs, Int32Array.from(top, i => scores.docs[i]!), mask)
  const idf = counts.pairDocs.map(docs => inverseDocumentFrequency(docs, inputs.stats.documents))
  const averages = Array.from({ length: FIELD_COUNT }, (_, f) => {
    let sum = 0
    for (let t = 0; t < top.length; t++) sum += (mask & (1 << f)) !== 0 ? counts.lengths[t * FIELD_COUNT + f]! : 0
    return Math.max(1, sum / top.length)
  })
  const reranked = Float64Array.from(scores.scores)
  top.forEach((i, t) => {
    let extra = 0
    for (let f = 0; f < FIELD_COUNT; f++) {
      const length = counts.lengths[t * FIELD_COUNT + f]!
      if ((mask & (1 << f)) === 0 || length === 0) continue
      for (let p = 0; p < pairs.length; p++) {
        const frequency = counts.frequencies[(t * FIELD_COUNT + f) * pairs.length + p]!
        if (frequency > 0) extra += BOOSTS[f]! * bm25(frequency, idf[p]!, length, averages[f]!)
      }
    }
    reranked[i] = scores.scores[i]! + BIGRAM_WEIGHT * extra
  })
  return { docs: scores.docs, scores: reranked }
}

/** The distinct pairs of adjacent characters of the question's Han runs. */
export function questionPairs (phrase: string): string[] {
  const pairs = new Set<string>()
  for (const run of splitScriptRuns(phrase)) {
    if (run.kind !== 'han') continue
    const chars = [...run.text]
    for (let i = 1; i < chars.length; i++) pairs.add(chars[i - 1]! + chars[i]!)
  }
  return [...pairs]
}

/** Occurrences of a pair in a text, not overlapping (哈哈哈 holds 哈哈 once): what PairCounts counts. */
export function countPairs (text: string, pair: string): number {
  let count = 0
  for (let at = text.indexOf(pair); at >= 0; at = text.indexOf(pair, at + pair.length)) count++
  return count
}
