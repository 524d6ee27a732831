import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { type ReindexProgress, syncCorpus } from '../indexing/sync-corpus.js'
import { listCorpusFiles } from '../ingest/read-corpus.js'
import { checkWorkers } from '../options.js'
import type { IngestProblem } from '../types.js'
import { ClusterConnection } from './cluster-connection.js'
import { emptyManifest } from './cluster-manifest.js'
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
 * compacted. Full when asked, when the cluster has no manifest, or when the analyzer (the
 * user dictionary) changed.
 */
export async function reindexCluster (options: ClusterReindexOptions): Promise<ClusterReindexSummary> {
  const started = performance.now()
  const workers = checkWorkers(options.workers)
  const userWords = await readUserDictionary(join(options.corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  const connection = await ClusterConnection.open(options.engine)
  try {
    const stored = await connection.readManifest()
    const fullReason = options.full === true
      ? 'asked for (--full)'
      : stored === undefined ? 'no index yet' : stored.analyzerFingerprint !== analyzer.fingerprint ? 'the user dictionary changed' : undefined
    const previous = stored ?? emptyManifest(analyzer.fingerprint, userWords, options.corpusDir)
    const cleaned = await cleanLeftovers(connection, previous)
    const known = fullReason === undefined ? await readKnownSources(connection, previous) : new Map()
    const files = await listCorpusFiles(options.corpusDir)
    const sync = await syncCorpus(options.corpusDir, known, (expectedChars, indexed) => createClusterWriter({
      connection, analyzer, previous, known, full: fullReason !== undefined, cleaned, files, workers, expectedChars, onIndexed: indexed,
    }), { onProgress: options.onProgress })
    const manifest = await sync.committed.publish(sync.sources, options.corpusDir)
    const { removed, replaced } = sync.committed
    return {
      mode: fullReason === undefined ? 'incremental' : 'full',
      ...(fullReason !== undefined ? { fullReason } : {}),
      articles: { added: sync.written.size - replaced, updated: replaced, removed, unchanged: manifest.documents - sync.written.size },
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
