import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { fingerprintBytes } from '../ingest/fingerprint.js'
import { listCorpusFiles, readCorpusFile } from '../ingest/read-corpus.js'
import type { Article, IngestProblem } from '../types.js'
import { ClusterConnection, type ClusterManifest } from './cluster-connection.js'
import { stringKey } from './sphinx-terms.js'

/** Articles sent to the cluster per batch. */
const BATCH_ARTICLES = 500

export interface ClusterReindexOptions {
  corpusDir: string
  /** The cluster's head: `sphinxql://HOST:PORT`. */
  engine: string
  /** Empty the cluster and index every file. Defaults to `false`. */
  full?: boolean
  onProgress?: (progress: { filesDone: number, filesTotal: number, articlesDone: number }) => void
}

export interface ClusterReindexSummary {
  mode: 'full' | 'incremental'
  fullReason?: string
  articles: { added: number, updated: number, removed: number }
  files: { total: number, read: number, unchanged: number, removed: number }
  problems: IngestProblem[]
  ms: number
}

/**
 * Brings the cluster in step with the corpus, as `reindex` does for the embedded index:
 * files whose fingerprint is in the cluster's manifest are not read again; the articles
 * of changed and removed files are deleted by id (found by their file's key), and those
 * of new and changed files are written with REPLACE. Full when asked, when the cluster
 * has no manifest, or when the analyzer (the user dictionary) changed.
 */
export async function reindexCluster (options: ClusterReindexOptions): Promise<ClusterReindexSummary> {
  const started = performance.now()
  const userWords = await readUserDictionary(join(options.corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  const connection = await ClusterConnection.open(options.engine)
  try {
    const files = await listCorpusFiles(options.corpusDir)
    const previous = await connection.readManifest()
    const fullReason = options.full === true
      ? 'asked for (--full)'
      : previous === undefined ? 'no index yet' : previous.analyzerFingerprint !== analyzer.fingerprint ? 'the user dictionary changed' : undefined
    if (fullReason !== undefined) await connection.truncate()
    const known = new Map(fullReason === undefined ? previous!.sources.map(source => [source.file, source]) : [])

    const sources: ClusterManifest['sources'] = []
    const changed: string[] = []
    for (const file of files) {
      const bytes = await readFile(join(options.corpusDir, file))
      const before = known.get(file)
      if (before !== undefined && before.fingerprint === fingerprintBytes(bytes)) sources.push(before)
      else changed.push(file)
    }
    const present = new Set(files)
    const removedFiles = [...known.keys()].filter(file => !present.has(file))
    const oldDocs = new Set(await connection.documentIdsOfFiles([...changed.filter(file => known.has(file)), ...removedFiles]))

    const problems: IngestProblem[] = []
    const written = new Set<string>()
    let batch: Article[] = []
    const flush = async (): Promise<void> => {
      await connection.put(batch, analyzer)
      batch = []
      options.onProgress?.({ filesDone: sources.length, filesTotal: files.length, articlesDone: written.size })
    }
    for (const file of changed) {
      const result = await readCorpusFile(options.corpusDir, file)
      problems.push(...result.problems)
      for (const article of result.articles) {
        // The first file to use an id keeps it, as in the embedded reindex.
        if (written.has(article.id)) {
          problems.push({ file, code: 'DUPLICATE_ID', message: `article id ${JSON.stringify(article.id)} is already used by another file; this one is skipped` })
          continue
        }
        written.add(article.id)
        batch.push(article)
        if (batch.length >= BATCH_ARTICLES) await flush()
      }
      sources.push({ file, fingerprint: result.source.fingerprint, size: result.source.size })
    }
    if (batch.length > 0) await flush()
    const writtenDocs = new Set([...written].map(stringKey))
    const gone = [...oldDocs].filter(doc => !writtenDocs.has(doc))
    await connection.removeDocuments(gone)

    sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    await connection.writeManifest({ formatVersion: 1, analyzerFingerprint: analyzer.fingerprint, userWords: [...userWords], corpus: options.corpusDir, builtAt: new Date().toISOString(), sources })
    const updated = [...writtenDocs].filter(doc => oldDocs.has(doc)).length
    return {
      mode: fullReason === undefined ? 'incremental' : 'full',
      ...(fullReason !== undefined ? { fullReason } : {}),
      articles: { added: written.size - updated, updated, removed: gone.length },
      files: { total: files.length, read: changed.length, unchanged: files.length - changed.length, removed: removedFiles.length },
      problems,
      ms: Math.round(performance.now() - started),
    }
  } finally {
    await connection.close()
  }
}
