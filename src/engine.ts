import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer, type Analyzer } from './analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from './analysis/user-dictionary.js'
import { createError } from './errors.js'
import { readCorpus } from './ingest/read-corpus.js'
import { buildIndex, type BuildOptions } from './indexing/build-index.js'
import { loadIndex, type ManifestInput, saveIndex } from './indexing/index-store.js'
import type { Manifest } from './indexing/manifest.js'
import type { SearchIndex } from './indexing/search-index.js'
import { type EngineOptions, type ResolvedEngineOptions, resolveOptions } from './options.js'
import { type AnalyzedClause, analyzeClauses, executeQuery } from './search/execute-query.js'
import { countFacets, filterMatches } from './search/filter-matches.js'
import { parseQuery } from './search/parse-query.js'
import { rankMatches } from './search/rank.js'
import { suggest, type Suggestions } from './search/suggest.js'
import { buildSnippets, highlightText } from './snippets/build-snippets.js'
import type { NormalizedText } from './analysis/normalize/normalized-text.js'
import type { Article, IngestReport, SearchHit, SearchRequest, SearchResponse, TextField } from './types.js'

/** What an engine holds, for `zhsearch stats` and `/api/stats`. */
export interface EngineStats {
  documents: number
  /** Distinct terms in the inverted index (words and character grams). */
  terms: number
  /** When the loaded index was built (absent for an engine built in memory and not saved). */
  builtAt?: string
  /** Bytes of the index on disk (absent when not loaded from or saved to disk). */
  sizeBytes?: number
  analyzerFingerprint: string
}

const DEFAULT_LIMIT = 10

/**
 * A search engine over a set of articles: analysis, the index, query execution and
 * snippets behind one object.
 *
 * ### Basic example
 * ```ts
 * import { SearchEngine } from 'zhsearch'
 *
 * const engine = await SearchEngine.fromArticles([
 *   { id: 'a', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子', origin: { file: 'a.txt', ordinal: 1 } },
 * ])
 * const { hits } = engine.search('饺子')
 * console.log(hits[0]?.snippets[0]) // 寒冷的天气吃上一顿<mark>饺子</mark>
 * ```
 */
export class SearchEngine {
  private readonly index: SearchIndex
  private readonly options: ResolvedEngineOptions
  private currentManifest: Manifest | undefined

  private constructor (index: SearchIndex, options: ResolvedEngineOptions, manifest?: Manifest) {
    this.index = index
    this.options = options
    this.currentManifest = manifest
  }

  /** Builds an engine in memory from articles. */
  static async fromArticles (articles: readonly Article[], options: EngineOptions & BuildOptions = {}): Promise<SearchEngine> {
    const resolved = resolveOptions(options)
    const analyzer = createAnalyzer({ userWords: resolved.userWords })
    const index = await buildIndex(articles, analyzer, options)
    return new SearchEngine(index, resolved)
  }

  /**
   * Reads a corpus folder and builds an engine over it in memory. The words of the
   * folder's `user.dict` join `options.userWords`. Files that cannot be read are in
   * `report.problems`; they never stop the build.
   */
  static async fromCorpus (corpusDir: string, options: EngineOptions & BuildOptions = {}): Promise<{ engine: SearchEngine, report: IngestReport }> {
    const report = await readCorpus(corpusDir)
    const dictionary = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
    const engine = await SearchEngine.fromArticles(report.articles, { ...options, userWords: [...(options.userWords ?? []), ...dictionary] })
    return { engine, report }
  }

  /**
   * Opens the index saved in `indexDir` (by `save()` or `zhsearch reindex`).
   * Throws INDEX_NOT_FOUND, INDEX_FORMAT_MISMATCH, INDEX_ANALYZER_MISMATCH or INDEX_CORRUPT,
   * each with a message that says to reindex.
   */
  static async open (indexDir: string, options: Omit<EngineOptions, 'userWords'> = {}): Promise<SearchEngine> {
    const { index, manifest } = await loadIndex(indexDir)
    return new SearchEngine(index, resolveOptions(options), manifest)
  }

  /** @internal Wraps an index built elsewhere (reindex). */
  static fromIndex (index: SearchIndex, manifest: Manifest | undefined, options: EngineOptions = {}): SearchEngine {
    return new SearchEngine(index, resolveOptions(options), manifest)
  }

  /** Saves the index into `indexDir` atomically; returns the manifest written. */
  async save (indexDir: string, input: Partial<ManifestInput> = {}): Promise<Manifest> {
    const manifest = await saveIndex(indexDir, this.index, {
      sources: [],
      builtAt: new Date().toISOString(),
      buildMs: 0,
      ...input,
    })
    this.currentManifest = manifest
    return manifest
  }

  /** The analyzer this engine's index was built with (the same one reads queries). */
  get analyzer (): Analyzer {
    return this.index.analyzer
  }

  /** The manifest of the index on disk, when the engine was opened or saved. */
  get manifest (): Manifest | undefined {
    return this.currentManifest
  }

  /** @internal The index, for reindexing in place. */
  get searchIndex (): SearchIndex {
    return this.index
  }

  /** Number of articles. */
  get size (): number {
    return this.index.size
  }

