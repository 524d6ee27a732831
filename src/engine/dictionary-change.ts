import type { Analyzer } from '../analysis/analyzer.js'
import { articleOf } from '../analysis/stored-document.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { documentsHolding } from '../searcher/documents-holding.js'
import { segmentBackend } from './segment-backend.js'
import type { DictionaryChange } from '../indexing/user-words-change.js'
import type { Article } from '../types.js'

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
export async function articlesTouchedBy (index: SegmentedIndex, change: DictionaryChange, analyzer: Analyzer): Promise<Article[]> {
  // Normalized as the segmenter normalizes its user words (總工會 is matched as 总工会).
  const words = [...change.added, ...change.removed].map(word => analyzer.normalizeTerm(word))
  return (await documentsHolding(segmentBackend(index), words)).map(articleOf)
}
