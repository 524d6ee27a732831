import type { Analyzer } from '../analysis/analyzer.js'
import { restoreOriginal } from '../analysis/normalize/text-patches.js'
import type { KnownSource } from '../ingest/corpus-diff.js'
import { type Article, TEXT_FIELDS } from '../types.js'
import type { ClusterConnection } from './cluster-connection.js'
import { type ClusterManifest, type ClusterSource, FILES_INDEX } from './cluster-manifest.js'
import { fileIdRange, parseStoredRow, SHARD_INDEX, sqlJson } from './cluster-schema.js'
import { VOCABULARY_INDEX, NAMES_INDEX } from './cluster-vocabulary.js'
import { META_INDEX } from './cluster-config.js'
import type { WrittenVersion } from './cluster-writer.js'

/** Rows of a shard read per statement when a version is read back. */
const READ_PAGE = 1000
/** File versions (or their id lists) per statement. */
const FILES_BATCH = 500
/** How long compaction may take before the reindex gives up waiting (it goes on in searchd). */
const COMPACTION_WAIT_MS = 600_000

/*
 * How a reindex becomes what searches read, in this order, so that a search sees one
 * generation whole, and a reindex cut short anywhere leaves the last published one:
 *
 * 1. rows of new file versions are written (numbers from the manifest's nextFileNo up:
 *    no published generation holds them, so searches skip them);
 * 2. the new manifest is published: searches now read the new versions and skip the
 *    retired ones, listed as `unpublished`;
 * 3. the retired rows are deleted and every shard compacted; `unpublished` is cleared.
 * A reindex first deletes what an earlier one left (rows from nextFileNo up, `unpublished`).
 */

/** The previous generation's files with their article ids, as the corpus diff remembers files. */
export async function readKnownSources (connection: ClusterConnection, manifest: ClusterManifest): Promise<Map<string, KnownSource>> {
  const ids = new Map<number, string[]>()
  const fileNos = manifest.sources.map(source => source.fileNo)
  for (let i = 0; i < fileNos.length; i += FILES_BATCH) {
    const chunk = fileNos.slice(i, i + FILES_BATCH)
    const [rows] = await connection.head.batch([`SELECT id, ids FROM ${FILES_INDEX} WHERE id IN (${chunk.join(',')}) LIMIT 0, ${chunk.length} OPTION max_matches=${chunk.length}`])
    for (const row of rows!) ids.set(Number(row[0]), JSON.parse(String(row[1])) as string[])
  }
  return new Map(manifest.sources.map(source => [source.file, {
    file: source.file,
    fingerprint: source.fingerprint,
    size: source.size,
    articleIds: ids.get(source.fileNo) ?? [],
    ...(source.problems !== undefined ? { problems: source.problems } : {}),
  }]))
}

/**
 * Deletes the rows an earlier reindex left: versions it wrote and never published, versions
 * it retired. True when there were any (the shards then need a merge to purge them).
 */
export async function cleanLeftovers (connection: ClusterConnection, manifest: ClusterManifest): Promise<boolean> {
  const unpublishedFrom = BigInt(manifest.nextFileNo) << 32n
  const counts = await Promise.all(connection.topology.shards.flat().map(async node => Number((await connection.client(node).query(`SELECT COUNT(*) AS n FROM ${SHARD_INDEX} WHERE id >= ${unpublishedFrom}`))[0]?.n ?? 0)))
  const left = counts.some(count => count > 0)
  if (left) await onEveryShard(connection, `DELETE FROM ${SHARD_INDEX} WHERE id >= ${unpublishedFrom}`)
  await deleteVersions(connection, manifest.unpublished)
  return left || manifest.unpublished.length > 0
}

/** Deletes file versions' rows from every replica. */
export async function deleteVersions (connection: ClusterConnection, fileNos: readonly number[]): Promise<void> {
  for (const fileNo of fileNos) {
    const [from, to] = fileIdRange(fileNo)
    await onEveryShard(connection, `DELETE FROM ${SHARD_INDEX} WHERE id >= ${from} AND id < ${to}`)
  }
}

/** The articles of file versions, read back from one replica of each shard (their words leave the vocabulary). */
export async function * readVersions (connection: ClusterConnection, sources: readonly ClusterSource[]): AsyncGenerator<Article[]> {
  for (const source of sources) {
    if (source.documents === 0) continue
    const [from, to] = fileIdRange(source.fileNo)
    for (let shard = 0; shard < connection.shardCount; shard++) {
      let after = from - 1n
      for (;;) {
        const answer = await connection.onShard(shard, replica => replica.batch([`SELECT id, doc FROM ${SHARD_INDEX} WHERE id > ${after} AND id < ${to} ORDER BY id ASC LIMIT 0, ${READ_PAGE} OPTION max_matches=${READ_PAGE}`]))
        if (answer === undefined) throw new Error(`no replica of shard ${shard} answers: the reindex cannot read the articles that leave`)
        const rows = answer.value[0]!
        if (rows.length === 0) break
        yield rows.map(row => storedArticle(String(row[1])))
        after = BigInt(String(rows[rows.length - 1]![0]))
        if (rows.length < READ_PAGE) break
      }
    }
  }
}

/** An article as written, from its stored row (its words are analyzed again from it). */
function storedArticle (json: string): Article {
  const stored = parseStoredRow(json)
  const text = Object.fromEntries(TEXT_FIELDS.map(field => [field, restoreOriginal(stored.fields[field].normalized, stored.fields[field].patches)]))
  return { id: stored.id, ...stored.metadata, ...text } as Article
}

