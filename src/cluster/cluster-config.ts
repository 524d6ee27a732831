import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createError } from '../errors.js'
import { TEXT_FIELDS } from '../types.js'

/** Name of the RT index on every shard node. */
export const SHARD_INDEX = 'shard'
/** Name of the distributed index on the head node: the one searches go to. */
export const CLUSTER_INDEX = 'zhsearch'
/** Name of the small RT index on the head node holding the topology and the corpus manifest. */
export const META_INDEX = 'zhsearch_meta'
/** The file in the cluster folder describing every node. */
export const CLUSTER_FILE = 'cluster.json'
export const CLUSTER_FORMAT_VERSION = 1

/**
 * The full-text fields of a shard, three per text field of an article:
 * `<field>_words` the analyzer's words, `<field>_chars` every character of each script
 * run, `<field>_pairs` every adjacent pair of characters of each run in text order (runs
 * separated by a token no query produces), so that the phrase of a word's pairs matches
 * exactly where grep finds the word.
 */
export const GRAM_KINDS = ['words', 'chars', 'pairs'] as const
export type GramKind = (typeof GRAM_KINDS)[number]
export const SHARD_FIELDS: readonly string[] = TEXT_FIELDS.flatMap(field => GRAM_KINDS.map(kind => `${field}_${kind}`))

/** One searchd process. */
export interface ClusterNode {
  /** `head`, or `shard<i>-replica<j>`. */
  name: string
  host: string
  /** Port speaking SphinxQL (the MySQL protocol). */
  sqlPort: number
  /** Port speaking Sphinx's own API, which the head's agents use (absent on the head). */
  apiPort?: number
  /** The node's folder (config, data, pid file, logs). */
  dir: string
}

/** Where every node of a cluster listens, as `cluster init` wrote it. */
export interface ClusterTopology {
  formatVersion: number
  head: ClusterNode
  /** Shard i's replicas; every replica holds every article of its shard. */
  shards: ClusterNode[][]
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
}

/** Lays out the nodes: the head on `basePort`, then two ports per shard replica. */
export function planCluster (options: ClusterInitOptions): ClusterTopology {
  const { shards, replicas = 1, basePort = 9306, host = '127.0.0.1' } = options
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) throw createError('INVALID_ENGINE', `--shards must be a whole number from 1 to 64, not ${shards}`)
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 8) throw createError('INVALID_ENGINE', `--replicas must be a whole number from 1 to 8, not ${replicas}`)
  const lastPort = basePort + 1 + 2 * shards * replicas
  if (!Number.isInteger(basePort) || basePort < 1024 || lastPort > 65535) throw createError('INVALID_ENGINE', `--base-port must leave room for ${lastPort - basePort + 1} ports from 1024 to 65535, not ${basePort}`)
  const dir = resolve(options.dir)
  let port = basePort + 1
  const nodes: ClusterNode[][] = []
  for (let s = 0; s < shards; s++) {
    const copies: ClusterNode[] = []
    for (let r = 0; r < replicas; r++) {
      const name = `shard${s}-replica${r}`
      copies.push({ name, host, sqlPort: port, apiPort: port + 1, dir: join(dir, name) })
      port += 2
    }
    nodes.push(copies)
  }
  return { formatVersion: CLUSTER_FORMAT_VERSION, head: { name: 'head', host, sqlPort: basePort, dir: join(dir, 'head') }, shards: nodes }
}

/** The searchd settings every node shares: its listeners, files and threads. */
function searchdSection (node: ClusterNode, listen: string[]): string {
  return [
    'searchd',
    '{',
    ...listen.map(address => `  listen = ${address}`),
    `  log = ${join(node.dir, 'searchd.log')}`,
    `  query_log = ${join(node.dir, 'query.log')}`,
    `  pid_file = ${join(node.dir, 'searchd.pid')}`,
    `  binlog_path = ${node.dir}`,
    '  workers = threads',
    '  read_timeout = 5',
    '  client_timeout = 300',
    '  max_packet_size = 32M',
    '}',
    '',
  ].join('\n')
}

/**
 * A shard node's config. Every term is written by zhsearch's analyzer as a hashed token
 * of lowercase hex (see sphinx-terms.ts), so the charset is just `0..9, a..z`: Sphinx
 * never re-splits, folds or n-grams anything (no ngram_len, no CJK support needed), and
 * a query can hold nothing but tokens zhsearch wrote and operators it chose.
 */
export function shardConfig (node: ClusterNode): string {
  return [
    `# zhsearch shard node ${node.name}: written by \`zhsearch cluster init\``,
    `index ${SHARD_INDEX}`,
    '{',
    '  type = rt',
    `  path = ${join(node.dir, 'data', SHARD_INDEX)}`,
    ...SHARD_FIELDS.map(field => `  rt_field = ${field}`),
    // The article as ingested (JSON): snippets and pages are cut from it by zhsearch.
    '  rt_attr_string = article',
    '  rt_attr_string = source',
    '  rt_attr_string = people_names',
    '  rt_attr_multi_64 = people',
    '  rt_attr_bigint = source_key',
    // The corpus file the article came from: a changed file's old articles are found by it.
    '  rt_attr_bigint = file_key',
    '  rt_attr_uint = date_key',
    '  charset_table = 0..9, a..z',
    '  min_word_len = 1',
    '  rt_mem_limit = 256M',
    '}',
    '',
    searchdSection(node, [`${node.host}:${node.sqlPort}:mysql41`, `${node.host}:${node.apiPort!}`]),
  ].join('\n')
}

/**
 * The head's config: the distributed index over every shard (a shard's replicas are
 * agent mirrors, tried in turn, dead ones left out), and the meta index.
 */
export function headConfig (topology: ClusterTopology): string {
  return [
    '# zhsearch head node: written by `zhsearch cluster init`. Searches go to the',
    `# distributed index \`${CLUSTER_INDEX}\`, which asks one replica of every shard.`,
    `index ${CLUSTER_INDEX}`,
    '{',
    '  type = distributed',
    ...topology.shards.map(replicas => `  agent = ${replicas.map(node => `${node.host}:${node.apiPort!}:${SHARD_INDEX}`).join('|')}`),
    '  ha_strategy = nodeads',
    '  agent_connect_timeout = 300',
    '  agent_query_timeout = 10000',
    '}',
    '',
    `index ${META_INDEX}`,
    '{',
    '  type = rt',
    `  path = ${join(topology.head.dir, 'data', META_INDEX)}`,
    '  rt_field = name',
    '  rt_attr_string = value',
    '  rt_mem_limit = 16M',
    '}',
    '',
    searchdSection(topology.head, [`${topology.head.host}:${topology.head.sqlPort}:mysql41`]),
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
  const topology = planCluster(options)
  for (const node of allNodes(topology)) {
    await mkdir(join(node.dir, 'data'), { recursive: true })
    await writeFile(configPath(node), node === topology.head ? headConfig(topology) : shardConfig(node))
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
