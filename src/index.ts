/**
 * zhsearch: full-text search for Chinese text.
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
export { SearchEngine, type EngineStats, type BuildOptions, type BuildProgress, type ManifestInput, type SaveOptions, type SaveIndexOptions } from './engine.js'
export type { Searcher, SearcherStats, SearcherHealth, HighlightedDocument } from './searcher.js'
export { searcherHealth } from './searcher.js'
export { WorkerSearcher, DEFAULT_OPEN_TIMEOUT_MS, type WorkerSearcherOptions, type ReloadOutcome } from './worker-searcher.js'
export type { ThreadMemory } from './searcher-thread.js'
export { reindex, checkFreshness, type ReindexOptions, type ReindexProgress, type ReindexSummary, type Freshness } from './reindex.js'
export { DEFAULT_OPTIONS, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, type EngineOptions } from './options.js'
export { ZhsearchError, isZhsearchError, type ErrorCode } from './errors.js'
export type {
  Article, ArticleInput, ArticleOrigin, IngestProblem, IngestReport, SourceFile, TextField,
  SearchRequest, SearchResponse, SearchHit, FacetCount,
} from './types.js'
export { TEXT_FIELDS } from './types.js'

export { createAnalyzer, ANALYZER_VERSION, type Analyzer, type AnalyzerOptions } from './analysis/analyzer.js'
export type { Token, TokenKind, IndexedText } from './analysis/token.js'
export type { TextPatch } from './analysis/normalize/text-patches.js'
export type { NormalizedText } from './analysis/normalize/normalized-text.js'
export { readUserDictionary, addUserDictionaryWords, parseUserDictionary, USER_DICTIONARY_FILE } from './analysis/user-dictionary.js'

export { readCorpus, listCorpusFiles, readCorpusFile } from './ingest/read-corpus.js'
export { analyzeArticle, type AnalyzedArticle } from './indexing/analyze-article.js'
export { readManifest, MANIFEST_FILE } from './indexing/index-store.js'
export { INDEX_FORMAT_VERSION, type Manifest, type IndexedSource, type SegmentEntry, type FileCheck } from './indexing/manifest.js'
export { parseQuery, type ParsedQuery, type QueryClause } from './search/parse-query.js'
export type { Suggestions } from './search/suggest.js'
export { SynonymTable, readSynonyms, SYNONYMS_FILE, type SynonymProblem, type SynonymReport } from './search/synonyms.js'

export { ClusterSearcher, type ClusterSearcherOptions } from './cluster/cluster-searcher.js'
export { ClusterConnection, type ShardStatus, type ClusterManifest } from './cluster/cluster-connection.js'
export { reindexCluster, type ClusterReindexOptions, type ClusterReindexSummary } from './cluster/cluster-reindex.js'
export { writeClusterConfig, readClusterConfig, planCluster, engineAddress, allNodes, type ClusterTopology, type ClusterNode, type ClusterInitOptions } from './cluster/cluster-config.js'
export { startCluster, stopCluster, startNode, stopNode, runningPid } from './cluster/cluster-process.js'
export { parseEngineAddress } from './cluster/sphinxql-client.js'
