import { join } from 'node:path'
import { createAnalyzer, type Analyzer } from '../analysis/analyzer.js'
import { articleOf } from '../analysis/stored-document.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { checkArticles, checkBuildOptions, checkIds, checkPath, withoutUndefined } from './check-arguments.js'
import { createError } from '../errors.js'
import { readCorpus } from '../ingest/read-corpus.js'
import { createSegmentWriter, type SegmentCommit } from '../indexing/index-writer.js'
import { loadIndex } from '../indexing/index-load.js'
import { withIndexLock } from '../indexing/index-lock.js'
import { checkSaveFolder, saveIndex } from '../indexing/index-save.js'
import type { Manifest } from '../indexing/manifest.js'
import { SegmentedIndex } from '../indexing/segmented-index.js'
import { type EngineOptions, type ResolvedEngineOptions, resolveOptions } from '../options.js'
import type { Suggestions } from '../search/suggest.js'
import { readSynonyms, SYNONYMS_FILE, SynonymTable } from '../analysis/synonyms.js'
import type { SearchBackend } from '../searcher/backend.js'
import { runSearch, type SearchSettings } from '../searcher/run-search.js'
import { highlightDocument, readDocument, runSuggest } from '../searcher/run-suggest.js'
import type { HighlightedDocument, Searcher, SearcherStats } from '../searcher/searcher.js'
import type { Article, ArticleInput, IngestReport, SearchRequest, SearchResponse } from '../types.js'
import type { BuildOptions, SaveOptions } from './build-options.js'
import { segmentBackend } from './segment-backend.js'
import { WriteQueue } from './write-queue.js'

/** What an engine holds, for `zhsearch stats` and `/api/stats`. */
export type EngineStats = SearcherStats

export type { BuildOptions, BuildProgress, ManifestInput, SaveIndexOptions, SaveOptions } from './build-options.js'

/**
 * A search engine over a set of articles: analysis, the segmented index, query execution
 * and snippets behind one object. Searches are asynchronous, so the same interface can
 * sit in front of an index in another process.
 *
 * ### Basic example
 * ```ts
 * import { SearchEngine } from 'zhsearch'
 *
 * const engine = await SearchEngine.fromArticles([
 *   { id: 'a', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子' },
 * ])
 * const { hits } = await engine.search('饺子')
 * console.log(hits[0]?.snippets[0]) // 寒冷的天气吃上一顿<mark>饺子</mark>
 * ```
 */
export class SearchEngine implements Searcher {
  private readonly index: SegmentedIndex
  private readonly backend: SearchBackend
  private readonly options: ResolvedEngineOptions
  private currentManifest: Manifest | undefined
  private synonymTable = SynonymTable.EMPTY
  /** add, update, remove, save and the synonyms, in the order they were called. */
  private readonly writes = new WriteQueue()

  private constructor (index: SegmentedIndex, options: ResolvedEngineOptions, manifest?: Manifest, loadsJieba = true) {
    this.index = index
    const backend = segmentBackend(index)
    // A search's warm-up (before its clock starts) loads Jieba's dictionary, or, for an
    // engine of one search (openForOneSearch), only what reading its query needs.
    const { queryWords, normalizeTerm, warmUpQueries } = index.analyzer
    this.backend = loadsJieba ? backend : { ...backend, analyzer: { queryWords, normalizeTerm, warmUp: warmUpQueries } }
    this.options = options
    this.currentManifest = manifest
  }

  /**
   * Builds an engine in memory from articles (`id`, `title` and/or `body` required), and
   * resolves once it is ready to answer completely (Jieba's dictionary loaded).
   * Refuses articles without an id, without text, or with an id used twice, with
   * INVALID_ARTICLE naming the article.
   */
  static async fromArticles (articles: readonly ArticleInput[], options: EngineOptions & BuildOptions = {}): Promise<SearchEngine> {
    const resolved = resolveOptions(options)
    const checked = checkArticles(articles)
    const engine = new SearchEngine(new SegmentedIndex(createAnalyzer({ userWords: resolved.userWords })), resolved)
    await engine.startWrite(checked, options).commit()
    engine.index.analyzer.warmUp()
    return engine
  }

