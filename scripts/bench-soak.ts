/**
 * A server that runs for months (issue 26): the built `zhsearch serve` under steady load
 * (autocannon) while its corpus is reindexed under it K times (a 200-article file added,
 * then removed, each picked up by hot reload) and then sent S SIGHUPs with the index
 * unchanged. After each step: the server's RSS and OS threads (from /proc), how long the
 * reindex took and how long the server took to serve the new build. At the end: requests,
 * non-2xx, errors, timeouts, p99 of the load, and the answers that were neither the old
 * nor the new index's (a query's total checked all along).
 *
 *   npm run bench:soak                                  news4m (1,402 items), 12 reloads, 6 SIGHUPs
 *   npm run bench:soak -- --corpus default --reloads 20 --sighups 10 --connections 20
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { mkdtemp } from 'node:fs/promises'
import autocannon from 'autocannon'
import { readCorpus } from '../src/index.js'
import { readProcStatus } from '../src/server/process-stats.js'
import { CLI } from './lib/paths.js'
import { NEWS_DIR } from './lib/xwlb-news.js'
import { checkCorpusNames, prepareCorpus } from './bench/corpora.js'
import { runCli, withServer } from './bench/processes.js'
import { printTable } from './lib/corpora.js'

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'news4m' },
    reloads: { type: 'string', default: '12' },
    sighups: { type: 'string', default: '6' },
    extra: { type: 'string', default: '200' },
    connections: { type: 'string', default: '10' },
    'settle-ms': { type: 'string', default: '2000' },
    'news-dir': { type: 'string', default: NEWS_DIR },
  },
})
checkCorpusNames([args.corpus])
const reloads = Number(args.reloads)
const sighups = Number(args.sighups)
const extraCount = Number(args.extra)
const connections = Number(args.connections)
const settleMs = Number(args['settle-ms'])
/** How long the server may take to serve a new build before the step counts as missed. */
const PICKUP_TIMEOUT_MS = 120_000
/** The query whose total is checked all along: the old index's or the new one's, never another. */
const PROBE = '发展'
const PATHS = ['工作', '发展 经济', '"人民群众"', '习近平', '量子计算机', '北京', '合作 -美国'].map(q => `/api/search?q=${encodeURIComponent(q)}`)
  .concat([`/api/suggest?q=${encodeURIComponent('中国')}`])

const log = (line: string): void => { process.stderr.write(`${line}\n`) }
const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(0)
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

interface Row { step: string, rssBytes: number, threads: number, reindexMs?: number, pickupMs?: number, load: number }

