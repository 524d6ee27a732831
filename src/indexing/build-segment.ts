import { randomBytes } from 'node:crypto'
import type { Analyzer } from '../analysis/analyzer.js'
import type { Article } from '../types.js'
import { analyzeArticle } from './analyze-article.js'
import { SegmentBuilder } from './segment/segment-builder.js'
import type { SegmentData } from './segment/segment-data.js'

/** Analyzes articles and builds one segment of them, in this thread. */
export function buildSegment (articles: readonly Article[], analyzer: Analyzer): SegmentData {
  const builder = new SegmentBuilder()
  for (const article of articles) builder.add(analyzeArticle(article, analyzer))
  return builder.finish()
}

/** A new segment name: unique, sortable by creation time, safe in a file name. */
export function newSegmentName (): string {
  return `seg-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
}
