import { peopleOf } from '../ingest/article-people.js'
import type { Analyzer } from '../analysis/analyzer.js'
import { createError } from '../errors.js'
import type { Article } from '../types.js'
import { CLUSTER_INDEX, type ClusterNode, type ClusterTopology, META_INDEX, SHARD_FIELDS, SHARD_INDEX } from './cluster-config.js'
import { type EngineAddress, parseEngineAddress, type Row, SphinxqlClient } from './sphinxql-client.js'
import { articleFields, dateKey, shardOf, stringKey } from './sphinx-terms.js'
import { sqlString } from './translate-query.js'

const TOPOLOGY_ROW = 1
const MANIFEST_ROW = 2

/** What the cluster remembers of the corpus it was built from, for incremental reindexing. */
export interface ClusterManifest {
  formatVersion: 1
  analyzerFingerprint: string
  /** The corpus's user dictionary: queries are cut with it as the articles were. */
  userWords: string[]
  corpus: string
  builtAt: string
  /** Every corpus file: its content fingerprint and size. Articles carry their file's key. */
  sources: Array<{ file: string, fingerprint: string, size: number }>
}

/** A shard's health: each replica's state and the documents of the first one that answers. */
export interface ShardStatus {
  shard: number
  documents: number | undefined
  replicas: Array<{ name: string, address: string, up: boolean }>
}

/** Statements are cut at about this many bytes (searchd's max_packet_size is 32M). */
const BATCH_BYTES = 4_000_000
/** Rows per page when listing a file's documents. */
const PAGE = 10_000

/** A connection to a cluster: its head (searches, the meta index) and every shard replica (writes, counts). */
export class ClusterConnection {
  readonly head: SphinxqlClient
  readonly topology: ClusterTopology
  private readonly nodes: Map<string, SphinxqlClient>

  private constructor (head: SphinxqlClient, topology: ClusterTopology) {
    this.head = head
    this.topology = topology
    this.nodes = new Map(topology.shards.flat().map(node => [node.name, new SphinxqlClient({ host: node.host, port: node.sqlPort }, { connections: 2 })]))
  }

  /**
   * Connects to the cluster whose head answers at `address` (`sphinxql://HOST:PORT`) and
   * reads its layout from the meta index. Throws ENGINE_UNREACHABLE naming host and port
   * when the head does not answer.
   */
  static async open (address: string | EngineAddress): Promise<ClusterConnection> {
    const parsed = typeof address === 'string' ? parseEngineAddress(address) : address
    const head = new SphinxqlClient(parsed)
    try {
      const rows = await head.query(`SELECT id, value FROM ${META_INDEX} WHERE id = ${TOPOLOGY_ROW}`)
      if (rows.length === 0) throw createError('INVALID_ENGINE', `the search cluster at ${head.name} does not know its shards yet; run \`zhsearch cluster start --dir DIR\``)
      return new ClusterConnection(head, JSON.parse(String(rows[0]!.value)) as ClusterTopology)
    } catch (error) {
      await head.close()
      throw error
    }
  }

  /** Records the layout in the head's meta index, where every client reads it. */
  static async publishTopology (topology: ClusterTopology): Promise<void> {
    const head = new SphinxqlClient({ host: topology.head.host, port: topology.head.sqlPort })
    try {
      await head.query(`REPLACE INTO ${META_INDEX} (id, name, value) VALUES (${TOPOLOGY_ROW}, 'topology', ${sqlString(JSON.stringify(topology))})`)
    } finally {
      await head.close()
    }
  }

  get shardCount (): number {
    return this.topology.shards.length
  }

  /** The node of `name` (shard<i>-replica<j>), for health and failure messages. */
  client (node: ClusterNode): SphinxqlClient {
    return this.nodes.get(node.name)!
  }

  async readManifest (): Promise<ClusterManifest | undefined> {
    const rows = await this.head.query(`SELECT id, value FROM ${META_INDEX} WHERE id = ${MANIFEST_ROW}`)
    return rows.length === 0 ? undefined : JSON.parse(String(rows[0]!.value)) as ClusterManifest
  }

  async writeManifest (manifest: ClusterManifest): Promise<void> {
    await this.head.query(`REPLACE INTO ${META_INDEX} (id, name, value) VALUES (${MANIFEST_ROW}, 'manifest', ${sqlString(JSON.stringify(manifest))})`)
  }

  /**
   * Adds or replaces articles (by id) on every replica of their shard. An article goes to
   * shard `docId mod shards`, its document id a 60-bit hash of its article id.
   */
  async put (articles: readonly Article[], analyzer: Analyzer): Promise<void> {
    const byShard: string[][] = this.topology.shards.map(() => [])
    for (const article of articles) {
      const docId = stringKey(article.id)
      byShard[shardOf(docId, this.shardCount)]!.push(articleRow(docId, article, analyzer))
    }
    const columns = `(id, ${SHARD_FIELDS.join(', ')}, article, source, people_names, people, source_key, date_key, file_key)`
    await Promise.all(byShard.map(async (rows, shard) => {
      for (const batch of batches(rows)) {
        const sql = `REPLACE INTO ${SHARD_INDEX} ${columns} VALUES ${batch.join(', ')}`
        await Promise.all(this.topology.shards[shard]!.map(node => this.client(node).query(sql)))
      }
    }))
  }

