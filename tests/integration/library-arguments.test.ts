import { describe, expect, it } from 'vitest'
import { type Article, createAnalyzer, reindex, SearchEngine } from '../../src/index.js'
import { DEFAULT_CORPUS } from '../helpers/default-engine.js'

/*
 * Issue 20, item 7: every wrong argument of the library is a ZhsearchError naming the
 * argument (never a raw TypeError or RangeError), or has the documented meaning, the same
 * in the library as in the HTTP API.
 */
const ARTICLES: Article[] = [
  { id: 'a', title: '工会送温暖', body: '冬季送温暖活动启动，工会为职工送去温暖礼盒。', reporters: ['边磊'], source: '劳动午报' },
  { id: 'b', title: '冬至饺子', body: '寒冷的天气吃上一顿饺子，工会慰问环卫工人。', author: '张雪' },
]

const refusal = (code: string, ...words: string[]): unknown => expect.objectContaining({ name: 'ZhsearchError', code, message: expect.stringMatching(new RegExp(words.join('.*'))) })

describe('the library refuses wrong arguments with a ZhsearchError naming them', () => {
  it('analyze(null) and other non-text', () => {
    expect(() => createAnalyzer().analyze(null as never)).toThrow(refusal('INVALID_REQUEST', 'analyze\\(\\)'))
  })

  it('workers that is not a whole number from 0 to 32, in every build', async () => {
    const engine = await SearchEngine.fromArticles(ARTICLES)
    for (const workers of [1.5, -1, 33, Number.NaN, '2']) {
      await expect(SearchEngine.fromArticles(ARTICLES, { workers: workers as never }), String(workers)).rejects.toEqual(refusal('INVALID_REQUEST', 'workers', String(workers)))
      await expect(engine.add([{ id: `x${String(workers)}`, title: 't', body: 'b' }], { workers: workers as never }), String(workers)).rejects.toEqual(refusal('INVALID_REQUEST', 'workers'))
      await expect(engine.update(ARTICLES, { workers: workers as never }), String(workers)).rejects.toEqual(refusal('INVALID_REQUEST', 'workers'))
      await expect(reindex({ corpusDir: DEFAULT_CORPUS, indexDir: 'never-written', workers: workers as never }), String(workers)).rejects.toEqual(refusal('INVALID_REQUEST', 'workers'))
    }
    await expect(engine.add([{ id: 'y', title: 't', body: 'b' }], null as never)).rejects.toEqual(refusal('INVALID_REQUEST', 'options'))
    await expect(engine.add([{ id: 'y', title: 't', body: 'b' }], { onProgress: 'yes' } as never)).rejects.toEqual(refusal('INVALID_REQUEST', 'onProgress'))
    expect(engine.size).toBe(2)
  })

  it('engine options out of range: snippetLength 0, maxSnippets 1.5, a negative budget, pinyin "yes"', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ snippetLength: 0 }, 'snippetLength'],
      [{ snippetLength: 1e9 }, 'snippetLength'],
      [{ maxSnippets: 1.5 }, 'maxSnippets'],
      [{ maxQueryLength: 0 }, 'maxQueryLength'],
      [{ queryBudgetMs: -1 }, 'queryBudgetMs'],
      [{ queryBudgetMs: Number.POSITIVE_INFINITY }, 'queryBudgetMs'],
      [{ pinyin: 'yes' }, 'pinyin'],
      [{ userWords: '刘欣欣' }, 'userWords'],
    ]
    for (const [options, name] of cases) {
      await expect(SearchEngine.fromArticles(ARTICLES, options as never), name).rejects.toEqual(refusal('INVALID_REQUEST', name))
    }
    // undefined is the default, as absent.
    const engine = await SearchEngine.fromArticles(ARTICLES, { snippetLength: undefined, workers: undefined })
    expect((await engine.search('饺子')).hits[0]!.snippets[0]).toContain('<mark>饺子</mark>')
  })

  it('reporters or correspondents given as a string, which would make one facet per character', async () => {
    const bad = [{ id: 'r', title: '标题', body: '正文', reporters: '张三' }]
    await expect(SearchEngine.fromArticles(bad as never)).rejects.toEqual(refusal('INVALID_ARTICLE', '"r"', 'reporters', 'array'))
    await expect(SearchEngine.fromArticles([{ id: 'c', title: 't', body: 'b', correspondents: [1] }] as never)).rejects.toEqual(refusal('INVALID_ARTICLE', 'correspondents'))
    await expect(SearchEngine.fromArticles([{ id: 'o', title: 't', body: 'b', origin: 'file.txt' }] as never)).rejects.toEqual(refusal('INVALID_ARTICLE', 'origin'))
    await expect(SearchEngine.fromArticles([{ id: 'd', title: 't', body: 'b', date: 20240101 }] as never)).rejects.toEqual(refusal('INVALID_ARTICLE', 'date'))
  })

  it('articles with only a title or only a body, and optional fields given as undefined', async () => {
    const engine = await SearchEngine.fromArticles([
      { id: 'title-only', title: '只有标题的工会新闻' },
      { id: 'body-only', body: '只有正文的工会新闻', author: undefined, reporters: undefined },
    ])
    expect((await engine.search('工会新闻')).hits.map(hit => hit.id).sort()).toEqual(['body-only', 'title-only'])
    expect(await engine.getDocument('body-only')).toEqual({ id: 'body-only', title: '', body: '只有正文的工会新闻' })
  })

  it('remove() of something that is not an array of ids', async () => {
    const engine = await SearchEngine.fromArticles(ARTICLES)
    await expect(engine.remove('a' as never)).rejects.toEqual(refusal('INVALID_REQUEST', 'remove\\(\\)'))
    expect(engine.size).toBe(2)
  })
})

describe('filters given as empty strings', () => {
  it('are no filter, as in the HTTP API (author=&source=&dateFrom=)', async () => {
    const engine = await SearchEngine.fromArticles(ARTICLES)
    const all = await engine.search('工会')
    expect(all.total).toBe(2)
    for (const filter of [{ author: '' }, { source: '' }, { dateFrom: '' }, { dateTo: '' }, { author: undefined }]) {
      expect((await engine.search({ query: '工会', ...filter })).total, JSON.stringify(filter)).toBe(2)
    }
    expect((await engine.search({ query: '工会', author: '边磊' })).hits.map(hit => hit.id)).toEqual(['a'])
  })
})
