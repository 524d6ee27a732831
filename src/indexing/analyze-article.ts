import type { Analyzer } from '../analysis/analyzer.js'
import { TEXT_FIELDS, type Article, type TextField } from '../types.js'
import { gramField, type IndexedTerms, TERM_SEPARATOR, wordField } from './index-schema.js'
import { encodeTerm } from './term-key.js'

/**
 * An article after analysis: the terms for the index (as radix-tree keys, see
 * term-key.ts) and the normalized text of each field, against which candidate matches are checked. Plain data, so that it can be
 * produced in a worker thread and sent to the indexer.
 */
export interface AnalyzedArticle {
  article: Article
  terms: IndexedTerms
  normalized: Record<TextField, string>
}

/** The text of a searchable field of an article ('' when absent). */
export function fieldText (article: Article, field: TextField): string {
  return article[field] ?? ''
}

/** Runs the analyzer over every searchable field of an article. */
export function analyzeArticle (article: Article, analyzer: Analyzer): AnalyzedArticle {
  const fields: Record<string, string> = {}
  const normalized = {} as Record<TextField, string>
  for (const field of TEXT_FIELDS) {
    const { normalized: text, words, grams } = analyzer.indexTerms(fieldText(article, field))
    normalized[field] = text
    fields[wordField(field)] = words.map(encodeTerm).join(TERM_SEPARATOR)
    fields[gramField(field)] = grams.map(encodeTerm).join(TERM_SEPARATOR)
  }
  return { article, terms: { id: article.id, fields }, normalized }
}
