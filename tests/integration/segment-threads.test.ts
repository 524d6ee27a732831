import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { type Article, SearchEngine } from '../../src/index.js'
import { runningSegmentThreads, threadsFor } from '../../src/indexing/segment-pool.js'
import { THREAD_MIN_CHARS, THREAD_START_MIN_CHARS } from '../../src/options.js'
import { buildCli, ROOT, runCli } from '../helpers/cli-process.js'

/*
 * Issue 20, item 6: the segment threads are the process's own, started when a build first
 * needs them and reused by every engine (each thread loads Jieba once: about a second and
 * 240 MB that nodejieba never frees); small updates never start them; idle threads never
 * keep a process alive; one thread serves analyzers with different user words.
 */
const short = (count: number, prefix: string): Article[] => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, title: `第${i}条消息`, body: `${i % 2 === 0 ? '工会' : '职工'}活动第${i}期，冬季送温暖。` }))
const long = (count: number, prefix: string): Article[] => Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, title: `宗晓畅和天岳恒第${i}次会面`, body: '宗晓畅和天岳恒在和平街街道见面，谈冬季送温暖活动。'.repeat(6) }))

const ranked = async (engine: SearchEngine, query: string): Promise<Array<[string, number]>> => (await engine.search({ query, limit: 1000 })).hits.map(hit => [hit.id, hit.score])

describe('segment threads', () => {
  // First in this file's process: nothing has started a thread yet.
  it('are not started by small live updates with the default workers', async () => {
    const engine = await SearchEngine.fromArticles(short(400, 'base'))
    await engine.add(short(200, 'added'))
    await engine.update(short(400, 'base'))
    expect(engine.size).toBe(600)
    expect(runningSegmentThreads()).toBe(0)
  })

  it('are started once and reused by every later build, of any engine, with its own user words', async () => {
    const plain = await SearchEngine.fromArticles(long(200, 'p'), { workers: 2 })
    expect(runningSegmentThreads()).toBe(2)
    const named = await SearchEngine.fromArticles(long(200, 'u'), { workers: 2, userWords: ['宗晓畅和天'] })
    await plain.add(long(200, 'q'), { workers: 2 })
    expect(runningSegmentThreads()).toBe(2)
    // The same terms and scores as builds on this thread, each with its own dictionary.
    const plainHere = await SearchEngine.fromArticles([...long(200, 'p'), ...long(200, 'q')], { workers: 0 })
    const namedHere = await SearchEngine.fromArticles(long(200, 'u'), { workers: 0, userWords: ['宗晓畅和天'] })
    for (const query of ['宗晓畅和天', '天岳恒', '和平街街道', '"第12次"']) {
      expect(await ranked(plain, query), query).toEqual(await ranked(plainHere, query))
      expect(await ranked(named, query), query).toEqual(await ranked(namedHere, query))
    }
    expect((await named.search('宗晓畅和天')).hits[0]!.score).not.toBe((await plain.search('宗晓畅和天')).hits[0]!.score)
  })

  it('are chosen by the amount of text: none for small builds, running ones for middling, new ones only for large', () => {
    expect(threadsFor(4, THREAD_MIN_CHARS - 1)).toBe(0)
    expect(threadsFor(0, THREAD_START_MIN_CHARS)).toBe(0)
    expect(threadsFor(3, THREAD_MIN_CHARS)).toBe(3)
    // Two threads run (the test above): a middling build uses them and starts no more.
    expect(threadsFor(undefined, THREAD_MIN_CHARS)).toBe(Math.min(2, runningSegmentThreads()))
    expect(threadsFor(undefined, THREAD_START_MIN_CHARS)).toBeGreaterThanOrEqual(1)
  })

  it('never keep a process alive once idle', async () => {
    await buildCli()
    const library = pathToFileURL(join(ROOT, 'dist', 'index.js')).href
    const script = `
      const { SearchEngine } = await import(${JSON.stringify(library)})
      const articles = Array.from({ length: 300 }, (_, i) => ({ id: 'n' + i, title: '第' + i + '条', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。'.repeat(4) }))
      const engine = await SearchEngine.fromArticles(articles, { workers: 2 })
      // One batch for four threads: two more are started, and never given a job.
      const one = await SearchEngine.fromArticles([{ id: 'long', title: '长文', body: '冬季送温暖活动启动。'.repeat(3000) }], { workers: 4 })
      console.log(engine.size + one.size)
    `
    const dir = await mkdtemp(join(tmpdir(), 'zhsearch-threads-'))
    try {
      await writeFile(join(dir, 'build.mjs'), script)
      const started = Date.now()
      // Killed (and failed) after a minute, should the threads keep it alive.
      const result = await runCli([], { cwd: ROOT, script: join(dir, 'build.mjs'), timeoutMs: 60_000 })
      expect(result.signal, 'killed: the process did not exit by itself').toBeNull()
      expect(result.stdout.trim(), result.stderr).toBe('301')
      console.log(`a process that built on four segment threads (two of them never used) exited by itself ${Date.now() - started} ms after it started`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('worker threads of a program run as `node --input-type=module -e …`', () => {
  it('start (they refuse the flag, which is the main script\'s only): segment threads and a WorkerSearcher', async () => {
    await buildCli()
    const dir = await mkdtemp(join(tmpdir(), 'zhsearch-eval-'))
    try {
      const library = pathToFileURL(join(ROOT, 'dist', 'index.js')).href
      const code = `
        const { SearchEngine, WorkerSearcher } = await import(${JSON.stringify(library)})
        const articles = Array.from({ length: 300 }, (_, i) => ({ id: 'n' + i, title: '第' + i + '条', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。'.repeat(4) }))
        const engine = await SearchEngine.fromArticles(articles, { workers: 2 })
        await engine.save(${JSON.stringify(join(dir, 'index'))})
        const searcher = await WorkerSearcher.open(${JSON.stringify(join(dir, 'index'))})
        console.log((await searcher.search('工会')).total)
        await searcher.close()
      `
      const result = await runCli(['-e', code], { cwd: ROOT, script: '--input-type=module', timeoutMs: 60_000 })
      expect(result.stdout.trim(), result.stderr).toBe('300')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
