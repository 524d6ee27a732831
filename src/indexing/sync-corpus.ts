import { diffCorpus, estimateChangedBytes, type KnownSource, staleIds } from '../ingest/corpus-diff.js'
import { listCorpusFiles } from '../ingest/read-corpus.js'
import type { Article, IngestProblem } from '../types.js'
import type { IndexWriter } from './index-writer.js'
import { startSegmentThreads, threadsFor } from './segment-pool.js'

/** A step of a reindex, reported as it goes. */
export interface ReindexProgress {
  phase: 'scan' | 'read' | 'index' | 'save'
  /** Files read so far (new and changed files; unchanged ones are fingerprinted, not parsed). */
  filesDone: number
  /** Files in the corpus. */
  filesTotal: number
  /** Bytes of the new and changed files read so far. */
  bytesDone: number
  /** Bytes of the new and changed files (estimated from their sizes before they are read). */
  bytesTotal: number
  /** Articles indexed so far. */
  articlesDone: number
  /** Articles read so far from new and changed files. */
  articlesTotal: number
}

/** What a corpus folder's sync did, before the caller saves it. */
export interface CorpusSync<Committed> {
  /** Every corpus file's record for the new index, sorted by path. */
  sources: KnownSource[]
  /** Every problem of the corpus (also those remembered of unchanged files). */
  problems: IngestProblem[]
  files: { total: number, read: number, unchanged: number, removed: number, skipped: number }
  /** Ids written (from new and changed files), and ids that left the index (stale and not written again). */
  written: ReadonlySet<string>
  stale: ReadonlySet<string>
  /** Articles of unchanged files written again (see SyncOptions.reanalyze). */
  reanalyzed: number
  committed: Committed
}

/** What a sync does besides following the corpus. */
export interface SyncOptions {
  onProgress?: ((progress: ReindexProgress) => void) | undefined
  /**
   * Live articles to analyze again although their file is unchanged (those a user
   * dictionary change touches), as the index stores them: written with the corpus's
   * changes, except those whose file this sync reads again or removes (the corpus decides
   * what they are now). Defaults to none.
   */
  reanalyze?: readonly Article[] | undefined
  /**
   * Leave the articles of a re-read file that are as they were (DiffEntry.unchanged) where
   * they are, instead of writing them again: an index whose documents are articles (the
   * embedded one) says true; the cluster, whose documents are numbered by file version,
   * writes a changed file whole. Defaults to false.
   */
  keepUnchanged?: boolean | undefined
  /** The corpus's files and the estimate of its change against the same `known`, when already made (startThreadsForSync's). */
  scan?: Promise<CorpusScan> | undefined
}

/** A corpus folder's files and the bytes of its new and changed ones (estimated from their sizes). */
export interface CorpusScan {
  files: string[]
  changedBytes: number
}

/** Lists the corpus and estimates its change against `known`: what sizes a sync's writer. */
async function scanCorpus (corpusDir: string, known: ReadonlyMap<string, KnownSource>): Promise<CorpusScan> {
  const files = await listCorpusFiles(corpusDir)
  return { files, changedBytes: await estimateChangedBytes(corpusDir, files, known) }
}

/**
 * How a writer is made, once the text it will get is estimated; it reports the articles it
 * has indexed so far to `indexed` (as its segments or batches finish).
 */
export type WriterFactory<Committed> = (expectedChars: number, indexed: (articlesDone: number) => void) => IndexWriter<Committed>

/** Characters of UTF-8 Chinese text of `bytes` bytes (about three a character). */
function charsOf (bytes: number): number {
  return Math.ceil(bytes / 3)
}

/**
 * Starts the segment threads that a sync of the corpus against `known` with `workers` will
 * build on (threadsFor, from the same estimate of the changed text the sync makes), so that
 * they load Jieba (about a second) while the caller reads the previous index. None when the
 * change is built on the calling thread: a thread loading Jieba would keep a process that
 * has nothing to build alive. The scan it made is the sync's (SyncOptions.scan).
 */
export async function startThreadsForSync (corpusDir: string, known: ReadonlyMap<string, KnownSource>, workers: number | undefined): Promise<CorpusScan> {
  const scan = await scanCorpus(corpusDir, known)
  const threads = threadsFor(workers, charsOf(scan.changedBytes))
  if (threads > 0) startSegmentThreads(threads)
  return scan
}

/**
 * Brings an index in step with a corpus folder through its writer: one pass of the corpus
 * diff (each file read once, in corpus order, the first file keeping an id), the articles
 * of each new or changed file handed to the writer as the file is read (its threads build
 * while the next file is read), the articles of changed and removed files deleted, and one
 * commit. The embedded reindex and the cluster's are the same sync with another writer.
 */
export async function syncCorpus<Committed> (corpusDir: string, known: ReadonlyMap<string, KnownSource>, makeWriter: WriterFactory<Committed>, options: SyncOptions = {}): Promise<CorpusSync<Committed>> {
  const { onProgress } = options
  const { files, changedBytes } = await (options.scan ?? scanCorpus(corpusDir, known))
  const progress: ReindexProgress = { phase: 'scan', filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal: changedBytes, articlesDone: 0, articlesTotal: 0 }
  onProgress?.({ ...progress })
  const writer = makeWriter(charsOf(progress.bytesTotal), articlesDone => {
    progress.articlesDone = articlesDone
    onProgress?.({ ...progress })
  })
  progress.phase = 'read'
  const written = new Set<string>()
  const keepUnchanged = options.keepUnchanged === true
  const diff = await diffCorpus(corpusDir, files, known, entry => {
    if (entry.kind !== 'read') return
    const changed = keepUnchanged ? entry.articles.filter(article => !entry.unchanged.has(article.id)) : entry.articles
    writer.add(changed)
    for (const article of changed) written.add(article.id)
    progress.filesDone++
    progress.bytesDone += entry.bytes
    progress.articlesTotal += changed.length
    onProgress?.({ ...progress })
  })
  const stale = staleIds(diff, keepUnchanged)
  writer.remove(stale)
  const reanalyze = (options.reanalyze ?? []).filter(article => !written.has(article.id) && !stale.has(article.id))
  if (reanalyze.length > 0) writer.add(reanalyze)
  progress.articlesTotal += reanalyze.length
  progress.phase = 'index'
  onProgress?.({ ...progress })
  const committed = await writer.commit()
  progress.articlesDone = progress.articlesTotal
  const sources = diff.entries.map(entry => entry.source).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const read = diff.entries.filter(entry => entry.kind === 'read').length
  return {
    sources,
    problems: sources.flatMap(source => source.problems ?? []),
    files: {
      total: files.length,
      read,
      unchanged: files.length - read,
      removed: diff.removed.length,
      skipped: sources.filter(source => source.articleIds.length === 0 && (source.problems?.length ?? 0) > 0).length,
    },
    written,
    stale: new Set([...stale].filter(id => !written.has(id))),
    reanalyzed: reanalyze.length,
    committed,
  }
}
