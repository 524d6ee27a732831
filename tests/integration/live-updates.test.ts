import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type Article, readManifest, SearchEngine } from '../../src/internal.js'
import { temporaryFolder } from '../helpers/default-engine.js'

const BASE: Article[] = [
  { id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。' },
  { id: 'b', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子。' },
]

const titles = async (engine: SearchEngine, query: string): Promise<string[]> => (await engine.search({ query, limit: 50 })).hits.map(hit => hit.title)

const folders: Array<() => Promise<void>> = []
afterAll(async () => { for (const cleanup of folders) await cleanup() })

describe('a live engine', () => {
  it('sees added articles on the next search, and refuses an id it already has', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    await engine.add([{ id: 'c', title: '象棋比赛', body: '快递小哥下象棋。' }])
    expect(await titles(engine, '象棋')).toEqual(['象棋比赛'])
    expect(engine.size).toBe(3)
    await expect(engine.add([{ id: 'a', title: '重复', body: '重复' }])).rejects.toMatchObject({ code: 'DUPLICATE_ID' })
  })

  it('replaces an article by id with update, and removes articles by id', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    await engine.update([{ id: 'b', title: '冬至汤圆', body: '今天吃汤圆。' }])
    expect(await titles(engine, '饺子')).toEqual([])
    expect(await titles(engine, '汤圆')).toEqual(['冬至汤圆'])
    expect(await engine.remove(['a', 'nobody'])).toBe(1)
    expect(await titles(engine, '温暖')).toEqual([])
    expect(engine.size).toBe(1)
    expect(await engine.getDocument('a')).toBeUndefined()
  })

  it('keeps its updates through save and open, tombstones included', async () => {
    const folder = await temporaryFolder()
    folders.push(folder.cleanup)
    const engine = await SearchEngine.fromArticles(BASE)
    await engine.add([{ id: 'c', title: '象棋比赛', body: '快递小哥下象棋。' }])
    await engine.remove(['b'])
    await engine.save(folder.path)
    const opened = await SearchEngine.open(folder.path)
    expect(opened.size).toBe(2)
    expect(await titles(opened, '象棋')).toEqual(['象棋比赛'])
    expect(await titles(opened, '饺子')).toEqual([])
  })

  it('builds a larger batch on worker threads with the same results as on this thread', async () => {
    const many: Article[] = Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, title: `第${i}条新闻`, body: `${i % 2 === 0 ? '工会' : '职工'}活动第${i}期，温暖送到一线。` }))
    const here = await SearchEngine.fromArticles(many, { workers: 0 })
    const threads = await SearchEngine.fromArticles(many, { workers: 2 })
    for (const query of ['工会', '职工', '温暖 一线', '"第12期"']) {
      expect((await threads.search({ query, limit: 100 })).hits.map(hit => [hit.id, hit.score]), query)
        .toEqual((await here.search({ query, limit: 100 })).hits.map(hit => [hit.id, hit.score]))
    }
  })

  it('refuses articles without an id, without text, or with an id used twice, naming the article', async () => {
    await expect(SearchEngine.fromArticles([{ id: '', title: 't', body: 'b' }])).rejects.toMatchObject({ code: 'INVALID_ARTICLE' })
    await expect(SearchEngine.fromArticles([{ id: 'x', title: '', body: '' }])).rejects.toMatchObject({ code: 'INVALID_ARTICLE', message: expect.stringContaining('"x"') })
    await expect(SearchEngine.fromArticles([{ id: 7 as unknown as string, title: 't', body: 'b' }])).rejects.toMatchObject({ code: 'INVALID_ARTICLE' })
    await expect(SearchEngine.fromArticles([BASE[0]!, BASE[0]!])).rejects.toMatchObject({ code: 'INVALID_ARTICLE', message: expect.stringContaining('twice') })
  })

  it('refuses bad search arguments with a ZhsearchError naming the argument', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    for (const bad of [null, {}, { query: 123 }, { query: '工会', limit: 1e308 }, { query: '工会', dateFrom: 'garbage' }, { query: '工会', offset: -1 }]) {
      await expect(engine.search(bad as never), JSON.stringify(bad)).rejects.toMatchObject({ name: 'ZhsearchError' })
    }
    await expect(engine.suggest(undefined as never)).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
  })
})

describe('an index on disk', () => {
  it('is refused with INDEX_CORRUPT when a file was edited, even into well-formed text (工会 → 工合)', async () => {
    const folder = await temporaryFolder()
    folders.push(folder.cleanup)
    await (await SearchEngine.fromArticles(BASE)).save(folder.path)
    const { segments } = await readManifest(folder.path)
    const textFile = join(folder.path, 'segments', `${segments[0]!.name}.ztx`)
    const text = (await readFile(textFile)).toString('utf16le')
    expect(text).toContain('工会')
    await writeFile(textFile, Buffer.from(text.replace('工会', '工合'), 'utf16le'))
    await expect(SearchEngine.open(folder.path)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('checksum') })
  })
})