/** What publishing a generation needs of the writer. */
export interface GenerationParts {
  previous: ClusterManifest
  analyzer: Analyzer
  corpus: string
  /** Every corpus file's record (syncCorpus's sources), sorted by path. */
  sources: readonly KnownSource[]
  versions: ReadonlyMap<string, WrittenVersion>
  retired: readonly ClusterSource[]
  ranks: ReadonlyMap<string, number>
  nextFileNo: number
}

/** Writes the new generation's file records and publishes its manifest: searches read it from now on. */
export async function publishGeneration (connection: ClusterConnection, parts: GenerationParts): Promise<ClusterManifest> {
  const { previous, versions, ranks } = parts
  const retired = new Set(parts.retired.map(source => source.fileNo))
  const kept = new Map(previous.sources.filter(source => !retired.has(source.fileNo)).map(source => [source.file, source]))
  let nextFileNo = parts.nextFileNo
  const fresh: Array<{ fileNo: number, ids: string[] }> = []
  const sources: ClusterSource[] = parts.sources.map(known => {
    const base = { file: known.file, fingerprint: known.fingerprint, size: known.size, rank: ranks.get(known.file)!, ...(known.problems !== undefined ? { problems: known.problems } : {}) }
    const before = kept.get(known.file)
    if (before !== undefined && !versions.has(known.file)) return { ...before, ...base }
    const version = versions.get(known.file) ?? { fileNo: nextFileNo++, ordinals: 0, documents: 0, fieldLengthSums: [0, 0, 0, 0] }
    fresh.push({ fileNo: version.fileNo, ids: known.articleIds })
    return { ...base, fileNo: version.fileNo, ordinals: version.ordinals, documents: version.documents, fieldLengthSums: version.fieldLengthSums }
  })
  for (let i = 0; i < fresh.length; i += FILES_BATCH) {
    const rows = fresh.slice(i, i + FILES_BATCH).map(({ fileNo, ids }) => `(${fileNo}, '', ${sqlJson(ids)})`)
    await connection.head.query(`REPLACE INTO ${FILES_INDEX} (id, kind, ids) VALUES ${rows.join(',')}`)
  }
  const [names] = await connection.head.batch([`SELECT COUNT(*) FROM ${NAMES_INDEX}`])
  const manifest: ClusterManifest = {
    formatVersion: 2,
    generation: previous.generation + 1,
    analyzerFingerprint: parts.analyzer.fingerprint,
    userWords: [...parts.analyzer.userWords],
    corpus: parts.corpus,
    builtAt: new Date().toISOString(),
    nextFileNo,
    unpublished: [...retired],
    documents: sources.reduce((sum, source) => sum + source.documents, 0),
    fieldLengthSums: TEXT_FIELDS.map((_, f) => sources.reduce((sum, source) => sum + source.fieldLengthSums[f]!, 0)),
    facetValues: Number(names?.[0]?.[0] ?? 0),
    sources,
  }
  await connection.writeManifest(manifest)
  if (retired.size > 0) {
    const list = [...retired]
    for (let i = 0; i < list.length; i += FILES_BATCH) await connection.head.query(`DELETE FROM ${FILES_INDEX} WHERE id IN (${list.slice(i, i + FILES_BATCH).join(',')})`)
  }
  return manifest
}

/**
 * FLUSH RAMCHUNK + OPTIMIZE on every replica, waiting until each holds one disk chunk:
 * the RAM chunk's many segments cost every keyword of every search, and only a merge
 * purges deleted rows from the dictionary's counts (the pair counts of the rerank read
 * them). When rows were deleted (`purge`), a row written and deleted around the flush
 * makes sure there is a chunk to merge with. The head's indexes are flushed too; then the
 * manifest's `unpublished` is cleared.
 */
export async function compactShards (connection: ClusterConnection, manifest: ClusterManifest, purge: boolean): Promise<void> {
  await Promise.all(connection.topology.shards.flat().map(async node => {
    const client = connection.client(node)
    if (purge) await client.query(`INSERT INTO ${SHARD_INDEX} (id, title_words) VALUES (1, '')`)
    await client.query(`FLUSH RAMCHUNK ${SHARD_INDEX}`)
    if (purge) await client.query(`DELETE FROM ${SHARD_INDEX} WHERE id = 1`)
    await client.query(`OPTIMIZE INDEX ${SHARD_INDEX}`)
    const until = Date.now() + COMPACTION_WAIT_MS
    while (Date.now() < until) {
      const status = new Map((await client.query(`SHOW INDEX ${SHARD_INDEX} STATUS`)).map(row => [String(row.Variable_name), String(row.Value)]))
      if (Number(status.get('disk_chunks')) <= 1) break
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }))
  const { head } = connection
  await head.query(`FLUSH RAMCHUNK ${VOCABULARY_INDEX}`)
  await head.query(`OPTIMIZE INDEX ${VOCABULARY_INDEX}`)
  for (const index of [NAMES_INDEX, FILES_INDEX, META_INDEX]) await head.query(`FLUSH RTINDEX ${index}`)
  if (manifest.unpublished.length > 0) await connection.writeManifest({ ...manifest, unpublished: [] })
}

async function onEveryShard (connection: ClusterConnection, sql: string): Promise<void> {
  await Promise.all(connection.topology.shards.map((_, shard) => connection.onEveryReplica(shard, sql)))
}
