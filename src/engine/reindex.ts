import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { type Analyzer, createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { isZhsearchError } from '../errors.js'
import { changedFiles } from '../ingest/corpus-diff.js'
import { loadIndex, readManifest } from '../indexing/index-load.js'
import { checkSaveFolder, saveIndex, type SaveIndexOptions } from '../indexing/index-save.js'
import { withIndexLock } from '../indexing/index-lock.js'
import { createSegmentWriter } from '../indexing/index-writer.js'
import type { Manifest } from '../indexing/manifest.js'
import { SegmentedIndex } from '../indexing/segmented-index.js'
import { type CorpusScan, type ReindexProgress, startThreadsForSync, syncCorpus } from '../indexing/sync-corpus.js'
import { DICTIONARY_REBUILD_SHARE, type DictionaryChange, diffUserWords } from '../indexing/user-words-change.js'
import { checkWorkers, type EngineOptions } from '../options.js'
import type { Article, IngestProblem } from '../types.js'
import { checkPath } from './check-arguments.js'
import { articlesTouchedBy } from './dictionary-change.js'
import { SearchEngine } from './search-engine.js'

export type { ReindexProgress } from '../indexing/sync-corpus.js'

export interface ReindexOptions extends SaveIndexOptions {
  /** The corpus folder. Its `user.dict`, if any, extends the segmenter's dictionary. */
  corpusDir: string
  /** The index folder to update (created if missing). */
  indexDir: string
  /**
   * Rebuild from scratch instead of reusing the segments of unchanged files. A reindex is
   * also full when there is no usable index yet, or it was built by another analysis chain
   * (a user dictionary change is not one: only the articles holding the words added or
   * removed are analyzed again). Defaults to `false`.
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
  /**
   * When the user dictionary changed since the last build (and the reindex was not full):
   * the words added and removed, and how many articles of unchanged files were analyzed
   * again because they hold one of them (their counts are not in `articles`).
   */
  dictionary?: DictionaryChange & { reanalyzed: number }
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
 * worker threads while this thread reads on. After a user dictionary change, the articles
 * of unchanged files that hold a word added or removed are analyzed again the same way (see
 * articlesTouchedBy), so that the index is the one a full build makes with the new words.
 * Small segments are then merged. The new manifest is switched in atomically, so an
 * interrupted reindex leaves the previous index.
 */
export async function reindex (options: ReindexOptions): Promise<ReindexSummary> {
  const started = performance.now()
  const corpusDir = checkPath(options?.corpusDir, 'reindex({ corpusDir })')
  const indexDir = checkPath(options.indexDir, 'reindex({ indexDir })')
  const workers = checkWorkers(options.workers)
  // A folder the index cannot go into is refused before the corpus is read; another
  // process writing it, before anything is built (INDEX_LOCKED).
  return await withIndexLock(indexDir, 'zhsearch reindex', async () => {
    try {
      return await rebuild(corpusDir, indexDir, workers, options, started)
    } catch (error) {
      // A lie inside a posting list of the previous index shows only when a merge decodes
      // it (its open checks passed): nothing was saved, so build the index anew instead.
      if (options.full === true || !isZhsearchError(error) || error.code !== 'INDEX_CORRUPT') throw error
      return await rebuild(corpusDir, indexDir, workers, { ...options, full: true }, started, `the previous index is damaged (${error.message.replace(/^zhsearch: /, '')})`)
    }
  }, () => checkSaveFolder(indexDir, options))
}

/** The reindex of {@link reindex}, with the paths checked and the index folder locked; `fullReason` says why a full one is. */
async function rebuild (corpusDir: string, indexDir: string, workers: number | undefined, options: ReindexOptions, started: number, fullReason = 'asked for (--full)'): Promise<ReindexSummary> {
  const { onProgress } = options
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const analyzer = createAnalyzer({ userWords })
  // The corpus's scan, made early against the previous manifest (see openPrevious).
  let scan: Promise<CorpusScan> | undefined
  const start = options.full === true ? { reason: fullReason } : await startFrom(await openPrevious(indexDir, analyzer, corpusDir, workers, made => { scan = made }), analyzer)
  const index = 'index' in start ? start.index : new SegmentedIndex(analyzer)
  const known = new Map(('manifest' in start ? start.manifest.sources : []).map(source => [source.file, source]))
  const reanalyze = 'reanalyze' in start ? start.reanalyze : []
  const reanalyzeChars = reanalyze.reduce((sum, article) => sum + article.title.length + article.body.length, 0)
  const sync = await syncCorpus(corpusDir, known, (expectedChars, indexed) =>
    createSegmentWriter(index, { workers, expectedChars: expectedChars + reanalyzeChars, searchAfter: false, onProgress: progress => indexed(progress.articlesDone) }), { onProgress, reanalyze, keepUnchanged: true, scan: 'manifest' in start ? scan : undefined })

  const indexed = sync.written.size + sync.reanalyzed
  onProgress?.({ phase: 'save', filesDone: sync.files.read, filesTotal: sync.files.total, bytesDone: 0, bytesTotal: 0, articlesDone: indexed, articlesTotal: indexed })
  const manifest = await saveIndex(indexDir, index, {
    corpus: corpusDir,
    userDictionaryFingerprint: dictionaryFingerprint(userWords),
    sources: sync.sources,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
  }, { allowOtherFiles: options.allowOtherFiles })
  const { removed, replaced, built, merged } = sync.committed
  return {
    mode: 'index' in start ? 'incremental' : 'full',
    ...('reason' in start ? { fullReason: start.reason } : {}),
    articles: { added: sync.written.size - replaced, updated: replaced, removed, unchanged: index.size - sync.written.size - sync.reanalyzed },
    ...('change' in start && start.change !== undefined ? { dictionary: { ...start.change, reanalyzed: sync.reanalyzed } } : {}),
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

/** Where an incremental reindex starts: the previous index, and what a dictionary change makes it analyze again. */
interface IncrementalStart {
  index: SegmentedIndex
  manifest: Manifest
  change?: DictionaryChange | undefined
  reanalyze: Article[]
}

/**
 * The previous index, when it can be updated in place; otherwise why a full rebuild is
 * needed (no index, or unreadable, or built by another analysis chain: see loadIndex).
 */
async function openPrevious (indexDir: string, analyzer: Analyzer, corpusDir: string, workers: number | undefined, scanned: (scan: Promise<CorpusScan>) => void): Promise<{ index: SegmentedIndex, manifest: Manifest } | { reason: string }> {
  try {
    return await loadIndex(indexDir, {
      whileReading: manifest => {
        // Jieba's dictionary (a second) loads while the segments are read: in the segment
        // threads the changed files will be built on, and here for a dictionary change
        // (it analyzes articles again). The scan is the sync's when it starts from this
        // manifest; a corpus that cannot be read says so there.
        const scan = startThreadsForSync(corpusDir, new Map(manifest.sources.map(source => [source.file, source])), workers)
        scan.catch(() => {})
        scanned(scan)
        if (manifest.analyzer.fingerprint !== analyzer.fingerprint) analyzer.warmUp()
      },
    })
  } catch (error) {
    if (isZhsearchError(error)) {
      if (error.code === 'INDEX_NOT_FOUND') return { reason: 'no index yet' }
      if (error.code === 'INDEX_ANALYZER_MISMATCH') return { reason: 'the index was built by another version of the analysis chain' }
      return { reason: `the previous index could not be used (${error.code})` }
    }
    throw error
  }
}

/**
 * How the previous index is brought to `analyzer`. The same analyzer: as it is. One with
 * other user words (loadIndex has checked that the rest of the chain is the one that built
 * it): its segments under the new analyzer, with the articles that hold a changed word to
 * analyze again, so that the index is the one a full build with the new words makes.
 */
async function startFrom (previous: { index: SegmentedIndex, manifest: Manifest } | { reason: string }, analyzer: Analyzer): Promise<IncrementalStart | { reason: string }> {
  if ('reason' in previous) return previous
  if (previous.manifest.analyzer.fingerprint === analyzer.fingerprint) return { ...previous, reanalyze: [] }
  const index = new SegmentedIndex(analyzer, previous.index.segments)
  const change = diffUserWords(previous.index.analyzer.userWords, analyzer.userWords)
  const reanalyze = await articlesTouchedBy(index, change, analyzer)
  if (reanalyze.length > index.size * DICTIONARY_REBUILD_SHARE) {
    return { reason: `the user dictionary change touches ${reanalyze.length} of ${index.size} articles, which a full rebuild analyzes as fast` }
  }
  return { index, manifest: previous.manifest, change, reanalyze }
}