  /** Deletes articles by article id from every replica; unknown ids are ignored. */
  async remove (articleIds: readonly string[]): Promise<void> {
    await this.removeDocuments(articleIds.map(stringKey))
  }

  /** Deletes documents by document id (stringKey of the article id) from every replica. */
  async removeDocuments (docIds: readonly string[]): Promise<void> {
    const byShard: string[][] = this.topology.shards.map(() => [])
    for (const docId of docIds) {
      byShard[shardOf(docId, this.shardCount)]!.push(docId)
    }
    await Promise.all(byShard.map(async (docIds, shard) => {
      for (let i = 0; i < docIds.length; i += 1000) {
        const sql = `DELETE FROM ${SHARD_INDEX} WHERE id IN (${docIds.slice(i, i + 1000).join(',')})`
        await Promise.all(this.topology.shards[shard]!.map(node => this.client(node).query(sql)))
      }
    }))
  }

  /** The document ids of the articles read from these corpus files (from one replica of every shard). */
  async documentIdsOfFiles (files: readonly string[]): Promise<string[]> {
    const docIds: string[] = []
    const keys = files.map(fileKey)
    for (let i = 0; i < keys.length; i += 500) {
      // Paged by id: a large max_matches costs every agent a sorter of that size.
      let after = '0'
      for (;;) {
        const rows = await this.head.query(`SELECT id FROM ${CLUSTER_INDEX} WHERE file_key IN (${keys.slice(i, i + 500).join(',')}) AND id > ${after} ORDER BY id ASC LIMIT 0, ${PAGE} OPTION max_matches = ${PAGE}`)
        for (const row of rows) docIds.push(String(row.id))
        if (rows.length < PAGE) break
        after = String(rows[rows.length - 1]!.id)
      }
    }
    return docIds
  }

  /** Empties every replica of every shard. */
  async truncate (): Promise<void> {
    await Promise.all(this.topology.shards.flat().map(node => this.client(node).query(`TRUNCATE RTINDEX ${SHARD_INDEX}`)))
  }

  /**
   * Each shard's replicas, whether they answer, and its document count. With `timeoutMs`,
   * a replica that has not answered by then counts as down (a health check cannot wait
   * for a connect timeout).
   */
  async shardStatus (options: { timeoutMs?: number } = {}): Promise<ShardStatus[]> {
    return Promise.all(this.topology.shards.map(async (replicas, shard) => {
      let documents: number | undefined
      const states = await Promise.all(replicas.map(async node => {
        const client = this.client(node)
        try {
          const rows = await within(client.query(`SELECT COUNT(*) AS n FROM ${SHARD_INDEX}`), options.timeoutMs, `${client.name} did not answer`)
          documents ??= Number(rows[0]?.n ?? 0)
          return { name: node.name, address: client.name, up: true }
        } catch {
          return { name: node.name, address: client.name, up: false }
        }
      }))
      return { shard, documents, replicas: states }
    }))
  }

  /** The shard whose replica listens at `host:apiPort` (agent addresses in Sphinx's warnings). */
  shardOfAgent (agent: string): number | undefined {
    const index = this.topology.shards.findIndex(replicas => replicas.some(node => `${node.host}:${node.apiPort!}` === agent))
    return index < 0 ? undefined : index
  }

  async close (): Promise<void> {
    await Promise.all([this.head.close(), ...[...this.nodes.values()].map(client => client.close())])
  }
}

/**
 * `work`, or a rejection with `message` when it takes longer than `timeoutMs` (no limit
 * when undefined); a late failure of `work` is then ignored.
 */
export async function within<T> (work: Promise<T>, timeoutMs: number | undefined, message: string): Promise<T> {
  if (timeoutMs === undefined) return work
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`${message} within ${timeoutMs} ms`)), timeoutMs) })
  work.catch(() => {})
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}

/** A corpus file's key on its articles. */
export function fileKey (file: string): string {
  return stringKey(`file:${file}`)
}

function articleRow (docId: string, article: Article, analyzer: Analyzer): string {
  const fields = articleFields(article, analyzer)
  const people = peopleOf(article)
  const names = Object.fromEntries(people.map(person => [stringKey(person), person]))
  return `(${[
    docId,
    ...SHARD_FIELDS.map(field => `'${fields[field]!}'`),
    sqlString(JSON.stringify(article)),
    sqlString(article.source ?? ''),
    sqlString(JSON.stringify(names)),
    `(${Object.keys(names).join(',')})`,
    article.source !== undefined && article.source !== '' ? stringKey(article.source) : '0',
    String(dateKey(article.date)),
    article.origin !== undefined ? fileKey(article.origin.file) : '0',
  ].join(', ')})`
}

function * batches (rows: readonly string[]): Generator<string[]> {
  let batch: string[] = []
  let bytes = 0
  for (const row of rows) {
    if (batch.length > 0 && bytes + row.length * 3 > BATCH_BYTES) {
      yield batch
      batch = []
      bytes = 0
    }
    batch.push(row)
    bytes += row.length * 3
  }
  if (batch.length > 0) yield batch
}

export type { Row }
