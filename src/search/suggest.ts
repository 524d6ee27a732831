import { WORD_FIELDS } from '../indexing/index-schema.js'
import type { SearchIndex } from '../indexing/search-index.js'
import { decodeTerm } from '../indexing/term-key.js'

/** Completions for what is being typed. */
export interface Suggestions {
  /** Index words that start with the typed text, most relevant first (normalized: simplified). */
  words: string[]
  /** Articles whose title contains the typed text. */
  titles: Array<{ id: string, title: string }>
}

/**
 * Words of the index that start with the prefix (the most widely used first), and titles containing it. Works on the word fields only, so completions are
 * real words, not character pairs.
 */
export function suggest (index: SearchIndex, prefix: string, limit = 8): Suggestions {
  const normalized = index.analyzer.normalizeTerm(prefix).trim()
  if (normalized === '') return { words: [], titles: [] }
  // Each result names the index words it matched; a word's weight is the number of
  // articles it occurs in.
  const articlesPerWord = new Map<string, number>()
  for (const result of index.miniSearch.search(normalized, { fields: [...WORD_FIELDS], prefix: true })) {
    for (const word of result.terms.map(decodeTerm)) {
      if (word.startsWith(normalized) && word !== normalized) articlesPerWord.set(word, (articlesPerWord.get(word) ?? 0) + 1)
    }
  }
  const words = [...articlesPerWord]
    .sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word)
  const titles: Array<{ id: string, title: string }> = []
  for (const document of index.all()) {
    if (titles.length >= limit) break
    if (document.normalized.title.includes(normalized)) titles.push({ id: document.article.id, title: document.article.title })
  }
  return { words, titles }
}
