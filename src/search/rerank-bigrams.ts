import { GRAM_KEY_BASE } from '../analysis/analyzer.js'
import { splitScriptRuns } from '../analysis/segment/script-runs.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { FIELD_COUNT } from '../indexing/segment/segment-data.js'
import { TEXT_FIELDS } from '../types.js'
import { bm25, inverseDocumentFrequency } from './bm25.js'
import type { DocScores } from './doc-scores.js'
import { corpusOrder } from './rank.js'
import { FIELD_BOOSTS } from './ranking-weights.js'

/** How many of the best documents the second pass looks at again (30 and 300 measured worse on DuReader train). */
export const RERANK_DEPTH = 100

/** How much the character-pair score counts next to the word score (tuned on DuReader train: 0.3 and 0.7 measured worse). */
export const BIGRAM_WEIGHT = 0.5

const BOOSTS = TEXT_FIELDS.map(field => FIELD_BOOSTS[field])

/**
 * A second pass over the best RERANK_DEPTH documents of a question: each also scores
 * BM25 over the question's character pairs (counted in the stored text), which rewards
 * documents that use the question's words as the question does, whichever way Jieba cut
 * them. The pairs' document frequencies come from the character index.
 */
export function rerankByBigrams (scores: DocScores, phrase: string, index: SegmentedIndex, fieldMask: number): DocScores {
  const pairs = questionPairs(phrase)
  if (pairs.length === 0 || scores.docs.length === 0) return scores
  const top = topPositions(scores, index, RERANK_DEPTH)
  const idf = pairs.map(pair => inverseDocumentFrequency(pairDocs(index, pair), index.size))
  const texts = top.map(i => {
    const { segment, doc } = index.locate(scores.docs[i]!)
    return Array.from({ length: FIELD_COUNT }, (_, f) => ((fieldMask & (1 << f)) !== 0 ? segment.segment.fieldText(doc, f) : ''))
  })
  const averages = Array.from({ length: FIELD_COUNT }, (_, f) => Math.max(1, texts.reduce((sum, fields) => sum + fields[f]!.length, 0) / texts.length))
  const reranked = Float64Array.from(scores.scores)
  top.forEach((i, t) => {
    let extra = 0
    texts[t]!.forEach((text, f) => {
      if (text === '') return
      pairs.forEach((pair, p) => {
        const frequency = countOccurrences(text, pair)
        if (frequency > 0) extra += BOOSTS[f]! * bm25(frequency, idf[p]!, text.length, averages[f]!)
      })
    })
    reranked[i] = scores.scores[i]! + BIGRAM_WEIGHT * extra
  })
  return { docs: scores.docs, scores: reranked }
}

/** The distinct pairs of adjacent characters of the question's Han runs. */
function questionPairs (phrase: string): string[] {
  const pairs = new Set<string>()
  for (const run of splitScriptRuns(phrase)) {
    if (run.kind !== 'han') continue
    const chars = [...run.text]
    for (let i = 1; i < chars.length; i++) pairs.add(chars[i - 1]! + chars[i]!)
  }
  return [...pairs]
}

function pairDocs (index: SegmentedIndex, pair: string): number {
  const [first, second] = [...pair].map(char => char.codePointAt(0)!)
  return index.gramDocCount(first! * GRAM_KEY_BASE + second!)
}

function countOccurrences (text: string, pair: string): number {
  let count = 0
  for (let at = text.indexOf(pair); at >= 0; at = text.indexOf(pair, at + pair.length)) count++
  return count
}

/** Positions of the `depth` highest scores. */
/** The positions of the `depth` best scores; equal scores in corpus order, as topMatches ranks them (not by how the documents fall into segments). */
function topPositions ({ docs, scores }: DocScores, index: SegmentedIndex, depth: number): number[] {
  const positions = Array.from(scores.keys())
  if (positions.length > depth) positions.sort((a, b) => scores[b]! - scores[a]! || corpusOrder(index, docs[a]!, docs[b]!)).length = depth
  return positions
}
