import { afterAll, describe, expect, it } from 'vitest'
import { type Article, readManifest, SearchEngine } from '../../src/internal.js'
import { temporaryFolder } from '../helpers/default-engine.js'

/*
 * Issue 20, item 3: writes take effect in the order they were called, whatever their sizes
 * and wherever they build (the big ones here build on worker threads, the small ones on this
 * thread, so the small ones would finish first); DUPLICATE_ID is decided in that order; a
 * search sees the state before a write or after it, never half of it.
 */
const BASE: Article[] = [{ id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动。' }]

/** Articles with enough text (over 20,000 characters) to be built on threads when `workers` says so. */
function bigBatch (count: number, text: string, prefix = 'n'): Article[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, title: `第${i}条新闻${text}`, body: `${text}。冬季送温暖活动第${i}期，工会为一线职工送去温暖礼盒，职工们纷纷表示感谢。`.repeat(3) }))
}

const folders: Array<() => Promise<void>> = []
afterAll(async () => { for (const cleanup of folders) await cleanup() })

const bodyOf = async (engine: SearchEngine, id: string): Promise<string | undefined> => (await engine.getDocument(id))?.body

describe('writes in flight together', () => {
  it('end with the last update called, even when an earlier, bigger one finishes building last', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    const older = bigBatch(320, '旧版')
    const newer = { ...older[0]!, body: '新版：最后一次更新。' }
    await Promise.all([engine.update(older, { workers: 2 }), engine.update([newer], { workers: 0 })])
    expect(await bodyOf(engine, 'n0')).toBe('新版：最后一次更新。')
    expect(engine.size).toBe(321)
    expect((await engine.search('最后一次更新')).hits.map(hit => hit.id)).toEqual(['n0'])
  })

  it('decide DUPLICATE_ID in call order: of two adds sharing an id, the first wins', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    const [first, second] = await Promise.allSettled([
      engine.add([...bigBatch(320, '第一批'), { id: 'shared', title: '第一', body: '先到的版本' }], { workers: 2 }),
      engine.add([{ id: 'shared', title: '第二', body: '后到的版本' }], { workers: 0 }),
    ])
    expect(first.status).toBe('fulfilled')
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'DUPLICATE_ID' } })
    expect(await bodyOf(engine, 'shared')).toBe('先到的版本')
    expect(engine.size).toBe(322)
  })

  it('apply a remove before the add called after it, and a failed write does not stop the next', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    const results = await Promise.allSettled([
      engine.remove(['a']),
      engine.add([{ id: 'a', title: '重新加入', body: '同一个编号' }]),
      engine.add([{ id: 'a', title: '重复', body: '重复' }]),
      engine.add([{ id: 'b', title: '冬至饺子', body: '吃饺子' }]),
    ])
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled'])
    expect((await engine.getDocument('a'))?.title).toBe('重新加入')
    expect(engine.size).toBe(2)
  })

  it('save what was written before the save was called, and nothing written after', async () => {
    const dir = await temporaryFolder('zhsearch-order-')
    folders.push(dir.cleanup)
    const engine = await SearchEngine.fromArticles(BASE)
    const [, saved] = await Promise.all([engine.add(bigBatch(320, '保存前'), { workers: 2 }), engine.save(dir.path), engine.add([{ id: 'late', title: '之后', body: '保存之后' }])])
    expect(saved.documentCount).toBe(321)
    expect((await readManifest(dir.path)).documentCount).toBe(321)
    expect((await SearchEngine.open(dir.path)).size).toBe(321)
    expect(engine.size).toBe(322)
  })

  it('let searches see every article of a write or none of them', async () => {
    const engine = await SearchEngine.fromArticles(BASE)
    const adding = engine.add(bigBatch(400, '全部或没有'), { workers: 2 })
    let done = false
    void adding.then(() => { done = true })
    const seen = new Set<number>()
    while (!done) {
      seen.add((await engine.search({ query: '全部或没有', limit: 0 })).total)
      await new Promise(resolve => setTimeout(resolve, 5))
    }
    await adding
    seen.add((await engine.search({ query: '全部或没有', limit: 0 })).total)
    expect([...seen].every(total => total === 0 || total === 400), [...seen].join(', ')).toBe(true)
    expect(seen.has(400)).toBe(true)
  })

  it('apply synonyms set while a write is under way after that write, as called', async () => {
    const engine = await SearchEngine.fromArticles([{ id: 'staff', title: '员工', body: '员工之家' }])
    const adding = engine.add(bigBatch(320, '职工'), { workers: 2 })
    const table = engine.setSynonyms('职工, 员工')
    expect(table.rules).toBe(1)
    // Still the state before the add: no synonyms yet.
    expect((await engine.search({ query: '员工', limit: 0 })).total).toBe(1)
    await adding
    expect((await engine.search({ query: '员工', limit: 0 })).total).toBe(321)
  })
})
