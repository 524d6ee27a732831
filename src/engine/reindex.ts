import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createAnalyzer } from '../analysis/analyzer.js'
import { readUserDictionary, USER_DICTIONARY_FILE } from '../analysis/user-dictionary.js'
import { SearchEngine } from './search-engine.js'
import { checkPath } from './check-arguments.js'
import { isZhsearchError } from '../errors.js'
import { fingerprintBytes } from '../ingest/fingerprint.js'
import { listCorpusFiles, readCorpusFile } from '../ingest/read-corpus.js'
import { buildSegment, newSegmentName } from '../indexing/build-segment.js'
import { checkSaveFolder, loadIndex, readManifest, saveIndex, type SaveIndexOptions } from '../indexing/index-store.js'
import type { IndexedSource, Manifest } from '../indexing/manifest.js'
import { applyMergePolicy } from '../indexing/merge-policy.js'
import { type SegmentPool, segmentPool, threadsFor } from '../indexing/segment-pool.js'
import { decodeSegment } from '../indexing/segment/segment-file.js'
import { Segment } from '../indexing/segment/segment.js'
import { SegmentedIndex } from '../indexing/segmented-index.js'
import { checkWorkers, type EngineOptions, SEGMENT_CHARS } from '../options.js'
import type { Article, IngestProblem } from '../types.js'

/** A step of a reindex, reported as it goes. */
export interface ReindexProgress {
  phase: 'scan' | 'read' | 'index' | 'save'
  /** Files read so far (new and changed files; unchanged ones are not read). */
  filesDone: number
  /** Files in the corpus. */
  filesTotal: number
  /** Bytes of the new and changed files read so far. */
  bytesDone: number
  /** Bytes of the new and changed files (known once the scan is done). */
  bytesTotal: number
  /** Articles indexed so far (in finished segments). */
  articlesDone: number
  /** Articles read so far from new and changed files. */
  articlesTotal: number
}

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
  const files = await listCorpusFiles(corpusDir)
  const previous = options.full === true ? { reason: 'asked for (--full)' } : await openPrevious(indexDir, analyzer.fingerprint)
  const index = 'index' in previous ? previous.index : new SegmentedIndex(analyzer)
  const previousSources = new Map(('manifest' in previous ? previous.manifest.sources : []).map(source => [source.file, source]))
  const progress: ReindexProgress = { phase: 'scan', filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: 0, articlesDone: 0, articlesTotal: 0 }
  onProgress?.({ ...progress })

  const scan = await scanCorpus(corpusDir, files, previousSources)
  progress.phase = 'read'
  progress.bytesTotal = scan.changed.reduce((sum, { size }) => sum + size, 0)
  // Chinese UTF-8 is about three bytes a character.
  const threads = threadsFor(workers, Math.ceil(progress.bytesTotal / 3))
  const pool = threads > 0 ? segmentPool(threads, analyzer) : undefined
  const keptIds = new Map<string, string>()
  for (const source of scan.unchanged) for (const id of source.articleIds) keptIds.set(id, source.file)
  const toRemove = new Set<string>()
  for (const file of [...scan.changed.map(({ file }) => file), ...scan.removed]) for (const id of previousSources.get(file)?.articleIds ?? []) toRemove.add(id)

  // Read changed files in order; hand a batch to the builders whenever it is big enough.
  const builder = createBatchBuilder(pool, analyzer, batchChars(progress.bytesTotal, pool?.workers ?? 1), count => {
    progress.articlesDone += count
    onProgress?.({ ...progress })
  })
  const sources: IndexedSource[] = [...scan.unchanged]
  const problems: IngestProblem[] = scan.unchanged.flatMap(source => source.problems ?? [])
  const added = new Set<string>()
  for (const { file, size } of scan.changed) {
    const result = await readCorpusFile(corpusDir, file)
    const { articleIds, fileProblems } = acceptArticles(result.articles, file, keptIds, result.problems)
    for (const article of result.articles) if (articleIds.has(article.id)) builder.add(article)
    for (const id of articleIds) added.add(id)
    problems.push(...fileProblems)
    sources.push({ ...result.source, articleIds: [...articleIds], ...(fileProblems.length > 0 ? { problems: fileProblems } : {}) })
    progress.filesDone++
    progress.bytesDone += size
    progress.articlesTotal += articleIds.size
    onProgress?.({ ...progress })
  }
  progress.phase = 'index'
  onProgress?.({ ...progress })
  const segments = await builder.finish()

  const updated = [...toRemove].filter(id => added.has(id)).length
  const removed = index.remove([...toRemove].filter(id => !added.has(id)))
  index.remove([...toRemove].filter(id => added.has(id)))
  for (const segment of segments) index.addSegment(segment)
  const merged = applyMergePolicy(index)

  progress.phase = 'save'
  onProgress?.({ ...progress })
  sources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const manifest = await saveIndex(indexDir, index, {
    corpus: corpusDir,
    userDictionaryFingerprint: dictionaryFingerprint(userWords),
    sources,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
  }, { allowOtherFiles: options.allowOtherFiles })
  return {
    mode: 'index' in previous ? 'incremental' : 'full',
    ...('reason' in previous ? { fullReason: previous.reason } : {}),
    articles: { added: added.size - updated, updated, removed, unchanged: index.size - added.size },
    files: { total: files.length, read: scan.changed.length, unchanged: scan.unchanged.length, removed: scan.removed.length, skipped: sources.filter(source => source.articleIds.length === 0 && (source.problems?.length ?? 0) > 0).length },
    problems,
    documents: index.size,
    terms: index.termCount,
    segments: { total: index.segments.length, written: segments.length + merged },
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
  const files = await listCorpusFiles(corpusDir)
  const scan = await scanCorpus(corpusDir, files, new Map(manifest.sources.map(source => [source.file, source])))
  const added = scan.changed.filter(({ known }) => !known).map(({ file }) => file)
  const changed = scan.changed.filter(({ known }) => known).map(({ file }) => file)
  const userWords = await readUserDictionary(join(corpusDir, USER_DICTIONARY_FILE))
  const dictionaryChanged = (manifest.userDictionaryFingerprint ?? '') !== dictionaryFingerprint(userWords)
  const reasons = [
    ...(added.length > 0 ? [`${added.length} new file(s): ${preview(added)}`] : []),
    ...(changed.length > 0 ? [`${changed.length} changed file(s): ${preview(changed)}`] : []),
    ...(scan.removed.length > 0 ? [`${scan.removed.length} removed file(s): ${preview(scan.removed)}`] : []),
    ...(dictionaryChanged ? [`the user dictionary (${USER_DICTIONARY_FILE}) changed`] : []),
  ]
  return { stale: reasons.length > 0, reasons, added, changed, removed: scan.removed, dictionaryChanged }
}

