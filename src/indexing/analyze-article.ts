import type { Analyzer } from '../analysis/analyzer.js'
import { TEXT_FIELDS, type Article, type TextField } from '../types.js'
import type { AnalyzedArticle } from './segment/segment-builder.js'

export type { AnalyzedArticle } from './segment/segment-builder.js'

/** The text of a searchable field of an article ('' when absent). */
export function fieldText (article: Article, field: TextField): string {
  return article[field] ?? ''
}

/** Runs the analyzer over every searchable field of an article. */
export function analyzeArticle (article: Article, analyzer: Analyzer): AnalyzedArticle {
  return { article, fields: TEXT_FIELDS.map(field => analyzer.indexText(fieldText(article, field))) }
}
