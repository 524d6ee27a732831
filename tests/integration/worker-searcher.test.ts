import { cp, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Article, reindex, SearchEngine, WorkerSearcher } from '../../src/index.js'
import { readProcStatus } from '../../src/server/process-stats.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'
import { renameInHugeDocCount } from '../helpers/hostile-index.js'
import { writeGeneratedCorpus } from '../helpers/cli-corpus.js'

/*
 * WorkerSearcher: the saved index searched on a worker thread, as `serve` does by default
 * (issue #15, item 11): the same answers as the engine on this thread, the same errors;
 * the same live updates, in call order (issue 20, item 11); reloads on the same thread
 * (issue 26), cut off at a deadline (issue 27).
 */

let folder: { path: string, cleanup: () => Promise<void> }
let indexDir: string
let local: SearchEngine
let threaded: WorkerSearcher

beforeAll(async () => {
  folder = await temporaryFolder()
  indexDir = join(folder.path, 'index')
  local = (await reindex({ corpusDir: DEFAULT_CORPUS, indexDir })).engine
  threaded = await WorkerSearcher.open(indexDir)
})

afterAll(async () => {
  await threaded?.close()
  await folder?.cleanup()
})

/** A search's answer without its timing, to compare two engines. */
async function answer (searcher: SearchEngine | WorkerSearcher, query: string): Promise<unknown> {
  return { ...await searcher.search(query), tookMs: 0 }
}

const WINTER: Article = { id: 'winter', title: '冰雪运动进社区', body: '本报讯 工会组织职工参加冰雪运动，滑冰和滑雪课程受到欢迎。' }

describe('WorkerSearcher', () => {
  it('answers searches, suggestions and documents as the engine on this thread does', async () => {
    for (const query of ['工会', '快递小哥 象棋', '"冬季送温暖"', 'gonghui', '工会 -饺子']) {
      expect(await answer(threaded, query), query).toEqual(await answer(local, query))
    }
    expect(await threaded.suggest('工')).toEqual(await local.suggest('工'))
    const id = (await local.search('饺子')).hits[0]!.id
    expect(await threaded.getDocument(id)).toEqual(await local.getDocument(id))
    expect(await threaded.highlightDocument(id, '饺子')).toEqual(await local.highlightDocument(id, '饺子'))
    expect(threaded.size).toBe(local.size)
    expect(threaded.manifest?.build).toBe(local.manifest?.build)
  })

  it('rethrows the engine\'s errors with their codes', async () => {
    await expect(threaded.search({ query: 'x', limit: -1 })).rejects.toMatchObject({ name: 'ZhsearchError', code: 'INVALID_PAGING' })
    await expect(threaded.search(null as unknown as string)).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    await expect(WorkerSearcher.open(join(folder.path, 'nowhere'))).rejects.toMatchObject({ code: 'INDEX_NOT_FOUND' })
  })

  it('refuses calls once closed, with SEARCHER_STOPPED', async () => {
    const closing = await WorkerSearcher.open(indexDir)
    const refused = expect(closing.search('工会')).rejects.toMatchObject({ code: 'SEARCHER_STOPPED' })
    await closing.close()
    await refused
    await expect(closing.search('工会')).rejects.toMatchObject({ code: 'SEARCHER_STOPPED' })
    await expect(closing.add([WINTER])).rejects.toMatchObject({ code: 'SEARCHER_STOPPED' })
  })

  it('reuses the search thread of a closed searcher: opening and closing starts no thread', async () => {
    await (await WorkerSearcher.open(indexDir)).close()
    const threads = readProcStatus()?.threads
    for (let i = 0; i < 3; i++) {
      const searcher = await WorkerSearcher.open(indexDir)
      expect((await searcher.search('工会')).total).toBe(7)
      await searcher.close()
    }
    // The loader thread of each searcher ended with it; the search thread waits for the next.
    await expect.poll(() => readProcStatus()?.threads).toBe(threads)
  })
})

