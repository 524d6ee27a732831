import MiniSearch from 'minisearch'
import type { Analyzer } from '../analysis/analyzer.js'
import type { Article, TextField } from '../types.js'
import type { AnalyzedArticle } from './analyze-article.js'
import { type IndexedTerms, miniSearchOptions } from './index-schema.js'

/** An article as the index keeps it: the original, plus its normalized field texts. */
export interface StoredDocument {
  article: Article
  normalized: Record<TextField, string>
}

/**
 * The in-memory index: MiniSearch's inverted index over words and grams, and the
 * document store that search checks candidates against and snippets are cut from.
 * MiniSearch stays behind this class and the query executor.
 */
export class SearchIndex {
  readonly analyzer: Analyzer
  /** @internal */
  readonly miniSearch: MiniSearch<IndexedTerms>
  private readonly documents: Map<string, StoredDocument>

  /** @internal Use buildIndex() or loadIndex(). */
  constructor (analyzer: Analyzer, miniSearch?: MiniSearch<IndexedTerms>, documents?: Iterable<StoredDocument>) {
    this.analyzer = analyzer
    this.miniSearch = miniSearch ?? new MiniSearch(miniSearchOptions())
    this.documents = new Map()
    for (const document of documents ?? []) this.documents.set(document.article.id, document)
  }

  /** Number of articles in the index. */
  get size (): number {
    return this.documents.size
  }

  /** Number of distinct terms (words and grams) in the inverted index. */
  get termCount (): number {
    return this.miniSearch.termCount
  }

  get (id: string): StoredDocument | undefined {
    return this.documents.get(id)
  }

  has (id: string): boolean {
    return this.documents.has(id)
  }

  /** All stored documents, in corpus order (file, then position in the file). */
  * all (): IterableIterator<StoredDocument> {
    yield * this.documents.values()
  }

  /** Adds analyzed articles; an article whose id is already indexed replaces it. */
  add (analyzed: readonly AnalyzedArticle[]): void {
    for (const item of analyzed) {
      if (this.documents.has(item.article.id)) this.remove([item.article.id])
      this.miniSearch.add(item.terms)
      this.documents.set(item.article.id, { article: item.article, normalized: item.normalized })
    }
  }

  /**
   * Removes articles by id (unknown ids are ignored). MiniSearch discards them at once
   * and cleans their postings on the next vacuum.
   */
  remove (ids: Iterable<string>): void {
    for (const id of ids) {
      if (!this.documents.has(id)) continue
      this.miniSearch.discard(id)
      this.documents.delete(id)
    }
  }

  /** Drops the postings of removed articles from the inverted index. */
  async vacuum (): Promise<void> {
    if (this.miniSearch.dirtCount > 0) await this.miniSearch.vacuum({ batchWait: 0 })
  }
}
