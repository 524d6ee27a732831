import { SEGMENT_CHARS } from '../options.js'
import type { Article } from '../types.js'
import { buildSegment, newSegmentName } from './build-segment.js'
import { applyMergePolicy } from './merge-policy.js'
import { type SegmentPool, segmentPool, threadsFor } from './segment-pool.js'
import { decodeSegment } from './segment/segment-file.js'
import { Segment } from './segment/segment.js'
import type { SegmentedIndex } from './segmented-index.js'

/**
 * What changes an index: articles to add (replacing live ones with the same id) and ids to
 * delete, applied together by `commit`. One writer owns building, deletes, merges and the
 * commit, whoever calls it: a live engine's add/update/remove, a reindex of a corpus folder
 * (the embedded index and the cluster alike: see syncCorpus), as Lucene's IndexWriter and
 * tantivy's do.
 */
export interface IndexWriter<Committed> {
  /** Queues articles to add; their analysis may start at once. Articles must carry unique ids. */
  add (articles: readonly Article[]): void
  /** Queues deletes by id (unknown ids are ignored). Deletes apply before the additions. */
  remove (ids: Iterable<string>): void
  /** Waits for what was queued and applies it all at once: searches see all of it or none. */
  commit (): Promise<Committed>
}

/** Progress of a writer's building, reported as segments finish. */
export interface BuildProgress {
  articlesDone: number
  articlesTotal: number
}

/** How a segment writer builds. */
export interface SegmentWriterOptions {
  /** Threads to build on: see threadsFor (undefined: automatic, `0`: this thread). */
  workers?: number | undefined
  /**
   * Characters the writer will be given in all, when the caller knows (or can estimate)
   * them: segments are cut so that every thread builds about two, and the build uses threads
   * only when the text pays for them. Without it, the text of each add() call is counted.
   */
  expectedChars?: number | undefined
  onProgress?: ((progress: BuildProgress) => void) | undefined
  /**
   * Whether the index will be searched in this process after the commit (default true):
   * then, while threads build, this thread loads Jieba's dictionary for those searches. A
   * reindex that only saves says false, and keeps that core and ~300 MiB for the build.
   */
  searchAfter?: boolean | undefined
}

/** What a commit of a segment writer did. */
export interface SegmentCommit {
  /** Live articles deleted (not counting those replaced by an addition). */
  removed: number
  /** Ids deleted and added again (replaced). */
  replaced: number
  /** Segments built, and segments made by merging. */
  built: number
  merged: number
}

/**
 * The embedded index's writer: additions are cut into batches and built as segments on the
 * process's segment threads (or on this thread when the text does not pay for threads),
 * while the caller goes on adding; the commit waits for them, deletes, adds the segments and
 * runs the merge policy in one synchronous step.
 */
export function createSegmentWriter (index: SegmentedIndex, options: SegmentWriterOptions = {}): IndexWriter<SegmentCommit> {
  const analyzer = index.analyzer
  const removes = new Set<string>()
  const added = new Set<string>()
  const building: Array<Promise<Segment>> = []
  let pool: SegmentPool | undefined
  let batchChars = SEGMENT_CHARS
  let planned = false
  let batch: Article[] = []
  let filled = 0
  let done = 0

  const plan = (chars: number): void => {
    if (planned) return
    planned = true
    const threads = threadsFor(options.workers, chars)
    if (threads === 0) return
    pool = segmentPool(threads, analyzer)
    // About two segments per thread: one builds while the next is read.
    batchChars = Math.max(1 << 16, Math.min(SEGMENT_CHARS, Math.ceil(chars / (threads * 2))))
  }
  const report = (count: number): void => {
    done += count
    options.onProgress?.({ articlesDone: done, articlesTotal: added.size })
  }
  const flush = (): void => {
    if (batch.length === 0) return
    const articles = batch
    batch = []
    filled = 0
    const segment = pool === undefined
      ? Promise.resolve().then(() => new Segment(newSegmentName(), buildSegment(articles, analyzer)))
      : pool.build(articles).then(files => new Segment(newSegmentName(), decodeSegment(files)))
    const reported = segment.then(built => {
      report(articles.length)
      return built
    })
    // Awaited by commit(); until then a failure must not count as unhandled.
    reported.catch(() => {})
    building.push(reported)
  }

  return {
    add (articles) {
      plan(options.expectedChars ?? articles.reduce((sum, article) => sum + textLength(article), 0))
      for (const article of articles) {
        added.add(article.id)
        batch.push(article)
        filled += textLength(article)
        if (filled >= batchChars) flush()
      }
    },
    remove (ids) {
      for (const id of ids) removes.add(id)
    },
    async commit () {
      flush()
      // While threads build, this thread loads Jieba's dictionary for the searches to come.
      if (pool !== undefined && options.searchAfter !== false) analyzer.warmUp()
      const segments = await Promise.all(building)
      const replaced = [...removes].filter(id => added.has(id))
      const removed = index.remove([...removes].filter(id => !added.has(id)))
      index.remove(replaced)
      for (const segment of segments) index.addSegment(segment)
      const merged = applyMergePolicy(index)
      return { removed, replaced: replaced.length, built: segments.length, merged }
    },
  }
}

function textLength (article: Pick<Article, 'title' | 'body'>): number {
  return article.title.length + article.body.length
}

