import type { Analyzer } from '../analysis/analyzer.js'
import type { Article } from '../types.js'
import { type AnalyzedArticle, analyzeArticle } from './analyze-article.js'
import { SearchIndex } from './search-index.js'

/** Progress of an index build, reported after each batch of articles. */
export interface BuildProgress {
  articlesDone: number
  articlesTotal: number
}

export interface BuildOptions {
  /** Called as articles are analyzed and added. */
  onProgress?: (progress: BuildProgress) => void
  /**
   * Analyzes articles elsewhere (a worker pool) and returns them in the same order.
   * Defaults to analyzing in this thread.
   */
  analyzeAll?: (articles: readonly Article[]) => Promise<AnalyzedArticle[]>
}

const BATCH = 200

/** Builds a new index from articles. */
export async function buildIndex (articles: readonly Article[], analyzer: Analyzer, options: BuildOptions = {}): Promise<SearchIndex> {
  const index = new SearchIndex(analyzer)
  await addArticles(index, articles, options)
  return index
}

/** Analyzes articles and adds them to an index (replacing articles with the same id). */
export async function addArticles (index: SearchIndex, articles: readonly Article[], options: BuildOptions = {}): Promise<void> {
  const total = articles.length
  for (let done = 0; done < total; done += BATCH) {
    const batch = articles.slice(done, done + BATCH)
    const analyzed = options.analyzeAll !== undefined
      ? await options.analyzeAll(batch)
      : batch.map(article => analyzeArticle(article, index.analyzer))
    index.add(analyzed)
    options.onProgress?.({ articlesDone: Math.min(done + BATCH, total), articlesTotal: total })
  }
  if (total === 0) options.onProgress?.({ articlesDone: 0, articlesTotal: 0 })
}
