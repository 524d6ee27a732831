/**
 * What the command line and the server use beyond the public API (`index.ts`, re-exported
 * here): corpus files one by one, the user dictionary, manifests, query parsing, and the
 * cluster's configuration and processes. Not in the package's exports: these change with
 * the commands that use them.
 */
export * from './index.js'
export { searcherHealth } from './searcher/searcher.js'
export { isClusterAddress } from './open-searcher.js'
export { DATE_FILTER, DATE_FILTER_FORMAT } from './searcher/search-request.js'
export { readUserDictionary, addUserDictionaryWords, removeUserDictionaryWords, parseUserDictionary, USER_DICTIONARY_FILE } from './analysis/user-dictionary.js'
export { listCorpusFiles, readCorpusFile } from './ingest/read-corpus.js'
export { analyzeArticle, type AnalyzedArticle } from './indexing/analyze-article.js'
export { readManifest } from './indexing/index-load.js'
export { MANIFEST_FILE } from './indexing/index-folder.js'
export { INDEX_FORMAT_VERSION } from './indexing/manifest.js'
export { parseQuery, type ParsedQuery, type QueryClause } from './search/parse-query.js'
export { SynonymTable, readSynonyms, SYNONYMS_FILE } from './analysis/synonyms.js'
export { ClusterConnection, type ShardStatus } from './cluster/cluster-connection.js'
export type { ClusterManifest } from './cluster/cluster-manifest.js'
export { reindexCluster, type ClusterReindexOptions, type ClusterReindexSummary } from './cluster/cluster-reindex.js'
export { writeClusterConfig, readClusterConfig, planCluster, engineAddress, allNodes, type ClusterTopology, type ClusterNode, type ClusterInitOptions } from './cluster/cluster-config.js'
export { startCluster, stopCluster, startNode, stopNode, runningPid } from './cluster/cluster-process.js'
export { parseEngineAddress } from './cluster/sphinxql-client.js'
export { exportStatic, type ExportOptions, type ExportSummary } from './static/export/export-static.js'
