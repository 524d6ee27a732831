import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { type Analyzer, createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { type ReindexProgress, syncCorpus } from '../indexing/sync-corpus.js'
import { builtByThisChain, DICTIONARY_REBUILD_SHARE, type DictionaryChange, diffUserWords } from '../indexing/user-words-change.js'
import type { KnownSource } from '../ingest/corpus-diff.js'
import { listCorpusFiles } from '../ingest/read-corpus.js'
import { checkWorkers } from '../options.js'
import { documentsHolding } from '../searcher/documents-holding.js'
import type { IngestProblem } from '../types.js'
import { ClusterConnection } from './cluster-connection.js'
import { ClusterBackend } from './cluster-backend.js'
import { type ClusterManifest, clusterGeneration, emptyManifest } from './cluster-manifest.js'
import { cleanLeftovers, readKnownSources } from './cluster-publish.js'
import { createClusterWriter } from './cluster-writer.js'

export interface ClusterReindexOptions {
  corpusDir: string
  /** The cluster's head: `sphinxql://HOST:PORT`. */
  engine: string
  /** Rebuild every file version (the previous ones are served until the new generation is published). Defaults to `false`. */
  full?: boolean
  /** Threads that analyze (the process's segment threads, as for the embedded build). Defaults to one per core, at most four. */
  workers?: number | undefined
  onProgress?: (progress: ReindexProgress) => void
}

export interface ClusterReindexSummary {
  mode: 'full' | 'incremental'
  fullReason?: string
  articles: { added: number, updated: number, removed: number, unchanged: number }
  /**
   * When the user dictionary changed since the last build (and the reindex was not full):
   * the words added and removed, the corpus files read again because they hold one, and
   * their articles analyzed again (not counted in `articles`).
   */
  dictionary?: DictionaryChange & { reanalyzed: number, filesReread: number }
  files: { total: number, read: number, unchanged: number, removed: number, skipped: number }
  problems: IngestProblem[]
  /** Articles the cluster holds now, and its generation. */
  documents: number
  generation: number
  ms: number
}

/**
 * Brings the cluster in step with the corpus, as `reindex` does for the embedded index,
 * through the same corpus sync (one diff, the first file keeping an id) with the cluster's
 * writer: files whose fingerprint is unchanged are not read again; the articles of new and
 * changed files are analyzed on the process's segment threads and written to every shard
 * replica in parallel; the new generation is published at once, then the shards are
 * compacted. After a user dictionary change only the files that hold a changed word are
 * read again (see startFrom). Full when asked, when the cluster has no manifest, or when
 * another version of the analysis chain built it.
 */
export async function reindexCluster (options: ClusterReindexOptions): Promise<ClusterReindexSummary> {
  const started = performance.now()
  const workers = checkWorkers(options.workers)
  const userWords = await readUserDictionary(join(options.corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  const connection = await ClusterConnection.open(options.engine)
  try {
    const stored = await connection.readManifest()
    const start = options.full === true
      ? { reason: 'asked for (--full)' }
      : stored === undefined ? { reason: 'no index yet' } : await startFrom(connection, stored, analyzer)
    const fullReason = 'reason' in start ? start.reason : undefined
    const previous = stored ?? emptyManifest(analyzer.fingerprint, userWords, options.corpusDir)
    const cleaned = await cleanLeftovers(connection, previous)
    const known = fullReason === undefined ? await readKnownSources(connection, previous) : new Map<string, KnownSource>()
    // The files that hold a changed user word are read again, as if they had changed.
    const reread = 'reread' in start ? [...start.reread].flatMap(file => known.get(file) ?? []) : []
    for (const source of reread) known.delete(source.file)
    const files = await listCorpusFiles(options.corpusDir)
    const sync = await syncCorpus(options.corpusDir, known, (expectedChars, indexed) => createClusterWriter({
      connection, analyzer, previous, known, full: fullReason !== undefined, cleaned, files, workers, expectedChars, onIndexed: indexed,
      ...('previousAnalyzer' in start ? { previousAnalyzer: start.previousAnalyzer } : {}),
    }), { onProgress: options.onProgress })
    const manifest = await sync.committed.publish(sync.sources, options.corpusDir)
    const { removed, replaced } = sync.committed
    // Articles of files read again only for the dictionary, unchanged: neither added nor removed.
    const now = new Map(sync.sources.map(source => [source.file, source]))
    const reanalyzed = reread.filter(source => now.get(source.file)?.fingerprint === source.fingerprint).reduce((sum, source) => sum + source.articleIds.length, 0)
    return {
      mode: fullReason === undefined ? 'incremental' : 'full',
      ...(fullReason !== undefined ? { fullReason } : {}),
      articles: { added: sync.written.size - replaced - reanalyzed, updated: replaced, removed: removed - reanalyzed, unchanged: manifest.documents - sync.written.size },
      ...('previousAnalyzer' in start ? { dictionary: { ...start.change, reanalyzed, filesReread: reread.length } } : {}),
      files: sync.files,
      problems: sync.problems,
      documents: manifest.documents,
      generation: manifest.generation,
      ms: Math.round(performance.now() - started),
    }
  } finally {
    await connection.close()
  }
}

/** How a reindex starts from the published generation (see startFrom). */
type ClusterStart =
  | { reason: string }
  | { change?: undefined }
  | { change: DictionaryChange, previousAnalyzer: Analyzer, reread: Set<string> }

/**
 * How the published generation is brought to `analyzer`. The same analyzer: as it is. One
 * with other user words (the rest of the chain the one that built it): the corpus files
 * holding an added or removed word are read again, the others kept, so that the cluster
 * holds what a full build with the new words writes (no other article is cut differently:
 * engine/dictionary-change.ts says why). Otherwise, or when the change touches most
 * articles, a full rebuild and why.
 */
async function startFrom (connection: ClusterConnection, stored: ClusterManifest, analyzer: Analyzer): Promise<ClusterStart> {
  if (stored.analyzerFingerprint === analyzer.fingerprint) return {}
  if (!builtByThisChain(stored.analyzerFingerprint, stored.userWords)) return { reason: 'the cluster was built by another version of the analysis chain' }
  const previousAnalyzer = createAnalyzer({ userWords: stored.userWords })
  const change = diffUserWords(stored.userWords, analyzer.userWords)
  // Normalized as the segmenter normalizes its user words (總工會 is matched as 总工会).
  const words = [...change.added, ...change.removed].map(word => analyzer.normalizeTerm(word))
  const touched = await documentsHolding(new ClusterBackend(connection, analyzer, clusterGeneration(stored)), words)
  if (touched.length > stored.documents * DICTIONARY_REBUILD_SHARE) {
    return { reason: `the user dictionary change touches ${touched.length} of ${stored.documents} articles, which a full rebuild analyzes as fast` }
  }
  const reread = new Set(touched.flatMap(document => document.metadata.origin?.file ?? []))
  return { change, previousAnalyzer, reread }
}
