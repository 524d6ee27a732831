import type { Analyzer } from '../analysis/analyzer.js'
import { SEGMENT_CHARS } from '../options.js'
import type { Article } from '../types.js'
import { buildSegment, newSegmentName } from './build-segment.js'
import type { SegmentPool } from './segment-pool.js'
import { decodeSegment } from './segment/segment-file.js'
import { Segment } from './segment/segment.js'

/** Progress of a build, reported as segments finish. */
export interface BuildProgress {
  articlesDone: number
  articlesTotal: number
}

/** How to build segments from articles. */
export interface SegmentBuildOptions {
  /** Builds on these worker threads; without one, on this thread. */
  pool?: SegmentPool | undefined
  onProgress?: ((progress: BuildProgress) => void) | undefined
}

/**
 * Builds segments from articles: cut into batches of about SEGMENT_CHARS characters (at
 * least one per worker, so every core works), each built on a worker of the pool or here.
 * The segments come back in the articles' order.
 */
export async function buildSegments (articles: readonly Article[], analyzer: Analyzer, options: SegmentBuildOptions = {}): Promise<Segment[]> {
  const batches = splitBatches(articles, options.pool?.workers ?? 1)
  let done = 0
  const report = (count: number): void => {
    done += count
    options.onProgress?.({ articlesDone: done, articlesTotal: articles.length })
  }
  if (options.pool === undefined) {
    const segments: Segment[] = []
    for (const batch of batches) {
      segments.push(new Segment(newSegmentName(), buildSegment(batch, analyzer)))
      report(batch.length)
    }
    return segments
  }
  const pool = options.pool
  return Promise.all(batches.map(async batch => {
    const files = await pool.build(batch)
    report(batch.length)
    return new Segment(newSegmentName(), decodeSegment(files))
  }))
}

/** Consecutive batches of about SEGMENT_CHARS characters, and at least `parts` when there is enough text. */
export function splitBatches<T extends Pick<Article, 'title' | 'body'>> (articles: readonly T[], parts: number): T[][] {
  const total = articles.reduce((sum, article) => sum + article.title.length + article.body.length, 0)
  const target = Math.max(1, Math.min(SEGMENT_CHARS, Math.ceil(total / Math.max(1, parts))))
  const batches: T[][] = []
  let current: T[] = []
  let filled = 0
  for (const article of articles) {
    current.push(article)
    filled += article.title.length + article.body.length
    if (filled >= target) {
      batches.push(current)
      current = []
      filled = 0
    }
  }
  if (current.length > 0 || batches.length === 0) batches.push(current)
  return batches
}
