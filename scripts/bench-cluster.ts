/**
 * The cluster backend against the embedded engine, in the same run: indexing throughput
 * and query latency (p50, p99) with 1, 2 and 4 shards (one replica each, all on this
 * machine) on xwlb news, and from the measured disk and memory per article, what a
 * 10-million-article archive needs. Needs `searchd` on PATH (apt-get install sphinxsearch).
 *
 *   npm run bench:cluster [-- --items 5000 --queries 200]
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { ClusterConnection, ClusterSearcher, readCorpus, reindexCluster, runningPid, SearchEngine, startCluster, stopCluster, writeClusterConfig, type ClusterTopology } from '../src/internal.js'
import { portOpen } from '../src/cluster/cluster-process.js'
import { SHARED_DATA } from './lib/beir-collection.js'
import { printTable } from './lib/corpora.js'
import { seededRandom } from './lib/seeded-random.js'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '5000' },
    queries: { type: 'string', default: '200' },
    shards: { type: 'string', default: '1,2,4' },
  },
})
const ITEMS = Number(values.items)
const QUERIES = Number(values.queries)
const ARCHIVE = 10_000_000
const NEWS = join(process.env.ZHSEARCH_SHARED_DATA ?? SHARED_DATA, 'xwlb-news')


function percentile (values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

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

async function freeBasePort (ports: number): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 30_000)
    const taken = await Promise.all(Array.from({ length: ports }, (_, i) => portOpen('127.0.0.1', candidate + i)))
    if (!taken.includes(true)) return candidate
  }
}

// The corpus: ITEMS news items, in a temporary corpus folder.
const lines = (await Promise.all(['corpus-2023.jsonl', 'corpus-2024.jsonl'].map(file => readFile(join(NEWS, file), 'utf8'))))
  .join('\n').split('\n').filter(line => line.trim() !== '').slice(0, ITEMS)
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-cluster-'))
const corpusDir = join(work, 'corpus')
await mkdir(corpusDir)
await writeFile(join(corpusDir, 'news.jsonl'), `${lines.join('\n')}\n`)
const { articles } = await readCorpus(corpusDir)
const next = seededRandom(7)
const queries: string[] = []
while (queries.length < QUERIES) {
  const body = articles[Math.floor(next() * articles.length)]!.body
  const length = 2 + Math.floor(next() * 5)
  const start = Math.floor(next() * Math.max(1, body.length - length))
  const query = body.slice(start, start + length)
  if (/^[\p{Script=Han}]+$/u.test(query)) queries.push(query)
}

interface Measured { name: string, indexMs: number, p50: number, p99: number, diskBytes: number, memoryBytes: number }
const measured: Measured[] = []

async function timeQueries (search: (query: string) => Promise<unknown>): Promise<number[]> {
  for (const query of queries.slice(0, 10)) await search(query)
  const times: number[] = []
  for (const query of queries) {
    const started = performance.now()
    await search(query)
    times.push(performance.now() - started)
  }
  return times
}

{
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().external
  const started = performance.now()
  const engine = await SearchEngine.fromArticles(articles, { workers: 0 })
  const indexMs = performance.now() - started
  const memoryBytes = process.memoryUsage().heapUsed + process.memoryUsage().external - heapBefore
  await engine.save(join(work, 'index'))
  const times = await timeQueries(query => engine.search({ query, limit: 10 }))
  measured.push({ name: 'embedded', indexMs, p50: percentile(times, 0.5), p99: percentile(times, 0.99), diskBytes: await folderBytes(join(work, 'index')), memoryBytes })
}

for (const shards of values.shards.split(',').map(Number)) {
  const base = await freeBasePort(1 + 2 * shards)
  let topology: ClusterTopology | undefined
  try {
    topology = await writeClusterConfig({ dir: join(work, `cluster-${shards}`), shards, basePort: base })
    await startCluster(topology)
    await ClusterConnection.publishTopology(topology)
    const engine = `sphinxql://127.0.0.1:${base}`
    const nodes = topology.shards.flat()
    const memoryOf = async (): Promise<number> => {
      let total = 0
      for (const node of nodes) {
        const pid = await runningPid(node)
        if (pid !== undefined) total += await residentBytes(pid)
      }
      return total
    }
    // What the articles take: resident memory over that of the empty nodes.
    const emptyMemory = await memoryOf()
    const summary = await reindexCluster({ corpusDir, engine, full: true })
    const searcher = await ClusterSearcher.connect(engine)
    const times = await timeQueries(query => searcher.search({ query, limit: 10 }))
    await searcher.close()
    const memoryBytes = await memoryOf() - emptyMemory
    // The RT indexes' RAM chunks are written out, so that the data folders hold everything.
    const connection = await ClusterConnection.open(engine)
    await Promise.all(nodes.map(node => connection.client(node).query('FLUSH RTINDEX shard')))
    await connection.close()
    let diskBytes = 0
    for (const node of nodes) diskBytes += await folderBytes(join(node.dir, 'data'))
    measured.push({ name: `cluster, ${shards} shard${shards > 1 ? 's' : ''}`, indexMs: summary.ms, p50: percentile(times, 0.5), p99: percentile(times, 0.99), diskBytes, memoryBytes })
  } finally {
    if (topology !== undefined) await stopCluster(topology)
  }
}
await rm(work, { recursive: true, force: true })

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`
console.log(`\n${articles.length} xwlb news items, ${queries.length} queries (2-6 Han characters cut from the articles), limit 10 with snippets\n`)
printTable(['backend', 'index', 'articles/s', 'p50', 'p99', 'disk', 'memory (articles)'], measured.map(m => [
  m.name, `${(m.indexMs / 1000).toFixed(1)} s`, String(Math.round(articles.length / (m.indexMs / 1000))), `${m.p50.toFixed(1)} ms`, `${m.p99.toFixed(1)} ms`, mb(m.diskBytes), mb(m.memoryBytes),
]))

const cluster = measured.filter(m => m.name.startsWith('cluster'))
const perArticleDisk = Math.max(...cluster.map(m => m.diskBytes)) / articles.length
const perArticleMemory = Math.max(...cluster.map(m => m.memoryBytes)) / articles.length
const nodeMemory = 32 * 2 ** 30
const shardsNeeded = Math.ceil((perArticleMemory * ARCHIVE) / (nodeMemory * 0.5))
console.log(`\n10 million articles at the measured ${(perArticleDisk / 1024).toFixed(1)} KB disk and ${(perArticleMemory / 1024).toFixed(1)} KB memory per article:`)
console.log(`  disk ${(perArticleDisk * ARCHIVE / 2 ** 30).toFixed(0)} GB, memory ${(perArticleMemory * ARCHIVE / 2 ** 30).toFixed(0)} GB in all;`)
console.log(`  at half of a 32 GB node for searchd: ${shardsNeeded} shard(s), ${(perArticleMemory * ARCHIVE / shardsNeeded / 2 ** 30).toFixed(1)} GB and ${(perArticleDisk * ARCHIVE / shardsNeeded / 2 ** 30).toFixed(0)} GB disk per node (× replicas)`)
const embedded = measured[0]!
console.log(`  (the embedded engine would hold ${(embedded.memoryBytes / articles.length * ARCHIVE / 2 ** 30).toFixed(0)} GB in one process)`)
