import type { Analyzer } from '../analysis/analyzer.js'
import { type AnalyzedArticle, analyzeArticle } from '../indexing/analyze-article.js'
import type { IndexWriter } from '../indexing/index-writer.js'
import { segmentPool, threadsFor } from '../indexing/segment-pool.js'
import { peopleOf } from '../ingest/article-people.js'
import type { KnownSource } from '../ingest/corpus-diff.js'
import type { WordUses } from '../searcher/backend.js'
import type { Article } from '../types.js'
import type { ClusterConnection } from './cluster-connection.js'
import { assignRanks, type ClusterManifest, type ClusterSource, shardOfDocument } from './cluster-manifest.js'
import { SHARD_COLUMNS, SHARD_INDEX, shardRow } from './cluster-schema.js'
import { countWords } from './cluster-vocabulary.js'
import { writeHeadIndexes } from './cluster-head-writes.js'
import { compactShards, deleteVersions, publishGeneration, readVersions } from './cluster-publish.js'
import { stringKey } from './sphinx-terms.js'

/** Rows per INSERT are cut at about this many bytes (searchd's max_packet_size is 128M). */
const INSERT_BYTES = 2_000_000
/** Characters of text per analysis batch (one thread's job): small enough that writes start early. */
const BATCH_CHARS = 200_000
/** INSERTs in flight per shard (each to all of its replicas): one is written while the next is parsed. */
const INSERTS_IN_FLIGHT = 2

/** A new version of a corpus file as the writer writes it. */
export interface WrittenVersion {
  fileNo: number
  ordinals: number
  documents: number
  fieldLengthSums: number[]
}

/** What a cluster writer's commit did; `publish` switches the cluster to it. */
export interface ClusterCommit {
  /** Live articles deleted and not written again, and those replaced by a new version. */
  removed: number
  replaced: number
  /**
   * Publishes the new generation with the corpus files' records (syncCorpus's sources):
   * from then on searches read it. Then deletes the retired rows and compacts the shards.
   */
  publish (sources: readonly KnownSource[], corpus: string): Promise<ClusterManifest>
}

/** What a writer starts from. */
export interface ClusterWriterStart {
  connection: ClusterConnection
  analyzer: Analyzer
  /**
   * The analyzer the previous generation was built with, when its user words differ from
   * `analyzer`'s (a dictionary change): the words of the versions retired are counted out
   * as they were counted in. Defaults to `analyzer`.
   */
  previousAnalyzer?: Analyzer | undefined
  /** The published manifest (an empty one for a new cluster). */
  previous: ClusterManifest
  /** The previous generation's files with their article ids (empty for a rebuild). */
  known: ReadonlyMap<string, KnownSource>
  /** Rebuild: every previous file version is retired and the vocabulary is written anew. */
  full: boolean
  /** Rows an earlier reindex left were deleted (cleanLeftovers): the shards need a merge. */
  cleaned: boolean
  /** The corpus's files, sorted by path: their ranks are set before any row is written. */
  files: readonly string[]
  workers?: number | undefined
  expectedChars: number
  onIndexed?: (articlesDone: number) => void
}

/**
 * The cluster's index writer (the same IndexWriter as the embedded segments', driven by
 * the same syncCorpus): the articles of each read file become a new version of it,
 * analyzed on the process's segment threads and written to every replica of their shards
 * in parallel batches while the corpus is read on; the ids removed retire the versions
 * that held them. Nothing a search sees changes until `publish` switches the generation
 * (cluster-publish.ts).
 */