describe('WorkerSearcher live updates', () => {
  let engine: SearchEngine
  let searcher: WorkerSearcher

  beforeAll(async () => {
    engine = await SearchEngine.open(indexDir)
    searcher = await WorkerSearcher.open(indexDir)
  })

  afterAll(async () => {
    await searcher?.close()
  })

  it('adds, updates and removes articles as SearchEngine does, with the same answers', async () => {
    const steps: Array<(target: SearchEngine | WorkerSearcher) => Promise<unknown>> = [
      target => target.add([WINTER]),
      target => target.update([{ ...WINTER, body: '本报讯 工会组织职工参加冰雪运动，冰壶课程受到欢迎。' }]),
      target => target.remove(['winter', 'no-such-id']),
      target => target.add([{ ...WINTER, id: 'winter-2' }]),
    ]
    for (const [i, step] of steps.entries()) {
      expect(await step(searcher), `step ${i}`).toEqual(await step(engine))
      for (const query of ['冰雪运动', '冰壶', '滑冰', '工会']) expect(await answer(searcher, query), `step ${i}: ${query}`).toEqual(await answer(engine, query))
      expect(searcher.size, `step ${i}`).toBe(engine.size)
    }
    expect(searcher.stats().documents).toBe(engine.size)
  })

  it('refuses what SearchEngine refuses, with the same codes, and changes nothing', async () => {
    const before = searcher.size
    await expect(searcher.add([{ ...WINTER, id: 'winter-2' }])).rejects.toMatchObject({ name: 'ZhsearchError', code: 'DUPLICATE_ID' })
    await expect(searcher.add([{ id: 'empty' } as Article])).rejects.toMatchObject({ code: 'INVALID_ARTICLE' })
    await expect(searcher.update([{ title: '无编号', body: '正文' } as Article])).rejects.toMatchObject({ code: 'INVALID_ARTICLE' })
    await expect(searcher.remove('winter-2' as unknown as string[])).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
    expect(searcher.size).toBe(before)
    expect((await searcher.search('冰雪运动')).total).toBe(1)
  })

  it('applies writes in the order they were called, whatever their sizes', async () => {
    const many = Array.from({ length: 320 }, (_, i) => ({ id: `bulk-${i}`, title: `旧稿第${i}篇`, body: '旧的正文：工会组织职工开展活动。' }))
    // Not awaited one by one: the big update is still building when the small one is called.
    await Promise.all([searcher.update(many), searcher.update([{ id: 'bulk-7', title: '新稿', body: '新的正文：更正后的报道。' }])])
    expect((await searcher.getDocument('bulk-7'))?.title).toBe('新稿')
    const twice = await Promise.allSettled([searcher.add([{ ...WINTER, id: 'once' }]), searcher.add([{ ...WINTER, id: 'once' }])])
    expect(twice.map(result => result.status)).toEqual(['fulfilled', 'rejected'])
    expect((twice[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'DUPLICATE_ID' })
    await searcher.remove(many.map(article => article.id).concat('once'))
  })

  it('saves the index it holds, and reloads that folder as unchanged', async () => {
    const savedDir = join(folder.path, 'saved')
    const manifest = await searcher.save(savedDir)
    expect(searcher.manifest?.build).toBe(manifest.build)
    const reopened = await SearchEngine.open(savedDir)
    expect(await answer(reopened, '冰雪运动')).toEqual(await answer(searcher, '冰雪运动'))
    expect(await searcher.reload()).toEqual({ status: 'unchanged', build: manifest.build })
  })

  it('loads a synonyms file, and keeps it for an index reloaded later', async () => {
    const synonyms = join(folder.path, 'synonyms.txt')
    await writeFile(synonyms, '职工, 员工\n')
    expect(await searcher.loadSynonyms(synonyms)).toEqual({ rules: 1, problems: [] })
    const withSynonyms = (await searcher.search('员工')).total
    expect(withSynonyms).toBe((await searcher.search('职工')).total)
    expect(withSynonyms).toBeGreaterThan(0)
    expect(await searcher.reload({ indexDir })).toMatchObject({ status: 'reloaded', build: local.manifest!.build })
    expect((await searcher.search('员工')).total).toBe((await searcher.search('职工')).total)
  })
})

describe('WorkerSearcher reloads', () => {
  let corpusDir: string
  let servedDir: string
  let searcher: WorkerSearcher

  beforeAll(async () => {
    corpusDir = join(folder.path, 'reload-corpus')
    servedDir = join(folder.path, 'reload-index')
    await mkdir(corpusDir)
    // 300 articles in one segment: the hostile header rewrites a three-digit count.
    await writeGeneratedCorpus(join(corpusDir, 'generated.jsonl'), 300)
    await reindex({ corpusDir, indexDir: servedDir })
    searcher = await WorkerSearcher.open(servedDir)
  })

  afterAll(async () => {
    await searcher?.close()
  })

  it('swaps in a new build on the same threads, and calls a folder with the same build unchanged', async () => {
    await searcher.reload({ indexDir })
    await searcher.reload({ indexDir: servedDir })
    const threads = readProcStatus()?.threads
    for (let i = 0; i < 3; i++) {
      await writeFile(join(corpusDir, 'winter.md'), `# 冰雪运动第${i}期\n\n本报讯 工会组织职工参加冰雪运动，滑冰课程受到欢迎。\n`)
      await reindex({ corpusDir, indexDir: servedDir })
      expect(await searcher.reload()).toMatchObject({ status: 'reloaded', documents: 301 })
      expect((await searcher.search('滑冰')).hits[0]?.title).toBe(`冰雪运动第${i}期`)
      expect(await searcher.reload()).toEqual({ status: 'unchanged', build: searcher.manifest!.build })
    }
    expect(readProcStatus()?.threads).toBe(threads)
  })

  it('keeps its index when a reload is refused, and reloads the next good build', async () => {
    const before = searcher.manifest!.build
    await expect(searcher.reload({ indexDir: join(folder.path, 'nowhere') })).rejects.toMatchObject({ code: 'INDEX_NOT_FOUND' })
    await cp(servedDir, join(folder.path, 'copy'), { recursive: true })
    await writeFile(join(folder.path, 'copy', 'manifest.json'), '{ "formatVersion": 1, "build": ')
    await expect(searcher.reload({ indexDir: join(folder.path, 'copy') })).rejects.toMatchObject({ code: 'INDEX_CORRUPT' })
    expect(searcher.manifest?.build).toBe(before)
    expect((await searcher.search('滑冰')).total).toBe(1)
  })

  it('abandons an open that outlives its deadline and reloads the next build on the same threads', async () => {
    const before = searcher.manifest!.build
    const threads = readProcStatus()?.threads
    // No open of 300 articles is done in a millisecond: the loader thread is cut off mid-read.
    await expect(searcher.reload({ indexDir, timeoutMs: 1 })).rejects.toMatchObject({ code: 'INDEX_OPEN_TIMEOUT', message: expect.stringContaining('took longer than 1 ms') })
    expect(searcher.manifest?.build).toBe(before)
    expect(await searcher.reload({ indexDir })).toMatchObject({ status: 'reloaded' })
    expect(await searcher.reload({ indexDir: servedDir })).toMatchObject({ status: 'reloaded', build: before })
    await expect.poll(() => readProcStatus()?.threads).toBe(threads)
  })

  it('keeps serving while a hostile index is opened, refuses it, and reloads the next build', async () => {
    const before = searcher.manifest!.build
    await renameInHugeDocCount(servedDir)
    const refused = searcher.reload({ timeoutMs: 3_000 })
    // The loader thread works on the hostile segment; the search thread answers meanwhile.
    expect((await searcher.search('滑冰')).total).toBe(1)
    // Cut off at the deadline (its decoding loops 1e9 times), or refused sooner by a check of
    // the count against the file's size: either way refused, and the next build is read.
    await expect(refused).rejects.toMatchObject({ code: expect.stringMatching(/^INDEX_(OPEN_TIMEOUT|CORRUPT)$/) })
    expect(searcher.manifest?.build).toBe(before)

    await writeFile(join(corpusDir, 'winter.md'), '# 冰壶比赛\n\n本报讯 工会组织职工参加冰壶比赛。\n')
    await reindex({ corpusDir, indexDir: join(folder.path, 'next'), })
    expect(await searcher.reload({ indexDir: join(folder.path, 'next') })).toMatchObject({ status: 'reloaded', documents: 301 })
    expect((await searcher.search('冰壶')).hits[0]?.title).toBe('冰壶比赛')
  })
})
