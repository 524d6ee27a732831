import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { access, readdir, readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Article, reindex, SearchEngine } from '../../src/internal.js'
import { buildCli, runCli } from '../helpers/cli-process.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'
import { trackChild } from '../helpers/test-processes.js'

/*
 * One writer per index folder. A second process that writes the folder while a first one
 * does is refused (INDEX_LOCKED, naming the holder) and touches nothing: two saves at once
 * would each remove the other's files as leftovers of a crashed save. A lock left by a
 * process that died is taken over; in one process, writes of one folder wait their turn.
 */
const ARTICLES: Article[] = [
  { id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。' },
  { id: 'b', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子。' },
]

const folders: Array<() => Promise<void>> = []
afterAll(async () => { for (const cleanup of folders) await cleanup() })

beforeAll(async () => {
  await buildCli()
})

async function folder (): Promise<string> {
  const made = await temporaryFolder('zhsearch-lock-')
  folders.push(made.cleanup)
  return made.path
}

/** Every file under `dir` with its bytes, to compare before and after. */
async function snapshot (dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files[path.slice(dir.length + 1)] = (await readFile(path)).toString('base64')
  }
  return files
}

/** A process that runs until it is killed, and its lock file in `dir` as a zhsearch writer leaves it. */
async function lockedBySomeoneElse (dir: string): Promise<{ pid: number, stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  trackChild(child, 'a process holding an index lock')
  await writeFile(join(dir, '.zhsearch-lock'), JSON.stringify({ pid: child.pid, host: hostname(), since: new Date().toISOString(), what: 'zhsearch reindex' }) + '\n')
  return {
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGKILL')
      if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
    },
  }
}

describe('an index folder another process is writing', () => {
  it('refuses reindex, save() and zhsearch reindex with INDEX_LOCKED naming the holder, and touches nothing', async () => {
    const dir = await folder()
    await reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir, workers: 0 })
    const holder = await lockedBySomeoneElse(dir)
    try {
      const before = await snapshot(dir)
      const message = new RegExp(`being written by zhsearch reindex \\(pid ${holder.pid} on `)

      await expect(reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir, full: true, workers: 0 })).rejects.toMatchObject({ code: 'INDEX_LOCKED', message: expect.stringMatching(message) })
      const engine = await SearchEngine.fromArticles(ARTICLES)
      await expect(engine.save(dir)).rejects.toMatchObject({ code: 'INDEX_LOCKED' })
      const cli = await runCli(['reindex', '--full', '--corpus', DEFAULT_CORPUS, '--index', dir], { cwd: dir })
      expect(cli.code).toBe(1)
      expect(cli.stderr).toMatch(message)
      expect(cli.stderr).toContain('wait for it to finish and try again')

      expect(await snapshot(dir)).toEqual(before)
    } finally {
      await holder.stop()
    }
  }, 60_000)

  it('takes over the lock of a process that died, and removes it when done', async () => {
    const dir = await folder()
    const holder = await lockedBySomeoneElse(dir)
    await holder.stop()

    const summary = await reindex({ corpusDir: DEFAULT_CORPUS, indexDir: dir, workers: 0 })

    expect(summary.documents).toBeGreaterThan(0)
    expect((await summary.engine.search('工会')).total).toBe(7)
    expect(await readdir(dir)).not.toContain('.zhsearch-lock')
  })

  it('lets two zhsearch reindex processes at once end with one whole index: each finishes or is refused', async () => {
    const dir = await folder()
    const runs = await Promise.all([0, 1].map(() => runCli(['reindex', '--full', '--workers', '0', '--corpus', DEFAULT_CORPUS, '--index', dir], { cwd: dir })))

    for (const run of runs) expect(run.code === 0 || run.stderr.includes('is being written by zhsearch reindex'), run.stderr).toBe(true)
    expect(runs.some(run => run.code === 0)).toBe(true)
    const search = await runCli(['search', '工会', '--json', '--index', dir], { cwd: dir })
    expect(JSON.parse(search.stdout)).toMatchObject({ total: 7 })
    expect(await readdir(dir)).not.toContain('.zhsearch-lock')
  }, 90_000)
})

describe('writes of one folder in one process', () => {
  it('run in call order: two engines saving into one folder at once end with the second one\'s index', async () => {
    const dir = await folder()
    const first = await SearchEngine.fromArticles(ARTICLES)
    const second = await SearchEngine.fromArticles([ARTICLES[0]!])

    const [one, two] = await Promise.all([first.save(dir), second.save(dir)])

    expect([one.documentCount, two.documentCount]).toEqual([2, 1])
    const reopened = await SearchEngine.open(dir)
    expect(reopened.stats().documents).toBe(1)
    expect(await readdir(dir)).not.toContain('.zhsearch-lock')
  })

  it('a reindex that fails leaves no folder and no lock behind', async () => {
    const parent = await folder()
    const dir = join(parent, 'new-index')

    await expect(reindex({ corpusDir: join(parent, 'no-such-corpus'), indexDir: dir, workers: 0 })).rejects.toMatchObject({ code: 'CORPUS_NOT_FOUND' })

    await expect(access(dir)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
