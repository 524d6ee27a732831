/**
 * Live updates of a built engine (issue 20, item 6): `add` of 200 articles and `update` of
 * 400, with the default thread choice, on the calling thread (`workers: 0`) and on two
 * threads (`workers: 2`), each mode in a fresh process (so no mode inherits another's
 * warm threads), medians of --repeat runs. Measures the built library (dist/): run
 * `npm run build` first (`npm run bench:updates` does).
 *
 *   npm run bench:updates                     news articles (../shared/data) and short ones
 *   npm run bench:updates -- --repeat 5
 *
 * Per process: a base engine of 400 articles built on the calling thread and made ready
 * (not timed), then, timed: add(200 new), update(the 400 base ones, changed), add(200 more)
 * (the second add shows what a warm thread pool costs), and the peak RSS.
 *
 * Then what holds the calling thread (the README's Library section): `SearchEngine.open` of
 * a saved index and `ready()` of a built one (Jieba's dictionary), and how late a
 * `setTimeout(0)` set before 2,000 awaited searches fires, each in a fresh process.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import type { Article } from '../../src/index.js'
import { wholeNumber } from '../lib/args.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { median } from '../lib/stats.js'
import { printTable } from '../lib/table.js'
import { newsFile, readNews } from '../lib/xwlb-news.js'
import { loadZhsearch, requireBuild } from './common.js'
import { runScript } from './processes.js'

const NEWS_YEAR = 2024
const MODES = { default: undefined, 'workers: 0': 0, 'workers: 2': 2 } as const
type Mode = keyof typeof MODES
type Kind = 'news' | 'short'
/** A child that takes longer has hung. */
const CHILD_TIMEOUT_MS = 10 * 60_000

interface Timings { add: number, update: number, secondAdd: number, rssMb: number }
interface Blocking { openMs: number, timerMs: number, searchMs: number }

const { values: args } = parseArgs({
  options: {
    repeat: { type: 'string', default: '3' },
    child: { type: 'string' },
    kind: { type: 'string' },
    blocking: { type: 'boolean', default: false },
    dir: { type: 'string' },
    step: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

async function articlesOf (kind: Kind): Promise<Article[]> {
  if (kind === 'short') {
    return Array.from({ length: 800 }, (_, i) => ({ id: `s${i}`, title: `第${i}条消息`, body: `${i % 2 === 0 ? '工会' : '职工'}活动第${i}期，冬季送温暖，温暖送到一线职工手中。` }))
  }
  return (await readNews(NEWS_YEAR, 800)).map(({ id, title, body }) => ({ id, title, body }))
}

/** In a fresh process: one mode's add, update and second add. */
async function updates (mode: Mode, kind: Kind): Promise<Timings> {
  const { SearchEngine } = await loadZhsearch()
  const articles = await articlesOf(kind)
  const base = articles.slice(0, 400)
  const engine = await SearchEngine.fromArticles(base, { workers: 0 })
  await engine.ready()
  const options = MODES[mode] === undefined ? {} : { workers: MODES[mode] }
  const timed = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now()
    await work()
    return Math.round(performance.now() - started)
  }
  const add = await timed(() => engine.add(articles.slice(400, 600), options))
  const update = await timed(() => engine.update(base.map(article => ({ ...article, body: `${article.body}更新` })), options))
  const secondAdd = await timed(() => engine.add(articles.slice(600, 800), options))
  return { add, update, secondAdd, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }
}

/**
 * What holds the calling thread, in a fresh process over an index saved by another one:
 * `SearchEngine.open` (the checks of every file, and Jieba's dictionary), then how late a
 * `setTimeout(0)` set before 2,000 awaited searches fires.
 */
async function blocking (kind: Kind, dir: string, step: string): Promise<Blocking | undefined> {
  const { SearchEngine } = await loadZhsearch()
  if (step === 'save') {
    await (await SearchEngine.fromArticles(await articlesOf(kind), { workers: 0 })).save(dir)
    return undefined
  }
  let started = performance.now()
  const opened = await SearchEngine.open(dir)
  const openMs = Math.round(performance.now() - started)
  const searches = 2000
  let fired = Number.NaN
  started = performance.now()
  setTimeout(() => { fired = performance.now() - started }, 0)
  for (let i = 0; i < searches; i++) await opened.search(['工会', '职工', '温暖', '经济 发展'][i % 4]!)
  const searchMs = performance.now() - started
  return { openMs, timerMs: Math.round(Number.isNaN(fired) ? searchMs : fired), searchMs: Math.round(searchMs) }
}

/** This script again, in a fresh process, with `childArgs`. */
const inChild = <T>(childArgs: readonly string[]): Promise<T> => runScript<T>('bench/updates.ts', childArgs, CHILD_TIMEOUT_MS)

/** The update modes, interleaved so that a change in the machine's load touches every mode alike. */
async function updateRows (kinds: readonly Kind[], repeat: number): Promise<string[][]> {
  const rows: string[][] = []
  for (const kind of kinds) {
    const results = new Map<Mode, Timings[]>()
    for (let r = 0; r < repeat; r++) {
      for (const mode of Object.keys(MODES) as Mode[]) results.set(mode, [...(results.get(mode) ?? []), await inChild<Timings>(['--child', mode, '--kind', kind])])
    }
    for (const [mode, timings] of results) {
      const m = (key: keyof Timings): string => String(median(timings.map(t => t[key])))
      rows.push([kind, mode, m('add'), m('update'), m('secondAdd'), m('rssMb')])
    }
  }
  return rows
}

/** Open and 2,000 searches in fresh processes over an index another one saved. */
async function blockingRows (kinds: readonly Kind[], repeat: number): Promise<string[][]> {
  const rows: string[][] = []
  for (const kind of kinds) {
    const dir = await mkdtemp(join(tmpdir(), 'zhsearch-bench-updates-'))
    try {
      const step = (name: string): Promise<Blocking> => inChild<Blocking>(['--child', 'blocking', '--blocking', '--kind', kind, '--dir', join(dir, 'index'), '--step', name])
      await step('save')
      const runs: Blocking[] = []
      for (let r = 0; r < repeat; r++) runs.push(await step('open'))
      rows.push([kind, String(median(runs.map(b => b.openMs))), String(median(runs.map(b => b.searchMs))), String(median(runs.map(b => b.timerMs)))])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return rows
}

async function main (): Promise<void> {
  if (args.help) {
    console.log('usage: npm run bench:updates -- [--repeat 3]')
    return
  }
  if (args.child !== undefined) {
    const result = args.blocking ? await blocking(args.kind as Kind, args.dir!, args.step!) ?? {} : await updates(args.child as Mode, args.kind as Kind)
    process.stdout.write(`\n${JSON.stringify(result)}\n`)
    return
  }
  requireBuild()
  const repeat = wholeNumber(args.repeat, 'repeat', 1)
  const machine = machineAtStart()
  const haveNews = existsSync(newsFile(NEWS_YEAR))
  if (!haveNews) console.log(`${newsFile(NEWS_YEAR)} is absent: short articles only`)
  const kinds: Kind[] = haveNews ? ['news', 'short'] : ['short']
  printTable(['articles', 'mode', 'add(200) ms', 'update(400) ms', 'add(200) again ms', 'peak RSS MB'], await updateRows(kinds, repeat), 2)
  console.log('')
  printTable(['index of 800 articles', 'open() ms (fresh process)', '2,000 awaited searches ms', 'a setTimeout(0) set before them fired after ms'], await blockingRows(kinds, repeat))
  console.log(`\nmedians of ${repeat} runs per mode. ${machineLine(machine)}`)
}

await main()
