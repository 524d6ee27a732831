import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createError } from '../errors.js'
import { FILES_INDEX } from './cluster-manifest.js'
import { SHARD_ATTRIBUTES, SHARD_FIELDS, SHARD_INDEX } from './cluster-schema.js'
import { NAMES_INDEX, VOCABULARY_ATTRIBUTES, VOCABULARY_FIELDS, VOCABULARY_INDEX } from './cluster-vocabulary.js'

/** Name of the small RT index on the head node holding the topology and the corpus manifest. */
export const META_INDEX = 'zhsearch_meta'
/** The file in the cluster folder describing every node. */
export const CLUSTER_FILE = 'cluster.json'
/** Format 2: the shard schema of cluster-schema.ts, searched shard by shard (no distributed index). */
export const CLUSTER_FORMAT_VERSION = 2

/**
 * Which searchd runs the nodes: Sphinx 2.2 (Debian's sphinxsearch, what tests run here) or
 * Manticore 6 (production). Their configs and SphinxQL differ in a few places only; each
 * is named where it is written.
 */
export type EngineKind = 'sphinx2' | 'manticore'

/** One searchd process. */
export interface ClusterNode {
  /** `head`, or `shard<i>-replica<j>`. */
  name: string
  host: string
  /** Port speaking SphinxQL (the MySQL protocol). */
  sqlPort: number
  /** The node's folder (config, data, pid file, logs). */
  dir: string
}

/** Where every node of a cluster listens, as `cluster init` wrote it. */
export interface ClusterTopology {
  formatVersion: number
  head: ClusterNode
  /** Shard i's replicas; every replica holds every article of its shard. */
  shards: ClusterNode[][]
  /** The searchd the configs were written for. */
  engineKind: EngineKind
}

export interface ClusterInitOptions {
  /** The cluster folder (created; one sub-folder per node). */
  dir: string
  /** Number of shards, 1 to 64. */
  shards: number
  /** Copies of each shard, 1 to 8. Defaults to `1`. */
  replicas?: number
  /** The head listens on this port, nodes on the ports after it. Defaults to `9306`. */
  basePort?: number
  /** Address every node listens on. Defaults to `127.0.0.1`. */
  host?: string
  /** The searchd the configs are for. Defaults to the one on PATH, or Manticore 6 when there is none (see detectEngineKind). */
  engineKind?: EngineKind
}

/**
 * Which searchd `searchdPath` is: its `--help` names it first ("Sphinx 2.2.11-id64-release",
 * "Manticore 6.3.8 …"). Manticore 6 (the production target) when there is no searchd to ask:
 * configs written for machines elsewhere.
 */
