import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { isZhsearchError } from '../errors.js'
import { changedFiles } from '../ingest/corpus-diff.js'
import { loadIndex, readManifest } from '../indexing/index-load.js'
import { checkSaveFolder, saveIndex, type SaveIndexOptions } from '../indexing/index-save.js'
import { createSegmentWriter } from '../indexing/index-writer.js'
import type { Manifest } from '../indexing/manifest.js'
import { SegmentedIndex } from '../indexing/segmented-index.js'
import { type ReindexProgress, syncCorpus } from '../indexing/sync-corpus.js'
import { checkWorkers, type EngineOptions } from '../options.js'
import type { IngestProblem } from '../types.js'
import { checkPath } from './check-arguments.js'
import { SearchEngine } from './search-engine.js'

export type { ReindexProgress } from '../indexing/sync-corpus.js'

export interface ReindexOptions extends SaveIndexOptions {
  /** The corpus folder. Its `user.dict`, if any, extends the segmenter's dictionary. */
  corpusDir: string
  /** The index folder to update (created if missing). */
  indexDir: string
  /**
   * Rebuild from scratch instead of reusing the segments of unchanged files. A reindex is
   * also full when there is no usable index yet or the user dictionary changed.
   * Defaults to `false`.
   */
  full?: boolean | undefined
  /**
   * The most threads that build segments (analysis, postings, serialization) while this
   * thread reads the corpus; `0` builds on this thread. As for an engine's builds
   * (BuildOptions.workers): the process's own threads, used only when the new text pays for
   * them. Defaults to one per core, at most four.
   */
  workers?: number | undefined
  onProgress?: ((progress: ReindexProgress) => void) | undefined
  /** Options of the engine the summary returns (searches over the new index). */
  engineOptions?: Omit<EngineOptions, 'userWords'> | undefined
}

/** What a reindex did. */
export interface ReindexSummary {
  mode: 'full' | 'incremental'
  /** Why the reindex was full, when it was. */
  fullReason?: string
  articles: { added: number, updated: number, removed: number, unchanged: number }
  files: { total: number, read: number, unchanged: number, removed: number, skipped: number }
  /** Every file or record that was skipped, with its reason (also those of unchanged files). */
  problems: IngestProblem[]
  documents: number
  terms: number
  /** Segments of the new index, and how many this reindex wrote (built or merged). */
  segments: { total: number, written: number }
  sizeBytes: number
  ms: number
  manifest: Manifest
  /** The engine over the new index, ready to search. */
  engine: SearchEngine
}

/** Whether an index still matches its corpus, for `zhsearch stats` and `npm start`. */
export interface Freshness {
  stale: boolean
  /** What changed, in words a person reads (empty when fresh). */
  reasons: string[]
  added: string[]
  changed: string[]
  removed: string[]
  dictionaryChanged: boolean
}

/**
 * Brings the index in `indexDir` in step with the corpus in `corpusDir`.
 *
 * Incremental by default: files whose content fingerprint is unchanged keep their
 * segments without being read again; the articles of changed and deleted files are
 * deleted (tombstones), and those of new and changed files go into new segments, built on
 * worker threads while this thread reads on. Small segments are then merged. The new
 * manifest is switched in atomically, so an interrupted reindex leaves the previous index.
 */
export async function reindex (options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now()
  const { onProgress } = options
  const corpusDir = checkPath(options?.corpusDir, 'reindex({ corpusDir })')
  const indexDir = checkPath(options.indexDir, 'reindex({ indexDir })')
  const workers = checkWorkers(options.workers)
  // A folder the index cannot go into is refused before the corpus is read.
  await checkSaveFolder(indexDir, options)
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  const previous = options.full === true ? { reason: 'asked for (--full)' } : await openPrevious(indexDir, analyzer.fingerprint)
  const index = 'index' in previous ? previous.index : new SegmentedIndex(analyzer)
  const known = new Map(('manifest' in previous ? previous.manifest.sources : []).map(source => [source.file, source]))
  const sync = await syncCorpus(corpusDir, known, (expectedChars, indexed) =>
    createSegmentWriter(index, { workers, expectedChars, searchAfter: false, onProgress: progress => indexed(progress.articlesDone) }), onProgress)

  onProgress?.({ phase: 'save', filesDone: sync.files.read, filesTotal: sync.files.total, bytesDone: 0, bytesTotal: 0, articlesDone: sync.written.size, articlesTotal: sync.written.size })
  const manifest = await saveIndex(indexDir, index, {
    corpus: corpusDir,
    userDictionaryFingerprint: dictionaryFingerprint(userWords),
    sources: sync.sources,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
  }, { allowOtherFiles: options.allowOtherFiles })
  const { removed, replaced, built, merged } = sync.committed
  return {
    mode: 'index' in previous ? 'incremental' : 'full',
    ...('reason' in previous ? { fullReason: previous.reason } : {}),
    articles: { added: sync.written.size - replaced, updated: replaced, removed, unchanged: index.size - sync.written.size },
    files: sync.files,
    problems: sync.problems,
    documents: index.size,
    terms: index.termCount,
    segments: { total: index.segments.length, written: built + merged },
    sizeBytes: manifest.sizeBytes,
    ms: Math.round(performance.now() - started),
    manifest,
    engine: SearchEngine.fromIndex(index, manifest, options.engineOptions),
  }
}

/**
 * Compares an index with its corpus: files added, changed or removed since the build, and
 * whether the user dictionary changed. Throws INDEX_NOT_FOUND when there is no index.
 */
export async function checkFreshness (corpusDir: string, indexDir: string): Promise<Freshness> {
  const manifest = await readManifest(indexDir)
  const { added, changed, removed } = await changedFiles(corpusDir, new Map(manifest.sources.map(source => [source.file, source])))
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const dictionaryChanged = (manifest.userDictionaryFingerprint ?? '') !== dictionaryFingerprint(userWords)
  const reasons = [
    ...(added.length > 0 ? [`${added.length} new file(s): ${preview(added)}`] : []),
    ...(changed.length > 0 ? [`${changed.length} changed file(s): ${preview(changed)}`] : []),
    ...(removed.length > 0 ? [`${removed.length} removed file(s): ${preview(removed)}`] : []),
    ...(dictionaryChanged ? [`the user dictionary (${USER_DICTIONARY_FILE}) changed`] : []),
  ]
  return { stale: reasons.length > 0, reasons, added, changed, removed, dictionaryChanged }
}

/** A fingerprint of the user dictionary's words ('' for none), recorded in the manifest. */
function dictionaryFingerprint (words: readonly string[]): string {
  if (words.length === 0) return ''
  return createHash('sha256').update([...words].sort().join('\n')).digest('hex').slice(0, 16)
}

function preview (files: readonly string[]): string {
  return files.slice(0, 3).join(', ') + (files.length > 3 ? ', …' : '')
}

/**
 * The previous index, when it can be updated in place; otherwise why a full rebuild is
 * needed (no index, unreadable, or built with another analyzer or user dictionary).
 */
async function openPrevious (indexDir: string, fingerprint: string): Promise<{ index: SegmentedIndex, manifest: Manifest } | { reason: string }> {
  try {
    const previous = await loadIndex(indexDir)
    if (previous.manifest.analyzer.fingerprint !== fingerprint) return { reason: 'the user dictionary changed' }
    return previous
  } catch (error) {
    if (isZhsearchError(error)) {
      return { reason: error.code === 'INDEX_NOT_FOUND' ? 'no index yet' : `the previous index could not be used (${error.code})` }
    }
    throw error
  }
}
