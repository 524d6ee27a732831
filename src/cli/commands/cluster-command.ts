import { Command } from 'commander'
import { z } from 'zod'
import type { ClusterReindexSummary, ShardStatus } from '../../internal.js'
import { FolderSchema, parseOptions, wholeNumber } from '../cli-options.js'
import { dictionaryLines, folder, formatCount, formatDuration } from '../format.js'
import { loadLibrary } from '../library.js'
import { stylesFor, writeJson, writeLines } from '../output.js'

const InitOptionsSchema = z.object({
  dir: FolderSchema,
  shards: wholeNumber(1, 64),
  replicas: wholeNumber(1, 8),
  basePort: wholeNumber(1024, 65_535),
  host: z.string().trim().min(1),
})

const DirOptionsSchema = z.object({ dir: FolderSchema })
const StartOptionsSchema = z.object({ dir: FolderSchema, recordOnly: z.boolean() })

/** `zhsearch cluster init|start|stop`: a sharded, replicated cluster of searchd nodes for development and tests. */
export function createClusterCommand (): Command {
  const init = new Command('init')
    .summary('write searchd configs for a cluster of shards and replicas')
    .description([
      'Writes a ready-to-run searchd config for every node into --dir: one node per replica',
      'of each shard (an RT index), and a head node whose distributed index asks one replica',
      'of every shard. Articles are spread over the shards by a hash of their id.',
    ].join('\n'))
    .requiredOption('--dir <dir>', 'the cluster folder (one sub-folder per node)')
    .requiredOption('--shards <n>', 'number of shards')
    .option('--replicas <n>', 'copies of each shard', '1')
    .option('--base-port <port>', 'the head listens here, the nodes on the ports after it', '9306')
    .option('--host <host>', 'address every node listens on', '127.0.0.1')
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, InitOptionsSchema, raw)
      const { writeClusterConfig, engineAddress } = await loadLibrary()
      const topology = await writeClusterConfig(options)
      const address = engineAddress(topology)
      writeLines(process.stdout, [
        `Wrote ${topology.shards.length} shard(s) × ${topology.shards[0]!.length} replica(s) and a head into ${folder(options.dir)}:`,
        `  head     ${topology.head.host}:${topology.head.sqlPort}  (${topology.head.dir}/searchd.conf)`,
        ...topology.shards.flat().map(node => `  ${node.name.padEnd(8)} ${node.host}:${node.sqlPort} (SphinxQL)`),
        '',
        'Start the nodes (searchd from Manticore or Sphinx on PATH), then index and search:',
        `  zhsearch cluster start --dir ${options.dir}`,
        `  zhsearch reindex --engine ${address}`,
        `  zhsearch search 工会 --engine ${address}`,
        `  zhsearch serve --engine ${address}`,
        `Or run each node yourself (searchd --config <node>/searchd.conf), then record the layout in the head once:`,
        `  zhsearch cluster start --dir ${options.dir} --record-only`,
      ])
    })

  const start = new Command('start')
    .summary('start every node of a cluster')
    .description('Starts the searchd of every node in --dir that is not running yet (the one on PATH), and records the layout in the head.')
    .requiredOption('--dir <dir>', 'the cluster folder written by `zhsearch cluster init`')
    .option('--record-only', 'start nothing: only record the layout in the head (nodes run under their own service manager)', false)
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, StartOptionsSchema, raw)
      const { readClusterConfig, startCluster, ClusterConnection, engineAddress } = await loadLibrary()
      const topology = await readClusterConfig(options.dir)
      if (!options.recordOnly) await startCluster(topology)
      await ClusterConnection.publishTopology(topology)
      writeLines(process.stdout, [`Cluster running: --engine ${engineAddress(topology)}`, `Stop it with: zhsearch cluster stop --dir ${options.dir}`])
    })

  const stop = new Command('stop')
    .summary('stop every node of a cluster')
    .requiredOption('--dir <dir>', 'the cluster folder written by `zhsearch cluster init`')
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, DirOptionsSchema, raw)
      const { readClusterConfig, stopCluster } = await loadLibrary()
      const stopped = await stopCluster(await readClusterConfig(options.dir))
      writeLines(process.stdout, [stopped.length === 0 ? 'No node was running.' : `Stopped ${stopped.join(', ')}.`])
    })

  return new Command('cluster')
    .summary('run a sharded search cluster (Manticore or Sphinx searchd)')
    .addCommand(init)
    .addCommand(start)
    .addCommand(stop)
    .addHelpText('after', [
      '',
      'Examples:',
      '  zhsearch cluster init --shards 2 --replicas 2 --dir cluster',
      '  zhsearch cluster init --shards 8 --replicas 2 --dir 集群 --host 10.0.0.5   # 生产：每台机器上运行 Manticore',
      '  zhsearch cluster start --dir cluster',
      '  zhsearch reindex --engine sphinxql://127.0.0.1:9306',
      '  zhsearch cluster stop --dir cluster',
    ].join('\n'))
}

/** `zhsearch reindex --engine …`: the corpus into the cluster. */
export async function reindexIntoCluster (options: { corpus: string, engine: string, full: boolean, json: boolean }): Promise<void> {
  const { reindexCluster } = await loadLibrary()
  const summary: ClusterReindexSummary = await reindexCluster({ corpusDir: options.corpus, engine: options.engine, full: options.full })
  if (options.json) {
    writeJson(process.stdout, { corpus: options.corpus, engine: options.engine, ...summary })
    return
  }
  const styles = stylesFor(process.stdout)
  const mode = summary.mode === 'full' ? ['full rebuild', ...(summary.fullReason !== undefined ? [summary.fullReason] : [])].join(': ') : 'incremental'
  const { articles, files, problems } = summary
  writeLines(process.stdout, [
    styles.bold(`Indexed ${folder(options.corpus)} into ${options.engine} in ${formatDuration(summary.ms)} (${mode})`),
    `  articles  ${formatCount(articles.added)} added, ${formatCount(articles.updated)} updated, ${formatCount(articles.removed)} removed`,
    ...dictionaryLines(summary),
    `  files     ${formatCount(files.total)} in the corpus: ${formatCount(files.read)} read, ${formatCount(files.unchanged)} unchanged, ${formatCount(files.removed)} removed`,
    ...problems.map(problem => `  skipped   ${styles.warn(problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file)}  ${styles.dim(problem.code)}  ${problem.message}`),
  ])
}

/** `zhsearch stats --engine …`: documents per shard and each node's health. */
export async function clusterStats (options: { engine: string, json: boolean }): Promise<void> {
  const { ClusterSearcher } = await loadLibrary()
  const searcher = await ClusterSearcher.connect(options.engine)
  let status: ShardStatus[]
  try {
    status = await searcher.refresh()
  } finally {
    await searcher.close()
  }
  const stats = searcher.stats()
  if (options.json) {
    writeJson(process.stdout, { engine: options.engine, documents: stats.documents, analyzerFingerprint: stats.analyzerFingerprint, shards: status })
    return
  }
  const styles = stylesFor(process.stdout)
  writeLines(process.stdout, [
    styles.bold(`Cluster ${options.engine}: ${formatCount(stats.documents)} documents in ${status.length} shard(s)`),
    ...status.flatMap(shard => [
      `  shard ${shard.shard}  ${shard.documents === undefined ? styles.warn('no replica answers') : `${formatCount(shard.documents)} documents`}`,
      ...shard.replicas.map(replica => `    ${replica.name.padEnd(18)} ${replica.address.padEnd(21)} ${replica.up ? styles.good('up') : styles.warn('down')}`),
    ]),
  ])
}
