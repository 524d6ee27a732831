import { createError, isZhsearchError } from '../errors.js'
import { type ClusterNode, type ClusterTopology, META_INDEX } from './cluster-config.js'
import type { ClusterManifest } from './cluster-manifest.js'
import { SHARD_INDEX, sqlJson } from './cluster-schema.js'
import { type EngineAddress, parseEngineAddress, SphinxqlClient } from './sphinxql-client.js'

const TOPOLOGY_ROW = 1
const MANIFEST_ROW = 2
/** A replica that did not answer is left alone this long before it is asked again. */
const DOWN_MS = 1000
/** Connections to each shard replica: a search splits its statements over them (searchd runs a connection's batch on one thread). */
const REPLICA_CONNECTIONS = 4

/** A shard's health: each replica's state and the documents of the first one that answers. */
export interface ShardStatus {
  shard: number
  documents: number | undefined
  replicas: Array<{ name: string, address: string, up: boolean }>
}

/** One replica of every shard that answers now, for one search; `missing` the shards none of whose replicas does. */
export interface ReplicaChoice {
  replicas: Array<SphinxqlClient | undefined>
  missing: number[]
}

/**
 * A connection to a cluster: its head (the meta index, the vocabulary, the names) and
 * every shard replica. zhsearch owns replica failover: a search asks one replica of each
 * shard (the next one in turn, skipping those that just failed), and a shard none of
 * whose replicas answers is missing from the answer, not an error.
 */
export class ClusterConnection {
  readonly head: SphinxqlClient
  readonly topology: ClusterTopology
  private readonly nodes: Map<string, SphinxqlClient>
  private readonly downUntil = new Map<string, number>()
  private turn = 0

  private constructor (head: SphinxqlClient, topology: ClusterTopology) {
    this.head = head
    this.topology = topology
    this.nodes = new Map(topology.shards.flat().map(node => [node.name, new SphinxqlClient({ host: node.host, port: node.sqlPort }, { connections: REPLICA_CONNECTIONS })]))
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
      const topology = JSON.parse(String(rows[0]!.value)) as ClusterTopology
      if (topology.formatVersion !== 2) throw createError('INVALID_ENGINE', `the search cluster at ${head.name} was set up by another version of zhsearch (format ${topology.formatVersion}); run \`zhsearch cluster init\` again`)
      return new ClusterConnection(head, topology)
    } catch (error) {
      await head.close()
      if (isZhsearchError(error) && error.code === 'CLUSTER_ERROR') throw createError('INVALID_ENGINE', `the search cluster at ${head.name} was set up by another version of zhsearch (${error.message.replace(/^zhsearch: /, '')}); run \`zhsearch cluster init\` again`)
      throw error
    }
  }

  /** Records the layout in the head's meta index, where every client reads it. */
  static async publishTopology (topology: ClusterTopology): Promise<void> {
    const head = new SphinxqlClient({ host: topology.head.host, port: topology.head.sqlPort })
    try {
      await head.query(`REPLACE INTO ${META_INDEX} (id, name, value, generation) VALUES (${TOPOLOGY_ROW}, 'topology', ${sqlJson(topology)}, 0)`)
      await head.query(`FLUSH RTINDEX ${META_INDEX}`)
    } finally {
      await head.close()
    }
  }

  get shardCount (): number {
    return this.topology.shards.length
  }

  /** The client of a node. */
  client (node: ClusterNode): SphinxqlClient {
    return this.nodes.get(node.name)!
  }

  /** Every replica of a shard. */
  replicasOf (shard: number): SphinxqlClient[] {
    return this.topology.shards[shard]!.map(node => this.client(node))
  }

  /** The manifest the last reindex published, or undefined for a cluster never indexed. */
  async readManifest (): Promise<ClusterManifest | undefined> {
    const rows = await this.head.query(`SELECT id, value FROM ${META_INDEX} WHERE id = ${MANIFEST_ROW}`)
    return rows.length === 0 ? undefined : JSON.parse(String(rows[0]!.value)) as ClusterManifest
  }

  /** The generation of the published manifest (cheap: no manifest is sent). */
  async readGeneration (): Promise<number> {
    const rows = await this.head.query(`SELECT id, generation FROM ${META_INDEX} WHERE id = ${MANIFEST_ROW}`)
    return rows.length === 0 ? 0 : Number(rows[0]!.generation)
  }

  /** Publishes a manifest: from now on searches read its generation. */
  async writeManifest (manifest: ClusterManifest): Promise<void> {
    await this.head.query(`REPLACE INTO ${META_INDEX} (id, name, value, generation) VALUES (${MANIFEST_ROW}, 'manifest', ${sqlJson(manifest)}, ${manifest.generation})`)
    await this.head.query(`FLUSH RTINDEX ${META_INDEX}`)
  }

  /**
   * One replica of every shard for a search, taken in turn (so concurrent searches spread
   * over the replicas), leaving out those that failed in the last DOWN_MS.
   */
  chooseReplicas (): ReplicaChoice {
    const turn = this.turn++
    const missing: number[] = []
    const replicas = this.topology.shards.map((nodes, shard) => {
      const now = Date.now()
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[(turn + i) % nodes.length]!
        if ((this.downUntil.get(node.name) ?? 0) <= now) return this.client(node)
      }
      missing.push(shard)
      return undefined
    })
    return { replicas, missing }
  }

  /**
   * Runs `work` on a replica of `shard`, `first` if given, else one in turn; when a replica
   * does not answer, it is marked down and the next one is asked. Undefined when none answers.
   */
  async onShard<T> (shard: number, work: (replica: SphinxqlClient) => Promise<T>, first?: SphinxqlClient): Promise<{ value: T, replica: SphinxqlClient } | undefined> {
    const nodes = this.topology.shards[shard]!
    const clients = nodes.map(node => this.client(node))
    const start = first !== undefined ? clients.indexOf(first) : this.turn++ % nodes.length
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[(start + i) % nodes.length]!
      if (i > 0 && (this.downUntil.get(node.name) ?? 0) > Date.now()) continue
      try {
        const value = await work(this.client(node))
        this.downUntil.delete(node.name)
        return { value, replica: this.client(node) }
      } catch (error) {
        if (!isZhsearchError(error) || error.code !== 'ENGINE_UNREACHABLE') throw error
        this.downUntil.set(node.name, Date.now() + DOWN_MS)
      }
    }
    return undefined
  }

  /** Runs a statement on every replica of a shard (a write): each must answer. */
  async onEveryReplica (shard: number, sql: string): Promise<void> {
    await Promise.all(this.replicasOf(shard).map(client => client.query(sql)))
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
          this.downUntil.delete(node.name)
          return { name: node.name, address: client.name, up: true }
        } catch {
          return { name: node.name, address: client.name, up: false }
        }
      }))
      return { shard, documents, replicas: states }
    }))
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
