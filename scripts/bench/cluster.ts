/**
 * The cluster against the embedded engine, measured in the same run (issue 21): for each
 * shard count (each shard with --replicas copies, every node a searchd on this machine),
 *   - DuReader dev (100 judged questions): how many top 10s are identical in order (ids and
 *     scores), and nDCG@10 of both;
 *   - query latency p50/p99 at limit 10 with snippets, the DuReader questions searched
 *     --rounds times, embedded and cluster interleaved query by query (same load for both),
 *     with what a cluster search costs: the statements searchd logged and the time it spent;
 *   - ingest: a full reindex of --items xwlb news items, embedded then cluster;
 *   - disk and memory per article, and the 10-million-article sizing from them.
 * Needs `searchd` on PATH (apt-get install sphinxsearch) and ../shared/data. Every node it
 * starts is stopped, also when it fails.
 *
 *   npm run bench:cluster [-- --shards 1,2,4 --replicas 2 --items 5000 --rounds 3]
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { allNodes, ClusterConnection, type ClusterTopology, ClusterSearcher, reindex, reindexCluster, runningPid, SearchEngine, type Searcher, startCluster, stopCluster, writeClusterConfig } from '../../src/internal.js'
import { readCollection, scoreRanking, SHARED_DATA } from '../lib/beir-collection.js'
import { printTable } from '../lib/table.js'
import { percentile } from '../lib/stats.js'
import { NEWS_DIR } from '../lib/xwlb-news.js'

const { values } = parseArgs({
  options: {
    shards: { type: 'string', default: '1,2,4' },
    replicas: { type: 'string', default: '2' },
    items: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
  },
})
const SHARD_COUNTS = values.shards.split(',').map(Number)
const REPLICAS = Number(values.replicas)
const ITEMS = Number(values.items)
const ROUNDS = Number(values.rounds)
const ARCHIVE = 10_000_000
/** Search options of both backends: no time budget, so that both rank every candidate. */
const OPTIONS = { queryBudgetMs: 0 }

const now = (): number => performance.now()
const load = (): string => loadavg().map(value => value.toFixed(2)).join(' ')

async function folderBytes (dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? await folderBytes(path) : (await stat(path)).size
  }
  return total
}

/** Resident memory of a process and its children (searchd runs a watchdog and a worker). */
async function residentBytes (pid: number): Promise<number> {
  let total = 0
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const status = await readFile(`/proc/${entry}/status`, 'utf8')
      const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1])
      if (Number(entry) !== pid && ppid !== pid) continue
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024
    } catch { /* gone meanwhile */ }
  }
  return total
}

function portTaken (port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = createConnection({ host: '127.0.0.1', port })
    socket.once('connect', () => { socket.destroy(); resolve(true) })
    socket.once('error', () => resolve(false))
  })
}

async function freeBasePort (ports: number): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 30_000)
    const taken = await Promise.all(Array.from({ length: ports }, (_, i) => portTaken(candidate + i)))
    if (!taken.includes(true)) return candidate
  }
}

/** What searchd logged since `from` (per node: lines of its query log): statements, and seconds spent in them. */
async function searchdWork (topology: ClusterTopology, from?: Map<string, number>): Promise<{ marks: Map<string, number>, statements: number, seconds: number }> {
  const marks = new Map<string, number>()
  let statements = 0
  let seconds = 0
  for (const node of allNodes(topology)) {
    const lines = (await readFile(join(node.dir, 'query.log'), 'utf8').catch(() => '')).split('\n').filter(line => line !== '')
    marks.set(node.name, lines.length)
    for (const line of lines.slice(from?.get(node.name) ?? lines.length)) {
      statements++
      // Sphinx 2.2's plain query log: "[date] <real time> sec <wall time> sec [...]".
      seconds += Number(/\] (\d+\.\d+) sec/.exec(line)?.[1] ?? 0)
    }
  }
  return { marks, statements, seconds }
}