export async function detectEngineKind (searchdPath = 'searchd'): Promise<EngineKind> {
  const output = await new Promise<string>(resolve => {
    // Sphinx 2.2 exits 1 after printing its usage: the output is what counts.
    execFile(searchdPath, ['--help'], { timeout: 10_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`))
  })
  return /^\s*Sphinx 2\./m.test(output) ? 'sphinx2' : 'manticore'
}

/** Lays out the nodes: the head on `basePort`, then one port per shard replica. */
export function planCluster (options: ClusterInitOptions): ClusterTopology {
  const { shards, replicas = 1, basePort = 9306, host = '127.0.0.1' } = options
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) throw createError('INVALID_ENGINE', `--shards must be a whole number from 1 to 64, not ${shards}`)
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 8) throw createError('INVALID_ENGINE', `--replicas must be a whole number from 1 to 8, not ${replicas}`)
  const lastPort = basePort + shards * replicas
  if (!Number.isInteger(basePort) || basePort < 1024 || lastPort > 65535) throw createError('INVALID_ENGINE', `--base-port must leave room for ${lastPort - basePort + 1} ports from 1024 to 65535, not ${basePort}`)
  const dir = resolve(options.dir)
  let port = basePort + 1
  const nodes: ClusterNode[][] = []
  for (let s = 0; s < shards; s++) {
    const copies: ClusterNode[] = []
    for (let r = 0; r < replicas; r++) {
      const name = `shard${s}-replica${r}`
      copies.push({ name, host, sqlPort: port++, dir: join(dir, name) })
    }
    nodes.push(copies)
  }
  return { formatVersion: CLUSTER_FORMAT_VERSION, head: { name: 'head', host, sqlPort: basePort, dir: join(dir, 'head') }, shards: nodes, engineKind: options.engineKind ?? 'sphinx2' }
}

/** The searchd settings every node shares: its listener, files and threads. */
function searchdSection (node: ClusterNode, engineKind: EngineKind): string {
  return [
    'searchd',
    '{',
    `  listen = ${node.host}:${node.sqlPort}:mysql41`,
    `  log = ${join(node.dir, 'searchd.log')}`,
    `  query_log = ${join(node.dir, 'query.log')}`,
    `  pid_file = ${join(node.dir, 'searchd.pid')}`,
    // No binary log: every write of zhsearch ends with FLUSH RAMCHUNK (or FLUSH RTINDEX), and a
    // reindex cut short is never published (cluster-writer.ts), so the log would only slow writes.
    '  binlog_path =',
    // Sphinx 2.2 needs the thread pool asked for; Manticore 6 has nothing else (and no such setting).
    ...(engineKind === 'sphinx2' ? ['  workers = threads'] : []),
    '  read_timeout = 5',
    '  client_timeout = 300',
    // A reindex batch, and the id lists of a search's lookups, are single statements.
    '  max_packet_size = 128M',
    '  max_batch_queries = 256',
    '}',
    '',
  ].join('\n')
}

/** An RT index: its full-text fields and attributes, and settings. */
export function rtIndex (name: string, dir: string, fields: readonly string[], attributes: ReadonlyArray<readonly [string, string]>, memLimit: string): string {
  return [
    `index ${name}`,
    '{',
    '  type = rt',
    `  path = ${join(dir, 'data', name)}`,
    ...fields.map(field => `  rt_field = ${field}`),
    ...attributes.map(([attribute, type]) => `  rt_attr_${type} = ${attribute}`),
    // Every token is written by zhsearch in [0-9a-z] (cluster-schema.ts): Sphinx never
    // re-splits, folds or n-grams anything, and a query holds only tokens zhsearch wrote.
    '  charset_table = 0..9, a..z',
    '  min_word_len = 1',
    // Keywords by their 64-bit hash: indexing measured 4x faster than dict = keywords (no
    // wildcards are ever needed); a collision of two of a corpus's few million tokens has a
    // chance of about 1 in 10^6.
    '  dict = crc',
    `  rt_mem_limit = ${memLimit}`,
    '}',
    '',
  ].join('\n')
}

/** A shard node's config: the RT index of its articles (cluster-schema.ts). */
export function shardConfig (node: ClusterNode, engineKind: EngineKind): string {
  return [
    `# zhsearch shard node ${node.name}: written by \`zhsearch cluster init\``,
    rtIndex(SHARD_INDEX, node.dir, SHARD_FIELDS, SHARD_ATTRIBUTES, '1024M'),
    searchdSection(node, engineKind),
  ].join('\n')
}

/**
 * The head's config: the meta index (topology, manifest), the vocabulary (suggestions and
 * pinyin, cluster-vocabulary.ts) and the names of authors and sources (facets). Searches
 * ask the shards themselves, one replica of each (cluster-backend.ts).
 */
export function headConfig (topology: ClusterTopology): string {
  return [
    '# zhsearch head node: written by `zhsearch cluster init`.',
    rtIndex(META_INDEX, topology.head.dir, ['name'], [['value', 'string'], ['generation', 'uint']], '16M'),
    rtIndex(VOCABULARY_INDEX, topology.head.dir, VOCABULARY_FIELDS, VOCABULARY_ATTRIBUTES, '256M'),
    rtIndex(NAMES_INDEX, topology.head.dir, ['kind'], [['value', 'string']], '16M'),
    rtIndex(FILES_INDEX, topology.head.dir, ['kind'], [['ids', 'string']], '64M'),
    searchdSection(topology.head, topology.engineKind),
  ].join('\n')
}

/** The config file of a node. */
export function configPath (node: ClusterNode): string {
  return join(node.dir, 'searchd.conf')
}

/** Every node, the head first. */
export function allNodes (topology: ClusterTopology): ClusterNode[] {
  return [topology.head, ...topology.shards.flat()]
}

/** Writes the config of every node and `cluster.json` into `options.dir`; returns the layout. */
export async function writeClusterConfig (options: ClusterInitOptions): Promise<ClusterTopology> {
  const topology = planCluster({ ...options, engineKind: options.engineKind ?? await detectEngineKind() })
  for (const node of allNodes(topology)) {
    await mkdir(join(node.dir, 'data'), { recursive: true })
    await writeFile(configPath(node), node === topology.head ? headConfig(topology) : shardConfig(node, topology.engineKind))
  }
  await writeFile(join(resolve(options.dir), CLUSTER_FILE), `${JSON.stringify(topology, null, 2)}\n`)
  return topology
}

/** Reads the layout `cluster init` wrote into `dir`. */
export async function readClusterConfig (dir: string): Promise<ClusterTopology> {
  let text: string
  try {
    text = await readFile(join(resolve(dir), CLUSTER_FILE), 'utf8')
  } catch {
    throw createError('INVALID_ENGINE', `no cluster in ${dir} (${CLUSTER_FILE} is missing); run \`zhsearch cluster init --shards N --dir ${dir}\``)
  }
  const topology = JSON.parse(text) as ClusterTopology
  if (topology.formatVersion !== CLUSTER_FORMAT_VERSION) throw createError('INVALID_ENGINE', `the cluster in ${dir} has format ${topology.formatVersion}; run \`zhsearch cluster init\` again`)
  return topology
}

/** The `--engine` address of a cluster. */
export function engineAddress (topology: ClusterTopology): string {
  return `sphinxql://${topology.head.host}:${topology.head.sqlPort}`
}