export function createClusterWriter (start: ClusterWriterStart): IndexWriter<ClusterCommit> {
  const { connection, analyzer, previous } = start
  const shards = connection.shardCount
  const threads = threadsFor(start.workers, start.expectedChars)
  const pool = threads > 0 ? segmentPool(threads, analyzer) : undefined
  const ranks = fileRanks(start.files, start.full ? [] : previous.sources)
  const versions = new Map<string, WrittenVersion>()
  const counts = new Map<string, WordUses>()
  const names = new Map<string, string>()
  const added = new Set<string>()
  const removes = new Set<string>()
  const tasks: Array<Promise<void>> = []
  const inserts = Array.from({ length: shards }, () => new InsertQueue(INSERTS_IN_FLIGHT))
  let nextFileNo = previous.nextFileNo
  let batch: Article[] = []
  let filled = 0
  let done = 0

  const record = (item: AnalyzedArticle, version: WrittenVersion): void => {
    version.documents++
    item.fields.forEach((field, f) => { version.fieldLengthSums[f]! += field.words.length })
    countWords(counts, item)
    for (const person of peopleOf(item.article)) names.set(stringKey(person), person)
    if (item.article.source !== undefined && item.article.source !== '') names.set(stringKey(item.article.source), item.article.source)
  }
  const write = async (articles: Article[]): Promise<void> => {
    const analyzed = pool !== undefined ? await pool.analyze(articles) : articles.map(article => analyzeArticle(article, analyzer))
    const rows: string[][] = Array.from({ length: shards }, () => [])
    for (const item of analyzed) {
      const { file, ordinal } = item.article.origin!
      const version = versions.get(file)!
      rows[shardOfDocument(version.fileNo, ordinal, shards)]!.push(shardRow(item, { fileNo: version.fileNo, fileRank: ranks.ranks.get(file)! }))
      record(item, version)
    }
    await Promise.all(rows.map((shardRows, shard) => Promise.all([...insertStatements(shardRows)].map(sql => inserts[shard]!.run(() => connection.onEveryReplica(shard, sql))))))
    done += articles.length
    start.onIndexed?.(done)
  }
  const flush = (): void => {
    if (batch.length === 0) return
    const task = write(batch)
    // Awaited by commit(); until then a failure must not count as unhandled.
    task.catch(() => {})
    tasks.push(task)
    batch = []
    filled = 0
  }

  return {
    add (articles) {
      for (const article of articles) {
        const file = article.origin?.file
        if (file === undefined || !ranks.ranks.has(file)) throw new Error(`the cluster's writer takes articles of the corpus's files (${article.id} is not)`)
        let version = versions.get(file)
        if (version === undefined) {
          version = { fileNo: nextFileNo++, ordinals: 0, documents: 0, fieldLengthSums: [0, 0, 0, 0] }
          versions.set(file, version)
        }
        version.ordinals = Math.max(version.ordinals, article.origin!.ordinal)
        added.add(article.id)
        batch.push(article)
        filled += article.title.length + article.body.length
        if (filled >= BATCH_CHARS) flush()
      }
    },
    remove (ids) {
      for (const id of ids) removes.add(id)
    },
    async commit () {
      flush()
      const before = start.previousAnalyzer ?? analyzer
      // While threads analyze, this thread loads Jieba's dictionary (old versions are read back with it).
      if (pool !== undefined && !start.full) before.warmUp()
      await Promise.all(tasks)
      const present = new Set(start.files)
      const retired = start.full
        ? [...previous.sources]
        : previous.sources.filter(source => !present.has(source.file) || versions.has(source.file) || (start.known.get(source.file)?.articleIds ?? []).some(id => removes.has(id)))
      if (!start.full) {
        // The words of the articles that leave: read back from the shards and analyzed again.
        for await (const articles of readVersions(connection, retired)) {
          // The pool's threads analyze with `analyzer`: after a dictionary change the old words are this thread's.
          const analyzed = pool !== undefined && before === analyzer ? await pool.analyze(articles) : articles.map(article => analyzeArticle(article, before))
          for (const item of analyzed) countWords(counts, item, -1)
        }
      }
      await writeHeadIndexes(connection, { counts, names, full: start.full })
      if (ranks.renumbered) await updateRanks(connection, previous.sources.filter(source => !retired.includes(source)), ranks.ranks)
      // A rebuild starts from nothing, as the embedded one does: it removes and replaces nothing.
      const removedDocuments = start.full ? 0 : retired.reduce((sum, source) => sum + source.documents, 0)
      const replaced = start.full ? 0 : [...removes].filter(id => added.has(id)).length
      return {
        removed: Math.max(0, removedDocuments - replaced),
        replaced,
        publish: async (sources, corpus) => {
          const manifest = await publishGeneration(connection, { previous, analyzer, corpus, sources, versions, retired, ranks: ranks.ranks, nextFileNo })
          await deleteVersions(connection, retired.map(source => source.fileNo))
          await compactShards(connection, manifest, start.cleaned || retired.length > 0)
          return manifest
        },
      }
    },
  }
}

/** Runs at most `depth` jobs at once, in order. */
class InsertQueue {
  private readonly depth: number
  private running = 0
  private readonly waiting: Array<() => void> = []

  constructor (depth: number) {
    this.depth = depth
  }

  async run (job: () => Promise<void>): Promise<void> {
    if (this.running >= this.depth) await new Promise<void>(resolve => this.waiting.push(resolve))
    this.running++
    try {
      await job()
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}

/** INSERT statements of a shard's rows, each within INSERT_BYTES. */
function * insertStatements (rows: readonly string[]): Generator<string> {
  let chunk: string[] = []
  let bytes = 0
  for (const row of rows) {
    chunk.push(row)
    bytes += row.length * 2
    if (bytes >= INSERT_BYTES) {
      yield `INSERT INTO ${SHARD_INDEX} ${SHARD_COLUMNS} VALUES ${chunk.join(',')}`
      chunk = []
      bytes = 0
    }
  }
  if (chunk.length > 0) yield `INSERT INTO ${SHARD_INDEX} ${SHARD_COLUMNS} VALUES ${chunk.join(',')}`
}

/** File ranks of the corpus files: kept from the previous generation where it had them (see assignRanks). */
function fileRanks (files: readonly string[], previous: readonly ClusterSource[]): { ranks: Map<string, number>, renumbered: boolean } {
  const known = new Map(previous.map(source => [source.file, source.rank]))
  const { ranks, renumbered } = assignRanks(files.map(file => ({ file, kept: known.get(file) })))
  return { ranks: new Map(files.map((file, i) => [file, ranks[i]!])), renumbered: renumbered && previous.length > 0 }
}

/** The rank of every kept version's rows, after the files were ranked again. */
async function updateRanks (connection: ClusterConnection, kept: readonly ClusterSource[], ranks: ReadonlyMap<string, number>): Promise<void> {
  for (const source of kept) {
    const rank = ranks.get(source.file)
    if (rank === undefined || rank === source.rank) continue
    const from = BigInt(source.fileNo) << 32n
    const sql = `UPDATE ${SHARD_INDEX} SET file_rank = ${rank} WHERE id >= ${from} AND id < ${from + (1n << 32n)}`
    await Promise.all(connection.topology.shards.map((_, shard) => connection.onEveryReplica(shard, sql)))
  }
}
