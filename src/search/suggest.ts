import { pinyinCompletions, type PinyinTables } from './pinyin.js'
import type { WordUses } from './postings.js'

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

/** Where completions are looked up: a backend's word dictionary and pinyin tables (SearchContext). */
export interface Vocabulary extends PinyinTables {
  /** The words that start with a normalized prefix (not the prefix itself), with their live uses. */
  completions (normalizedPrefix: string): Promise<Map<string, WordUses>>
}

/**
 * Words of the index that start with the prefix, those used as a whole word in the most
 * articles first (never a word seen only inside a longer one), then, while there is room,
 * the words a Latin prefix starts to spell in pinyin (see pinyinCompletions): what is
 * written as typed (`api`) comes before what it might spell.
 */
export async function suggestWords (vocabulary: Vocabulary, prefix: string, normalized: string, limit: number): Promise<string[]> {
  const literal = literalCompletions(await vocabulary.completions(normalized), limit)
  if (literal.length >= limit) return literal
  return [...new Set([...literal, ...await pinyinCompletions(vocabulary, prefix, limit)])].slice(0, limit)
}

/** Whole words (held as a whole word by some article), most used first, then shorter, then in code-unit order. */
function literalCompletions (uses: ReadonlyMap<string, WordUses>, limit: number): string[] {
  return [...uses]
    .filter(([, { whole }]) => whole > 0)
    .sort((a, b) => b[1].whole - a[1].whole || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word)
}