  /**
   * Reads a corpus folder and builds an engine over it in memory. The words of the
   * folder's `user.dict` join `options.userWords`. Files that cannot be read are in
   * `report.problems`; they never stop the build.
   */
  static async fromCorpus (corpusDir: string, options: EngineOptions & BuildOptions = {}): Promise<{ engine: SearchEngine, report: IngestReport }> {
    checkPath(corpusDir, 'fromCorpus(corpusDir)')
    const report = await readCorpus(corpusDir)
    const dictionary = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
    const engine = await SearchEngine.fromArticles(report.articles, { ...options, userWords: [...(options.userWords ?? []), ...dictionary] })
    await engine.loadSynonyms(join(corpusDir, SYNONYMS_FILE))
    return { engine, report }
  }

  /**
   * Opens the index saved in `indexDir` (by `save()` or `zhsearch reindex`), checking
   * every file against its checksum, and loads Jieba's dictionary meanwhile, so the
   * first search is as fast as the next.
   * Throws INDEX_NOT_FOUND, INDEX_FORMAT_MISMATCH, INDEX_ANALYZER_MISMATCH or INDEX_CORRUPT,
   * each with a message that says to reindex; JIEBA_UNAVAILABLE when nodejieba's native
   * module cannot be loaded; INVALID_REQUEST for a path that is not a non-empty string.
   */
  static async open (indexDir: string, options: Omit<EngineOptions, 'userWords'> = {}): Promise<SearchEngine> {
    checkPath(indexDir, 'open(indexDir)')
    const resolved = resolveOptions(options)
    // Jieba's dictionary loads while the segment files are read.
    const { index, manifest } = await loadIndex(indexDir, { whileReading: () => createAnalyzer().warmUp() })
    index.analyzer.warmUp()
    return new SearchEngine(index, resolved, manifest)
  }

  /**
   * @internal Opens an index for a process that runs one search and ends (`zhsearch
   * search`): as `open`, but without loading Jieba's dictionary first. Queries are then cut
   * by the port of Jieba's cut over the words of its model that they need (see
   * chinese-segmenter.ts), the same cut; a write that analyzes documents loads Jieba then.
   */
  static async openForOneSearch (indexDir: string, options: Omit<EngineOptions, 'userWords'> = {}): Promise<SearchEngine> {
    checkPath(indexDir, 'open(indexDir)')
    const resolved = resolveOptions(options)
    const { index, manifest } = await loadIndex(indexDir)
    return new SearchEngine(index, resolved, manifest, false)
  }

  /** @internal Wraps an index built elsewhere (reindex). */
  static fromIndex (index: SegmentedIndex, manifest: Manifest | undefined, options: EngineOptions = {}): SearchEngine {
    return new SearchEngine(index, resolveOptions(options), manifest)
  }

  /** Loads Jieba's dictionary now (about a second) rather than on the first search. */
  async ready (): Promise<void> {
    this.index.analyzer.warmUp()
  }

  /**
   * Saves the index into `indexDir` atomically, after the writes called before it; returns
   * the manifest written. The folder is created if missing; a folder that holds other
   * things than a zhsearch index is refused (INDEX_DIR_NOT_EMPTY) unless `allowOtherFiles`.
   * Only `manifest.json` and `segments/` are written, and only files an earlier save
   * recorded are removed (see saveIndex).
   */
  async save (indexDir: string, options: SaveOptions = {}): Promise<Manifest> {
    checkPath(indexDir, 'save(indexDir)')
    const { allowOtherFiles, ...input } = options
    return this.writes.run(async () => {
      // The folder's turn is taken at once (saves of one folder by several engines in call
      // order); a folder refused is refused before the lock file is written into it.
      const manifest = await withIndexLock(indexDir, 'save()', () => saveIndex(indexDir, this.index, {
        sources: [],
        builtAt: new Date().toISOString(),
        buildMs: 0,
        ...withoutUndefined(input),
      }, { allowOtherFiles }), () => checkSaveFolder(indexDir, { allowOtherFiles }))
      this.currentManifest = manifest
      return manifest
    })
  }

  /**
   * Reads a synonyms file (SynonymTable's format; a corpus folder's `synonyms.txt`) and
   * expands the searches after the writes called before it; no reindex needed. A missing file
   * clears the synonyms. Returns the table: lines that could not be read are in its `problems`.
   */
  async loadSynonyms (path: string): Promise<SynonymTable> {
    checkPath(path, 'loadSynonyms(path)')
    return this.writes.run(async () => {
      this.synonymTable = await readSynonyms(path, this.index.analyzer.normalizeTerm)
      return this.synonymTable
    })
  }

