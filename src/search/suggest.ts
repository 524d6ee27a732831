import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { matchText } from './match-text.js'
import { pinyinCompletions } from './pinyin.js'

/** Completions for what is being typed. */
export interface Suggestions {
  /**
   * Index words that start with the typed text, most used first (normalized: simplified),
   * then, for Latin letters, words whose pinyin starts with them (gongh, gh → 工会).
   */
  words: string[]
  /** Articles whose title contains the typed text. */
  titles: Array<{ id: string, title: string }>
}

/** Suggestions when none is asked for by number. */
export const DEFAULT_SUGGESTIONS = 8

const TITLE_FIELD = 1

/**
 * Words of the index that start with the prefix, those used as a whole word in the most
 * articles first (never a word seen only inside a longer one), then, while there is room,
 * the words a Latin prefix starts to spell in pinyin (see pinyinCompletions): what is
 * written as typed (`api`) comes before what it might spell. And the titles containing
 * the prefix, found through the character index.
 */
export function suggest (index: SegmentedIndex, prefix: string, limit = DEFAULT_SUGGESTIONS, restoreTitle: (global: number) => string): Suggestions {
  const normalized = index.analyzer.normalizeTerm(prefix).trim()
  if (normalized === '' || limit <= 0) return { words: [], titles: [] }
  const literal = literalCompletions(index, normalized, limit)
  const words = literal.length < limit ? [...new Set([...literal, ...pinyinCompletions(index, prefix, limit)])].slice(0, limit) : literal
  const titles = [...matchText(index, normalized, TITLE_FIELD)].slice(0, limit).map(doc => {
    const { segment, doc: local } = index.locate(doc)
    return { id: segment.segment.id(local), title: restoreTitle(doc) }
  })
  return { words, titles }
}

/** Whole words that start with the normalized prefix (not the prefix itself), most used first, then shorter. */
function literalCompletions (index: SegmentedIndex, normalized: string, limit: number): string[] {
  const uses = new Map<string, number>()
  for (const { segment } of index.segments) {
    const [from, to] = segment.termsWithPrefix(normalized)
    for (let rank = from; rank < to; rank++) {
      const whole = segment.termWholeDocs(rank)
      if (whole === 0) continue
      const word = segment.term(rank)
      if (word !== normalized) uses.set(word, (uses.get(word) ?? 0) + whole)
    }
  }
  return [...uses]
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word)
}