/** The corpus against what the index remembers of it: unchanged sources, changed or new files, removed files. */
async function scanCorpus (corpusDir: string, files: readonly string[], previous: ReadonlyMap<string, IndexedSource>): Promise<{
  unchanged: IndexedSource[]
  changed: Array<{ file: string, size: number, known: boolean }>
  removed: string[]
}> {
  const unchanged: IndexedSource[] = []
  const changed: Array<{ file: string, size: number, known: boolean }> = []
  for (const file of files) {
    const bytes = await readFile(join(corpusDir, file))
    const before = previous.get(file)
    if (before !== undefined && before.fingerprint === fingerprintBytes(bytes)) unchanged.push(before)
    else changed.push({ file, size: bytes.length, known: before !== undefined })
  }
  const present = new Set(files)
  return { unchanged, changed, removed: [...previous.keys()].filter(file => !present.has(file)) }
}

/** The articles of a file whose ids are not taken by an earlier file, and a problem for each one that is. */
function acceptArticles (articles: readonly Article[], file: string, keptIds: Map<string, string>, problems: readonly IngestProblem[]): { articleIds: Set<string>, fileProblems: IngestProblem[] } {
  const articleIds = new Set<string>()
  const fileProblems = [...problems]
  for (const article of articles) {
    const owner = keptIds.get(article.id)
    if (owner !== undefined) {
      fileProblems.push({ file, code: 'DUPLICATE_ID', message: `article id ${JSON.stringify(article.id)} is already used in ${owner}; this one is skipped`, ...(article.origin?.line !== undefined ? { line: article.origin.line } : {}) })
      continue
    }
    keptIds.set(article.id, file)
    articleIds.add(article.id)
  }
  return { articleIds, fileProblems }
}

/**
 * Characters per new segment: the changed text split so that every worker gets about two
 * segments (one to build while the next is read), within SEGMENT_CHARS.
 */
function batchChars (changedBytes: number, workers: number): number {
  return Math.max(1 << 16, Math.min(SEGMENT_CHARS, Math.ceil(changedBytes / 3 / (workers * 2))))
}

/** Collects articles into batches of about `chars` characters and builds a segment of each, on the pool or here. */
function createBatchBuilder (pool: SegmentPool | undefined, analyzer: ReturnType<typeof createAnalyzer>, chars: number, done: (articles: number) => void): { add (article: Article): void, finish (): Promise<Segment[]> } {
  const building: Array<Promise<Segment>> = []
  let batch: Article[] = []
  let filled = 0
  const flush = (): void => {
    if (batch.length === 0) return
    const articles = batch
    batch = []
    filled = 0
    building.push(pool === undefined
      ? Promise.resolve().then(() => {
        const segment = new Segment(newSegmentName(), buildSegment(articles, analyzer))
        done(articles.length)
        return segment
      })
      : pool.build(articles).then(files => {
        done(articles.length)
        return new Segment(newSegmentName(), decodeSegment(files))
      }))
  }
  return {
    add (article) {
      batch.push(article)
      filled += article.title.length + article.body.length
      if (filled >= chars) flush()
    },
    async finish () {
      flush()
      return Promise.all(building)
    },
  }
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