  /**
   * Expands the following searches with these rules (the text of a synonyms file): at once,
   * or, when writes are still under way, after them (in call order). Returns the table.
   */
  setSynonyms (rules: string): SynonymTable {
    if (typeof rules !== 'string') throw createError('INVALID_REQUEST', 'setSynonyms() takes the text of a synonyms file')
    const table = SynonymTable.parse(rules, this.index.analyzer.normalizeTerm)
    void this.writes.run(() => { this.synonymTable = table })
    return table
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
  get searchIndex (): SegmentedIndex {
    return this.index
  }

  /** Number of articles. */
  get size (): number {
    return this.index.size
  }

  /**
   * Adds articles to the live engine; searches see all of them or none. Refuses
   * (DUPLICATE_ID) an article whose id is in the index when its turn comes (after the writes
   * called before it): use update() to replace one.
   *
   * Writes (`add`, `update`, `remove`, `save`, `loadSynonyms`, `setSynonyms`) take effect in
   * the order they were called, whatever their sizes and wherever they build: a write waits
   * for the ones before it (its segments may build meanwhile).
   */
  async add (articles: readonly ArticleInput[], options: BuildOptions = {}): Promise<void> {
    const checked = checkArticles(articles)
    const writer = this.startWrite(checked, options)
    await this.writes.run(async () => {
      for (const article of checked) if (this.index.has(article.id)) throw createError('DUPLICATE_ID', article.id)
      await writer.commit()
    })
  }

  /** Adds or replaces articles by id, in call order with the other writes; searches see all the new versions or none. */
  async update (articles: readonly ArticleInput[], options: BuildOptions = {}): Promise<void> {
    const writer = this.startWrite(checkArticles(articles), options)
    await this.writes.run(async () => { await writer.commit() })
  }

  /** Removes articles by id (unknown ids are ignored), in call order with the other writes; returns how many were removed. */
  async remove (ids: readonly string[]): Promise<number> {
    const checked = checkIds(ids)
    return this.writes.run(async () => {
      const writer = createSegmentWriter(this.index)
      writer.remove(checked)
      return (await writer.commit()).removed
    })
  }

  /**
   * Searches. All whitespace-separated terms must match (each as grep would find it);
   * `"…"` is an exact phrase, `-term` excludes, `title:term` limits a term to a field.
   * An empty or punctuation-only query returns no hits. A wrong argument is refused
   * with INVALID_REQUEST, QUERY_TOO_LONG or INVALID_PAGING. A search reads the index as
   * it was when it was called: writes applied meanwhile are not seen by it.
   */
  async search (request: string | SearchRequest): Promise<SearchResponse> {
    return runSearch(this.backend, request, this.settings())
  }

  /** Completions for a prefix being typed: index words and matching titles. */
  async suggest (prefix: string, limit?: number): Promise<Suggestions> {
    return runSuggest(this.backend, prefix, limit, this.settings())
  }

  /** One article by id, as ingested. */
  async getDocument (id: string): Promise<Article | undefined> {
    return readDocument(this.backend, id)
  }

  /**
   * One article with a query's matches marked: title, kicker, byline and each body
   * paragraph as HTML (escaped, matches in `<mark>`).
   */
  async highlightDocument (id: string, query = ''): Promise<HighlightedDocument | undefined> {
    return highlightDocument(this.backend, id, query, this.settings())
  }

  /** All articles, in index order. */
  * documents (): IterableIterator<Article> {
    for (const { segment, doc } of this.index.live()) yield articleOf(segment.segment.storedDocument(doc))
  }

  /**
   * Resolves once the writes called before it are done. An engine holds no threads, files
   * or connections of its own (the segment threads are the process's), so there is
   * nothing else to let go: it still answers afterwards.
   */
  async close (): Promise<void> {
    await this.writes.idle()
  }

  stats (): EngineStats {
    return {
      documents: this.index.size,
      terms: this.index.termCount,
      segments: this.index.segments.length,
      analyzerFingerprint: this.analyzer.fingerprint,
      ...(this.currentManifest !== undefined ? { builtAt: this.currentManifest.builtAt, sizeBytes: this.currentManifest.sizeBytes } : {}),
    }
  }

  /** What every search reads besides the index: the options and the synonyms as they are now. */
  private settings (): SearchSettings {
    return { options: this.options, synonyms: this.synonymTable }
  }

  /**
   * A write's writer, its articles building now (on the process's segment threads when the
   * text pays for them, see threadsFor); they are committed at the write's turn.
   */
  private startWrite (articles: Article[], options: BuildOptions): { commit (): Promise<SegmentCommit> } {
    const writer = createSegmentWriter(this.index, checkBuildOptions(options))
    writer.add(articles)
    return writer
  }
}

