/**
 * Reindex benchmark on a large real corpus: `zhsearch reindex` (the built CLI, as people run
 * it) with different numbers of analysis threads, a full rebuild versus an incremental
 * update after one changed file, all measured in the same run on the same machine.
 *
 *   npx tsx scripts/bench-reindex.ts [--workers 1,2] [--repeat 1] [--months 48] [--data DIR] [--keep]
 *
 * The corpus is the 《新闻联播》 set in ../shared/data/xwlb-news (19,594 news items, one
 * JSONL file per year). Its text is CCTV's and must never be committed: the script copies it,
 * split into one file per month (the way an archive grows), into a temporary folder under
 * the system's temp directory and deletes it afterwards.
 *
 * Each configuration is run `--repeat` times, interleaved, and the median is reported,
 * with the load average seen during the runs: on a shared machine other work skews timings.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const CLI = join(ROOT, 'dist', 'cli', 'main.js')

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '1,2' },
    repeat: { type: 'string', default: '1' },
    months: { type: 'string', default: '0' },
    data: { type: 'string', default: join(ROOT, '..', 'shared', 'data', 'xwlb-news') },
    keep: { type: 'boolean', default: false },
  },
})
const workerCounts = args.workers.split(',').map(Number)
const repeat = Number(args.repeat)
const monthLimit = Number(args.months)
if (workerCounts.some(count => !Number.isInteger(count) || count < 0) || !Number.isInteger(repeat) || repeat < 1) {
  throw new Error('usage: --workers 1,2 (whole numbers ≥ 0) --repeat N (≥ 1) --months N (0: all)')
}

interface Summary {
  mode: string
  articles: { added: number, updated: number, removed: number, unchanged: number }
  files: { read: number }
  documents: number
  terms: number
  sizeBytes: number
  ms: number
}

interface Run {
  wallMs: number
  summary: Summary
  /** Peak resident memory of the reindex process (Linux), in bytes. */
  peakRssBytes?: number
  load: number
}

/** Runs `zhsearch reindex --json …` and measures it from the outside. */
async function reindexRun (extra: readonly string[]): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, [CLI, 'reindex', '--json', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  // VmHWM is the peak so far: the last reading before the exit is (nearly) the peak.
  let peakRssBytes: number | undefined
  const loads: number[] = []
  const poll = setInterval(() => {
    loads.push(loadavg()[0]!)
    readFile(`/proc/${child.pid}/status`, 'utf8').then(status => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
      if (kb !== undefined) peakRssBytes = Number(kb) * 1024
    }, () => {})
  }, 250)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearInterval(poll)
  const wallMs = performance.now() - started
  if (code !== 0) throw new Error(`zhsearch reindex ${extra.join(' ')} exited with ${code}:\n${stderr}`)
  const load = loads.length > 0 ? loads.reduce((sum, value) => sum + value, 0) / loads.length : loadavg()[0]!
  return { wallMs, summary: JSON.parse(stdout) as Summary, ...(peakRssBytes !== undefined ? { peakRssBytes } : {}), load }
}

/** Copies the corpus, one JSONL file per month, into `dir`; returns the file names and article count. */
async function prepareCorpus (dir: string): Promise<{ files: string[], articles: number }> {
  const byMonth = new Map<string, string[]>()
  const sources = (await readdir(args.data)).filter(name => name.endsWith('.jsonl')).sort()
  if (sources.length === 0) throw new Error(`no .jsonl files in ${args.data}; pass --data DIR`)
  for (const source of sources) {
    for (const line of (await readFile(join(args.data, source), 'utf8')).split('\n')) {
      if (line.trim() === '') continue
      const month = (JSON.parse(line) as { date: string }).date.slice(0, 7)
      if (!byMonth.has(month)) byMonth.set(month, [])
      byMonth.get(month)!.push(line)
    }
  }
  let months = [...byMonth.keys()].sort()
  if (monthLimit > 0) months = months.slice(0, monthLimit)
  await mkdir(dir, { recursive: true })
  let articles = 0
  for (const month of months) {
    const lines = byMonth.get(month)!
    articles += lines.length
    await writeFile(join(dir, `xwlb-${month}.jsonl`), `${lines.join('\n')}\n`)
  }
  return { files: months.map(month => `xwlb-${month}.jsonl`), articles }
}