  /**
   * Searches. All whitespace-separated terms must match (each as grep would find it);
   * `"…"` is an exact phrase, `-term` excludes, `title:term` limits a term to a field.
   * An empty or punctuation-only query returns no hits.
   * Throws QUERY_TOO_LONG or INVALID_PAGING for requests no person would make.
   */
  search (request: string | SearchRequest): SearchResponse {
    const started = performance.now()
    const { query, limit = DEFAULT_LIMIT, offset = 0 } = typeof request === 'string' ? { query: request } : request
    if (query.length > this.options.maxQueryLength) throw createError('QUERY_TOO_LONG', query.length, this.options.maxQueryLength)
    if (!Number.isInteger(limit) || limit < 0) throw createError('INVALID_PAGING', `limit must be a whole number ≥ 0, not ${limit}`)
    if (!Number.isInteger(offset) || offset < 0) throw createError('INVALID_PAGING', `offset must be a whole number ≥ 0, not ${offset}`)

    const clauses = analyzeClauses(parseQuery(query), this.index)
    const filters = typeof request === 'string' ? { query } : request
    let matches = filterMatches(executeQuery(clauses, this.index), this.index, filters)
    // A two-word term that matches nothing with both words falls back to either word.
    const relaxed = matches.length === 0 && clauses.some(c => !c.clause.negated && c.clause.kind === 'term' && c.words.length > 1)
    if (relaxed) matches = filterMatches(executeQuery(clauses, this.index, 'any'), this.index, filters)
    matches = rankMatches(matches, this.index)
    const terms = highlightTerms(clauses)
    const withSnippets = typeof request === 'string' || request.snippets !== false
    const hits = matches.slice(offset, offset + limit).map(match => this.toHit(match.id, match.score, withSnippets ? terms : undefined))
    return {
      query,
      total: matches.length,
      ...(relaxed && matches.length > 0 ? { relaxed: true } : {}),
      offset,
      limit,
      hits,
      facets: countFacets(matches, this.index),
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
    }
  }

  /** Completions for a prefix being typed: index words and matching titles. */
  suggest (prefix: string, limit?: number): Suggestions {
    return suggest(this.index, prefix.slice(0, this.options.maxQueryLength), limit)
  }

  /** One article by id, as ingested. */
  getDocument (id: string): Article | undefined {
    return this.index.get(id)?.article
  }

  /**
   * One article with a query's matches marked: title, kicker, byline and each body
   * paragraph as HTML (escaped, matches in `<mark>`).
   */
  highlightDocument (id: string, query = ''): { article: Article, html: { title: string, kicker?: string, byline?: string, paragraphs: string[] } } | undefined {
    const article = this.getDocument(id)
    if (article === undefined) return undefined
    const terms = highlightTerms(analyzeClauses(parseQuery(query.slice(0, this.options.maxQueryLength)), this.index))
    const mark = (text: string): string => highlightText(this.analyzer.normalize(text), terms)
    return {
      article,
      html: {
        title: mark(article.title),
        ...(article.kicker !== undefined ? { kicker: mark(article.kicker) } : {}),
        ...(article.byline !== undefined ? { byline: mark(article.byline) } : {}),
        paragraphs: article.body.split('\n').filter(p => p.trim() !== '').map(mark),
      },
    }
  }

  /** All articles, in corpus order. */
  * documents (): IterableIterator<Article> {
    for (const document of this.index.all()) yield document.article
  }

  stats (): EngineStats {
    return {
      documents: this.index.size,
      terms: this.index.termCount,
      analyzerFingerprint: this.analyzer.fingerprint,
      ...(this.currentManifest !== undefined ? { builtAt: this.currentManifest.builtAt, sizeBytes: this.currentManifest.sizeBytes } : {}),
    }
  }

  /** A hit; without terms, no snippets and plain (escaped) highlights. */
  private toHit (id: string, score: number, terms: readonly string[] | undefined): SearchHit {
    const { article, normalized } = this.index.get(id)!
    const normalizedField = (field: TextField): NormalizedText => this.analyzer.renormalize(article[field] ?? '', normalized[field])
    const mark = (field: TextField): string => highlightText(normalizedField(field), terms ?? [])
    return {
      id,
      title: article.title,
      score: Math.round(score * 1000) / 1000,
      ...pick(article, ['kicker', 'byline', 'reporters', 'correspondents', 'author', 'source', 'date', 'url']),
      origin: article.origin,
      snippets: terms === undefined ? [] : buildSnippets(normalizedField('body'), terms, { maxFragments: this.options.maxSnippets, length: this.options.snippetLength }),
      highlights: {
        title: mark('title'),
        ...(article.kicker !== undefined ? { kicker: mark('kicker') } : {}),
        ...(article.byline !== undefined ? { byline: mark('byline') } : {}),
      },
    }
  }
}

/** What to mark in results: the words of terms, the whole text of phrases; nothing excluded. */
function highlightTerms (clauses: readonly AnalyzedClause[]): string[] {
  const terms: string[] = []
  for (const { clause, words, phrase } of clauses) {
    if (clause.negated) continue
    if (clause.kind === 'phrase') terms.push(phrase)
    else terms.push(...words)
  }
  return terms
}

function pick<T extends object, K extends keyof T> (object: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {}
  for (const key of keys) {
    if (object[key] !== undefined) picked[key] = object[key]
  }
  return picked
}