const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-soak-'))
try {
  const corpusDir = join(work, 'corpus')
  const indexDir = join(work, 'index')
  const corpus = await prepareCorpus(args.corpus, corpusDir, { newsDir: args['news-dir'], cacheDir: join(work, 'cache') })
  const extraFile = join(corpusDir, 'soak-extra.jsonl')
  const extraLines = await extraArticles(corpusDir, extraCount)
  log(`soak: ${corpus.name} (${corpus.description}), an extra file of ${extraCount} articles; reindexing…`)
  await runCli(['reindex', '--corpus', corpusDir, '--index', indexDir], 600_000)

  await withServer([CLI, 'serve', '--index', indexDir, '--corpus', corpusDir, '--port', '0', '--host', '127.0.0.1', '--rate-limit', '0'], async (url, _started, pid) => {
    const rows: Row[] = []
    const sample = (step: string, extra: Partial<Row> = {}): void => {
      const status = readProcStatus(pid)
      if (status === undefined) throw new Error(`the server (pid ${pid}) has ended`)
      rows.push({ step, ...status, load: loadavg()[0]!, ...extra })
      log(`soak: ${step}: RSS ${mib(status.rssBytes)} MiB, ${status.threads} threads`)
    }
    const json = async <T>(path: string): Promise<T> => (await (await fetch(new URL(path, url))).json()) as T
    const build = async (): Promise<string | undefined> => (await json<{ build?: string }>('/api/stats')).build
    const total = async (): Promise<number> => (await json<{ total: number }>(`/api/search?q=${encodeURIComponent(PROBE)}`)).total

    for (const path of PATHS.slice(0, 3)) await fetch(new URL(path, url)).then(response => response.arrayBuffer())
    const totalWithout = await total()
    sample('start (3 searches)')

    // The load, and the probe that checks every answer is one index's.
    let next = 0
    let cannon: autocannon.Instance | undefined
    const loadDone = new Promise<autocannon.Result>((resolve, reject) => {
      cannon = autocannon({ url, connections, duration: 3600, timeout: 10, requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: PATHS[next++ % PATHS.length]! }) }] }, (error, result) => {
        if (error !== null && error !== undefined) reject(error)
        else resolve(result)
      })
    })
    const totals: number[] = []
    let probing = true
    const probe = (async () => {
      while (probing) {
        totals.push(await total())
        await sleep(50)
      }
    })()

    let totalWith: number | undefined
    for (let i = 1; i <= reloads; i++) {
      const adding = i % 2 === 1
      if (adding) await writeFile(extraFile, extraLines)
      else await rm(extraFile)
      const before = await build()
      const started = performance.now()
      await runCli(['reindex', '--corpus', corpusDir, '--index', indexDir], 600_000)
      const reindexMs = performance.now() - started
      const written = (JSON.parse(await readFile(join(indexDir, 'manifest.json'), 'utf8')) as { build: string }).build
      if (written === before) throw new Error(`reindex ${i} wrote no new build`)
      const deadline = performance.now() + PICKUP_TIMEOUT_MS
      while (await build() !== written) {
        if (performance.now() > deadline) throw new Error(`the server did not serve build ${written} within ${PICKUP_TIMEOUT_MS / 1000} s`)
        await sleep(25)
      }
      const pickupMs = performance.now() - started - reindexMs
      if (adding) totalWith ??= await total()
      await sleep(settleMs)
      sample(`reload ${i} (${adding ? '+' : '-'}${extraCount})`, { reindexMs, pickupMs })
    }
    for (let i = 1; i <= sighups; i++) {
      process.kill(pid, 'SIGHUP')
      await sleep(settleMs)
      sample(`SIGHUP ${i} (unchanged)`)
    }
    probing = false
    await probe
    cannon?.stop()
    const result = await loadDone
    await sleep(settleMs)
    sample('idle after the load')

    printTable(['after', 'RSS MiB', 'threads', 'reindex ms', 'picked up ms', 'load'], rows.map(row => [
      row.step, mib(row.rssBytes), String(row.threads), row.reindexMs?.toFixed(0) ?? '', row.pickupMs?.toFixed(0) ?? '', row.load.toFixed(2),
    ]))
    const first = rows.find(row => row.step.startsWith('reload 1 '))
    const lastReload = rows.filter(row => row.step.startsWith('reload ')).at(-1)
    const mixed = totals.filter(value => value !== totalWithout && value !== totalWith).length
    console.log('')
    console.log(`load: ${connections} connections, ${result.requests.total} requests (${result.requests.average.toFixed(0)}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`)
    console.log(`probe "${PROBE}": ${totals.length} answers, totals ${totalWithout} (without the extra file) or ${totalWith ?? '?'} (with it), ${mixed} of neither`)
    if (first !== undefined && lastReload !== undefined) console.log(`RSS: ${mib(lastReload.rssBytes - first.rssBytes)} MiB more after reload ${reloads} than after reload 1; threads ${rows[0]!.threads} at start, ${rows.at(-1)!.threads} at the end`)
    console.log(`machine: load average ${loadavg().map(value => value.toFixed(2)).join(' ')}, Node ${process.version}`)
  }, { LOG_LEVEL: 'warn' })
} finally {
  await rm(work, { recursive: true, force: true })
}

/**
 * `count` articles of the corpus again, under new ids, as one JSONL file: added, the
 * probe's total grows; removed, it falls back.
 */
async function extraArticles (corpusDir: string, count: number): Promise<string> {
  const { articles } = await readCorpus(corpusDir)
  if (articles.length === 0) throw new Error(`no articles in ${corpusDir}`)
  const lines = Array.from({ length: count }, (_, i) => {
    const { id, origin: _origin, ...article } = articles[i % articles.length]!
    return JSON.stringify({ ...article, id: `soak-extra-${i + 1}`, title: `（重发）${article.title ?? ''}`, body: `${article.body ?? ''}\n发展` })
  })
  return `${lines.join('\n')}\n`
}