/** Changes one article of one file (its body gets a sentence more), as an editor's fix would. */
async function changeOneFile (path: string, round: number): Promise<void> {
  const lines = (await readFile(path, 'utf8')).trimEnd().split('\n')
  const article = JSON.parse(lines[0]!) as { text: string }
  article.text += `\n（编者注：本文于第${round}次校对时更正。）`
  lines[0] = JSON.stringify(article)
  await writeFile(path, `${lines.join('\n')}\n`)
}

function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1)
const mib = (bytes: number | undefined): string => bytes === undefined ? '–' : (bytes / 2 ** 20).toFixed(0)

if (!existsSync(CLI)) throw new Error('dist/cli/main.js is missing: run `npm run build` first')
const work = await mkdtemp(join(tmpdir(), 'zhsearch-bench-reindex-'))
try {
  const corpus = join(work, 'corpus')
  const { files, articles } = await prepareCorpus(corpus)
  const changed = join(corpus, files[Math.floor(files.length / 2)]!)
  console.log(`corpus: ${articles.toLocaleString('en-US')} articles in ${files.length} monthly files (${args.data}); machine: ${cpus().length} cores, ${cpus()[0]?.model ?? '?'}; node ${process.version}`)
  console.log(`configurations: --workers ${workerCounts.join(', ')}; ${repeat} run(s) each, interleaved; one changed file for incremental: ${files[Math.floor(files.length / 2)]}`)

  const results = new Map<string, Run[]>()
  const record = (key: string, run: Run): void => {
    results.set(key, [...(results.get(key) ?? []), run])
    console.log(`  ${key.padEnd(22)} ${seconds(run.wallMs).padStart(7)} s wall, reindex ${seconds(run.summary.ms)} s, ${run.summary.mode}, ${run.summary.articles.added + run.summary.articles.updated} analyzed, load ${run.load.toFixed(1)}`)
  }
  let round = 0
  for (let r = 0; r < repeat; r++) {
    for (const workers of workerCounts) {
      const index = join(work, `index-${workers}`)
      record(`full, workers ${workers}`, await reindexRun(['--corpus', corpus, '--index', index, '--full', '--workers', String(workers)]))
      await changeOneFile(changed, ++round)
      record(`incremental, workers ${workers}`, await reindexRun(['--corpus', corpus, '--index', index, '--workers', String(workers)]))
    }
  }

  const baseline = median(results.get(`full, workers ${workerCounts[0]}`)!.map(run => run.wallMs))
  const rows = [...results.entries()].map(([key, runs]) => {
    const wall = median(runs.map(run => run.wallMs))
    const last = runs.at(-1)!
    return [
      key,
      seconds(wall),
      seconds(median(runs.map(run => run.summary.ms))),
      (wall / baseline).toFixed(2),
      String(last.summary.articles.added + last.summary.articles.updated),
      String(last.summary.documents),
      mib(last.summary.sizeBytes),
      mib(Math.max(...runs.map(run => run.peakRssBytes ?? 0)) || undefined),
      median(runs.map(run => run.load)).toFixed(1),
    ]
  })
  const header = ['reindex', 'wall s', 'own s', `× full w${workerCounts[0]}`, 'analyzed', 'documents', 'index MiB', 'peak RSS MiB', 'load avg']
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => row[i]!.length)))
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`
  console.log('')
  console.log(line(header))
  console.log(`|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`)
  for (const row of rows) console.log(line(row))
  console.log('')
  for (const mode of ['full', 'incremental']) {
    const times = workerCounts.map(workers => median(results.get(`${mode}, workers ${workers}`)!.map(run => run.wallMs)))
    console.log(`${mode}: ${workerCounts.map((workers, i) => `workers ${workers} ${seconds(times[i]!)} s`).join(', ')}${times.length > 1 ? `; workers ${workerCounts.at(-1)} / workers ${workerCounts[0]} = ${(times.at(-1)! / times[0]!).toFixed(2)}` : ''}`)
  }
  for (const workers of workerCounts) {
    const full = median(results.get(`full, workers ${workers}`)!.map(run => run.wallMs))
    const incremental = median(results.get(`incremental, workers ${workers}`)!.map(run => run.wallMs))
    console.log(`workers ${workers}: incremental after one changed file / full = ${(incremental / full).toFixed(2)}`)
  }
} finally {
  if (args.keep) console.log(`kept ${work}`)
  else await rm(work, { recursive: true, force: true })
}
