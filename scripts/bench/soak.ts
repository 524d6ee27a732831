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
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { wholeNumber } from '../lib/args.js'
import { mib } from '../lib/format.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { CLI } from '../lib/paths.js'
import { printTable } from '../lib/table.js'
import { NEWS_DIR } from '../lib/xwlb-news.js'
import { loadZhsearch, requireBuild } from './common.js'
import { checkCorpusNames, prepareCorpus } from './corpora.js'
import { logger } from './log.js'
import { procStatus, runCli, withServer } from './processes.js'

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: 'news4m' },
    reloads: { type: 'string', default: '12' },
    sighups: { type: 'string', default: '6' },
    extra: { type: 'string', default: '200' },
    connections: { type: 'string', default: '10' },
    'settle-ms': { type: 'string', default: '2000' },
    'news-dir': { type: 'string', default: NEWS_DIR },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('usage: npm run bench:soak -- [--corpus news4m] [--reloads 12] [--sighups 6] [--extra 200 (articles)] [--connections 10] [--settle-ms 2000] [--news-dir DIR]')
  process.exit(0)
}
checkCorpusNames([args.corpus])
const settings = {
  reloads: wholeNumber(args.reloads, 'reloads', 1),
  sighups: wholeNumber(args.sighups, 'sighups'),
  extra: wholeNumber(args.extra, 'extra', 1),
  connections: wholeNumber(args.connections, 'connections', 1),
  settleMs: wholeNumber(args['settle-ms'], 'settle-ms'),
}
/** How long the server may take to serve a new build before the step counts as missed. */
const PICKUP_TIMEOUT_MS = 120_000
/** The query whose total is checked all along: the old index's or the new one's, never another. */
const PROBE = '发展'
const PATHS = ['工作', '发展 经济', '"人民群众"', '习近平', '量子计算机', '北京', '合作 -美国'].map(q => `/api/search?q=${encodeURIComponent(q)}`)
  .concat([`/api/suggest?q=${encodeURIComponent('中国')}`])

const log = logger('soak')
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

interface Row { step: string, rssBytes: number, threads: number, reindexMs?: number, pickupMs?: number, load: number }

/** The server under test: its URL and pid, the folders, and the rows sampled so far. */
interface Soak {
  url: string
  pid: number
  corpusDir: string
  indexDir: string
  extraFile: string
  extraLines: string
  rows: Row[]
  /** The probe's total once the extra file is served (the first reload that adds it). */
  totalWith?: number
}

async function sample (soak: Soak, step: string, extra: Partial<Row> = {}): Promise<void> {
  const status = await procStatus(soak.pid)
  if (status === undefined) throw new Error(`the server (pid ${soak.pid}) has ended`)
  soak.rows.push({ step, rssBytes: status.rssBytes, threads: status.threads, load: loadavg()[0]!, ...extra })
  log(`${step}: RSS ${mib(status.rssBytes)} MiB, ${status.threads} threads`)
}

async function json<T> (soak: Soak, path: string): Promise<T> {
  return (await (await fetch(new URL(path, soak.url))).json()) as T
}
const servedBuild = async (soak: Soak): Promise<string | undefined> => (await json<{ build?: string }>(soak, '/api/stats')).build
const probeTotal = async (soak: Soak): Promise<number> => (await json<{ total: number }>(soak, `/api/search?q=${encodeURIComponent(PROBE)}`)).total

/** The steady load: autocannon cycling through PATHS until stopped. */
function startLoad (url: string): { stop: () => Promise<autocannon.Result> } {
  let next = 0
  let cannon: autocannon.Instance | undefined
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    cannon = autocannon({ url, connections: settings.connections, duration: 3600, timeout: 10, requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: PATHS[next++ % PATHS.length]! }) }] }, (error, result) => {
      if (error !== null && error !== undefined) reject(error)
      else resolve(result)
    })
  })
  return { stop: async () => { cannon?.stop(); return await done } }
}

/** The probe's total, asked every 50 ms until stopped. */
function startProbe (soak: Soak): { stop: () => Promise<number[]> } {
  const totals: number[] = []
  let probing = true
  const loop = (async () => {
    while (probing) {
      totals.push(await probeTotal(soak))
      await sleep(50)
    }
  })()
  return { stop: async () => { probing = false; await loop; return totals } }
}

