/**
 * zhsearch: full-text search for Chinese text. This is the public API, the one the README
 * documents; the command line and the server also use `internal.ts`, which is not part of
 * the package's exports.
 *
 * ```ts
 * import { SearchEngine, reindex } from 'zhsearch'
 *
 * await reindex({ corpusDir: 'corpus', indexDir: 'index' })
 * const engine = await SearchEngine.open('index')
 * const { hits } = await engine.search('工会 -饺子')
 * for (const hit of hits) console.log(hit.title, hit.snippets)
 * ```
 *
 * Importing this module has no side effects: Jieba's dictionary loads on the first
 * analysis, not before.
 */
export { SearchEngine, type EngineStats, type BuildOptions, type BuildProgress, type ManifestInput, type SaveOptions, type SaveIndexOptions } from './engine/search-engine.js'
export { WorkerSearcher, DEFAULT_OPEN_TIMEOUT_MS, type WorkerSearcherOptions, type ReloadOutcome } from './engine/worker-searcher.js'
export type { ThreadMemory } from './engine/searcher-thread.js'
export { reindex, checkFreshness, type ReindexOptions, type ReindexProgress, type ReindexSummary, type Freshness } from './engine/reindex.js'
export { ClusterSearcher, type ClusterSearcherOptions } from './cluster/cluster-searcher.js'
export { openSearcher, type OpenSearcherOptions } from './open-searcher.js'
export type { Searcher, SearcherStats, SearcherHealth, HighlightedDocument } from './searcher/searcher.js'
export type { Suggestions } from './search/suggest.js'
export type { SynonymTable, SynonymProblem, SynonymReport } from './analysis/synonyms.js'

export { DEFAULT_OPTIONS, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, type EngineOptions } from './options.js'
export { ZhsearchError, isZhsearchError, type ErrorCode } from './errors.js'
export type {
  Article, ArticleInput, ArticleOrigin, IngestProblem, IngestReport, SourceFile, TextField,
  SearchRequest, SearchResponse, SearchHit, Explanation, FacetCount,
} from './types.js'
export { TEXT_FIELDS } from './types.js'

export { createAnalyzer, ANALYZER_VERSION, type Analyzer, type AnalyzerOptions } from './analysis/analyzer.js'
export type { Token, TokenKind, IndexedText } from './analysis/token.js'
export type { TextPatch } from './analysis/normalize/text-patches.js'
export type { NormalizedText } from './analysis/normalize/normalized-text.js'
export { readCorpus } from './ingest/read-corpus.js'
export type { Manifest, IndexedSource, SegmentEntry, FileCheck } from './indexing/manifest.js'