// The corpora, in temporary corpus folders (never in the repository).
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-cluster-'))
const dureaderDir = join(work, 'dureader')
await mkdir(dureaderDir)
await copyFile(join(SHARED_DATA, 'dureader-search-demo', 'corpus.jsonl'), join(dureaderDir, 'corpus.jsonl'))
const { queries, relevant } = await readCollection('dureader-search-demo', 'dev')
const newsDir = join(work, 'news')
await mkdir(newsDir)
// The newest items first (every year's file, 19,594 items in all), the first --items of them.
const newsFiles = (await readdir(NEWS_DIR)).filter(name => /^corpus-\d+\.jsonl$/.test(name)).sort().reverse()
const newsLines = (await Promise.all(newsFiles.map(file => readFile(join(NEWS_DIR, file), 'utf8'))))
  .join('\n').split('\n').filter(line => line.trim() !== '').slice(0, ITEMS)
await writeFile(join(newsDir, 'news.jsonl'), `${newsLines.join('\n')}\n`)

interface Row {
  name: string
  identical: number
  ndcg: number
  p50: number
  p99: number
  statements?: number
  searchdMs?: number
  ingestS: number
  /** The embedded full reindex measured beside this one. */
  embeddedIngestS?: number
  diskBytes?: number
  memoryBytes?: number
}
const rows: Row[] = []
const loadAtStart = load()

async function topTen (searcher: Searcher, query: string): Promise<Array<{ id: string, score: number }>> {
  return (await searcher.search({ query, limit: 10, snippets: false })).hits.map(hit => ({ id: hit.id, score: hit.score }))
}

function ndcgOf (ranked: ReadonlyArray<ReadonlyArray<{ id: string }>>): number {
  return ranked.reduce((sum, hits, q) => sum + scoreRanking(hits.map(hit => hit.id), relevant.get(queries[q]!.id)!, 10).ndcg, 0) / queries.length
}

async function embeddedIngest (): Promise<number> {
  const indexDir = join(work, `news-index-${Math.random().toString(36).slice(2)}`)
  const started = now()
  await reindex({ corpusDir: newsDir, indexDir, full: true })
  const seconds = (now() - started) / 1000
  await rm(indexDir, { recursive: true, force: true })
  return seconds
}

try {
  await reindex({ corpusDir: dureaderDir, indexDir: join(work, 'dureader-index'), full: true })
  const embedded = await SearchEngine.open(join(work, 'dureader-index'), OPTIONS)
  await embedded.ready()
  const embeddedTop = await Promise.all(queries.map(query => topTen(embedded, query.text)))
  const embeddedTimes: number[] = []
  const ingest = await embeddedIngest()
  rows.push({ name: 'embedded', identical: queries.length, ndcg: ndcgOf(embeddedTop), p50: 0, p99: 0, ingestS: ingest })

  for (const shards of SHARD_COUNTS) {
    const base = await freeBasePort(1 + shards * REPLICAS)
    const topology = await writeClusterConfig({ dir: join(work, `cluster-${shards}`), shards, replicas: REPLICAS, basePort: base })
    try {
      await startCluster(topology)
      await ClusterConnection.publishTopology(topology)
      const address = `sphinxql://127.0.0.1:${base}`
      const nodes = topology.shards.flat()
      const memoryOf = async (): Promise<number> => {
        let total = 0
        for (const node of nodes) {
          const pid = await runningPid(node)
          if (pid !== undefined) total += await residentBytes(pid)
        }
        return total
      }
      const emptyMemory = await memoryOf()
      // Ingest: the embedded full reindex beside the cluster's, so both see the same load.
      const embeddedIngestS = await embeddedIngest()
      const ingestS = (await reindexCluster({ corpusDir: newsDir, engine: address, full: true })).ms / 1000
      // What the articles take, per article (then DuReader replaces the news).
      const memoryBytes = (await memoryOf() - emptyMemory) / newsLines.length / REPLICAS
      const connection = await ClusterConnection.open(address)
      await Promise.all(nodes.map(node => connection.client(node).query('FLUSH RTINDEX shard')))
      await connection.close()
      let diskBytes = 0
      for (const node of nodes) diskBytes += await folderBytes(join(node.dir, 'data'))
      diskBytes /= newsLines.length * REPLICAS

      await reindexCluster({ corpusDir: dureaderDir, engine: address, full: true })
      const cluster = await ClusterSearcher.connect(address, OPTIONS)
      await cluster.ready()
      const clusterTop = await Promise.all(queries.map(query => topTen(cluster, query.text)))
      const identical = clusterTop.filter((hits, q) => JSON.stringify(hits) === JSON.stringify(embeddedTop[q])).length

      for (const query of queries.slice(0, 10)) {
        await embedded.search({ query: query.text, limit: 10 })
        await cluster.search({ query: query.text, limit: 10 })
      }
      const times: number[] = []
      embeddedTimes.length = 0
      let statements = 0
      let seconds = 0
      for (let round = 0; round < ROUNDS; round++) {
        for (const query of queries) {
          let started = now()
          await embedded.search({ query: query.text, limit: 10 })
          embeddedTimes.push(now() - started)
          const before = await searchdWork(topology)
          started = now()
          await cluster.search({ query: query.text, limit: 10 })
          times.push(now() - started)
          const after = await searchdWork(topology, before.marks)
          statements += after.statements
          seconds += after.seconds
        }
      }
      await cluster.close()
      const searches = ROUNDS * queries.length
      rows.push({
        name: `cluster ${shards}×${REPLICAS}`,
        identical,
        ndcg: ndcgOf(clusterTop),
        p50: percentile(times, 0.5),
        p99: percentile(times, 0.99),
        statements: statements / searches,
        searchdMs: (seconds * 1000) / searches,
        ingestS,
        embeddedIngestS,
        diskBytes,
        memoryBytes,
      })
      // The embedded engine's latency of the same run, beside this cluster's.
      rows.push({ name: `  embedded (same rounds)`, identical: queries.length, ndcg: ndcgOf(embeddedTop), p50: percentile(embeddedTimes, 0.5), p99: percentile(embeddedTimes, 0.99), ingestS: embeddedIngestS })
    } finally {
      await stopCluster(topology)
    }
  }
  await embedded.close()
} finally {
  await rm(work, { recursive: true, force: true })
}