/** Reload i: the extra file added (odd i) or removed, a reindex, and the wait until the server serves it. */
async function reload (soak: Soak, i: number): Promise<void> {
  const adding = i % 2 === 1
  if (adding) await writeFile(soak.extraFile, soak.extraLines)
  else await rm(soak.extraFile)
  const before = await servedBuild(soak)
  const started = performance.now()
  await runCli(['reindex', '--corpus', soak.corpusDir, '--index', soak.indexDir], 600_000)
  const reindexMs = performance.now() - started
  const written = (JSON.parse(await readFile(join(soak.indexDir, 'manifest.json'), 'utf8')) as { build: string }).build
  if (written === before) throw new Error(`reindex ${i} wrote no new build`)
  const deadline = performance.now() + PICKUP_TIMEOUT_MS
  while (await servedBuild(soak) !== written) {
    if (performance.now() > deadline) throw new Error(`the server did not serve build ${written} within ${PICKUP_TIMEOUT_MS / 1000} s`)
    await sleep(25)
  }
  const pickupMs = performance.now() - started - reindexMs
  if (adding) soak.totalWith ??= await probeTotal(soak)
  await sleep(settings.settleMs)
  await sample(soak, `reload ${i} (${adding ? '+' : '-'}${settings.extra})`, { reindexMs, pickupMs })
}

/** The reloads and SIGHUPs under load; then the tables. */
async function run (soak: Soak): Promise<void> {
  for (const path of PATHS.slice(0, 3)) await fetch(new URL(path, soak.url)).then(response => response.arrayBuffer())
  const totalWithout = await probeTotal(soak)
  await sample(soak, 'start (3 searches)')
  const load = startLoad(soak.url)
  const probe = startProbe(soak)
  for (let i = 1; i <= settings.reloads; i++) await reload(soak, i)
  for (let i = 1; i <= settings.sighups; i++) {
    process.kill(soak.pid, 'SIGHUP')
    await sleep(settings.settleMs)
    await sample(soak, `SIGHUP ${i} (unchanged)`)
  }
  const totals = await probe.stop()
  const result = await load.stop()
  await sleep(settings.settleMs)
  await sample(soak, 'idle after the load')
  report(soak.rows, result, { totals, totalWithout, totalWith: soak.totalWith })
}

function report (rows: readonly Row[], result: autocannon.Result, probe: { totals: number[], totalWithout: number, totalWith: number | undefined }): void {
  printTable(['after', 'RSS MiB', 'threads', 'reindex ms', 'picked up ms', 'load'], rows.map(row => [
    row.step, mib(row.rssBytes), String(row.threads), row.reindexMs?.toFixed(0) ?? '', row.pickupMs?.toFixed(0) ?? '', row.load.toFixed(2),
  ]))
  const first = rows.find(row => row.step.startsWith('reload 1 '))
  const lastReload = rows.filter(row => row.step.startsWith('reload ')).at(-1)
  const mixed = probe.totals.filter(value => value !== probe.totalWithout && value !== probe.totalWith).length
  console.log('')
  console.log(`load: ${settings.connections} connections, ${result.requests.total} requests (${result.requests.average.toFixed(0)}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts}`)
  console.log(`probe "${PROBE}": ${probe.totals.length} answers, totals ${probe.totalWithout} (without the extra file) or ${probe.totalWith ?? '?'} (with it), ${mixed} of neither`)
  if (first !== undefined && lastReload !== undefined) console.log(`RSS: ${mib(lastReload.rssBytes - first.rssBytes)} MiB more after reload ${settings.reloads} than after reload 1; threads ${rows[0]!.threads} at start, ${rows.at(-1)!.threads} at the end`)
}

/**
 * `count` articles of the corpus again, under new ids, as one JSONL file: added, the
 * probe's total grows; removed, it falls back.
 */
async function extraArticles (corpusDir: string, count: number): Promise<string> {
  const { articles } = await (await loadZhsearch()).readCorpus(corpusDir)
  if (articles.length === 0) throw new Error(`no articles in ${corpusDir}`)
  const lines = Array.from({ length: count }, (_, i) => {
    const { id: _id, origin: _origin, ...article } = articles[i % articles.length]!
    return JSON.stringify({ ...article, id: `soak-extra-${i + 1}`, title: `（重发）${article.title ?? ''}`, body: `${article.body ?? ''}\n发展` })
  })
  return `${lines.join('\n')}\n`
}

requireBuild()
const machine = machineAtStart()
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-soak-'))
try {
  const corpusDir = join(work, 'corpus')
  const indexDir = join(work, 'index')
  const corpus = await prepareCorpus(args.corpus, corpusDir, { newsDir: args['news-dir'] })
  const extraLines = await extraArticles(corpusDir, settings.extra)
  log(`${corpus.name} (${corpus.description}), an extra file of ${settings.extra} articles; reindexing…`)
  await runCli(['reindex', '--corpus', corpusDir, '--index', indexDir], 600_000)
  await withServer([CLI, 'serve', '--index', indexDir, '--corpus', corpusDir, '--port', '0', '--host', '127.0.0.1', '--rate-limit', '0'], async (url, _started, pid) => {
    await run({ url, pid, corpusDir, indexDir, extraFile: join(corpusDir, 'soak-extra.jsonl'), extraLines, rows: [] })
  }, { LOG_LEVEL: 'warn' })
  console.log(`\n${machineLine(machine)}`)
} finally {
  await rm(work, { recursive: true, force: true })
}
