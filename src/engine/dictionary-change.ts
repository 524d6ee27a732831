import type { Analyzer } from '../analysis/analyzer.js'
import { articleOf } from '../analysis/stored-document.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { ALL_FIELDS } from '../search/postings.js'
import { QueryBudget } from '../search/query-budget.js'
import { textDocuments } from './segment-matches.js'
import type { Article } from '../types.js'

/** How the user words of a corpus differ from those an index was built with. */
export interface DictionaryChange {
  /** Words of the corpus's dictionary the index was built without, in dictionary order. */
  added: string[]
  /** Words the index was built with that the dictionary no longer has. */
  removed: string[]
}

/** The words added and removed between two user dictionaries. */
export function diffUserWords (before: readonly string[], after: readonly string[]): DictionaryChange {
  const old = new Set(before)
  const now = new Set(after)
  return { added: after.filter(word => !old.has(word)), removed: before.filter(word => !now.has(word)) }
}

/**
 * The live articles whose analysis a dictionary change can alter, as the index stores them
 * (the text as ingested, restored from the normalized text and its patches; id, stored
 * fields and origin as they were): those whose normalized text holds an added or removed
 * word, found by the character index and confirmed against the stored text.
 *
 * No other article can be cut differently: Jieba's cut does not depend on user words, and
 * they are laid over it only where they occur in the normalized text (leftmost-longest, see
 * chinese-segmenter.ts), so a text holding none of the changed words gets the same words
 * from both dictionaries. Ascending by document, so the articles keep their index order.
 */
export function articlesTouchedBy (index: SegmentedIndex, change: DictionaryChange, analyzer: Analyzer): Article[] {
  const docs = new Set<number>()
  const state = index.snapshot()
  // Every match, however long it takes: a missed article would keep its old words.
  const noLimit = new QueryBudget(0)
  for (const word of [...change.added, ...change.removed]) {
    // Normalized as the segmenter normalizes its user words (總工會 is matched as 总工会).
    for (const doc of textDocuments(state, analyzer.normalizeTerm(word), ALL_FIELDS, noLimit)) docs.add(doc)
  }
  return [...docs].sort((a, b) => a - b).map(doc => {
    const { segment, doc: local } = state.locate(doc)
    return articleOf(segment.segment.storedDocument(local))
  })
}