const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}x`
console.log(`\nDuReader dev: ${queries.length} questions over 1,390 pages, limit 10 with snippets, ${ROUNDS} rounds interleaved; ingest: full reindex of ${newsLines.length} xwlb news items`)
console.log(`load average at start ${loadAtStart}, at end ${load()} (2 cores shared; every searchd on this machine)\n`)
printTable(['backend', 'top 10 identical', 'nDCG@10', 'p50', 'p99', 'p50/p99 vs embedded', 'statements/search', 'searchd ms/search', 'ingest', 'ingest vs embedded'], rows.map((row, i) => {
  const twin = rows[i + 1]
  const isCluster = row.statements !== undefined
  return [
    row.name,
    `${row.identical}/${queries.length}`,
    row.ndcg.toFixed(4),
    row.p50 === 0 ? '' : `${row.p50.toFixed(1)} ms`,
    row.p99 === 0 ? '' : `${row.p99.toFixed(1)} ms`,
    isCluster && twin !== undefined ? `${ratio(row.p50, twin.p50)} / ${ratio(row.p99, twin.p99)}` : '',
    isCluster ? row.statements!.toFixed(1) : '',
    isCluster ? row.searchdMs!.toFixed(1) : '',
    `${row.ingestS.toFixed(1)} s (${Math.round(newsLines.length / row.ingestS)}/s)`,
    isCluster ? ratio(row.ingestS, row.embeddedIngestS!) : '',
  ]
}))

const clusters = rows.filter(row => row.diskBytes !== undefined)
if (clusters.length > 0) {
  const disk = Math.max(...clusters.map(row => row.diskBytes!))
  const memory = Math.max(...clusters.map(row => row.memoryBytes!))
  const nodeMemory = 32 * 2 ** 30
  const shardsNeeded = Math.ceil((memory * ARCHIVE) / (nodeMemory * 0.5))
  console.log(`\n10 million articles at the measured ${(disk / 1024).toFixed(1)} KB disk and ${(memory / 1024).toFixed(1)} KB searchd memory per article and copy (xwlb news):`)
  console.log(`  disk ${(disk * ARCHIVE / 2 ** 30).toFixed(0)} GB, memory ${(memory * ARCHIVE / 2 ** 30).toFixed(0)} GB per copy of the whole index;`)
  console.log(`  at half of a 32 GB node for searchd: ${shardsNeeded} shard(s) of ${(memory * ARCHIVE / shardsNeeded / 2 ** 30).toFixed(1)} GB memory and ${(disk * ARCHIVE / shardsNeeded / 2 ** 30).toFixed(0)} GB disk, times the replicas`)
}
