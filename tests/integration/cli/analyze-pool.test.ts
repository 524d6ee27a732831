import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeArticle, type AnalyzePool, type Article, createAnalyzePool, createAnalyzer } from '../../../src/index.js'

/*
 * The analyze pool behind `zhsearch reindex --workers N`, run from src/ (its worker then
 * starts as TypeScript through tsx). The built CLI runs it from dist/: see
 * interrupted-reindex.test.ts.
 */

const article = (id: string, title: string, body: string): Article => ({ id, title, body, origin: { file: 'pool.jsonl', ordinal: Number(id.slice(1)) } })

const ARTICLES: Article[] = [
  article('a1', '北京市总工会开展冬季送温暖活动', '寒冬送暖，工会行动。'),
  article('a2', '溫暖基金', '時傳祥環衛工人專項溫暖基金累計幫扶千餘名環衛職工。'),
  article('a3', 'ＬＯＮＧ街项目', '首开LONG街项目，2023年12月。'),
  article('a4', '', ''),
  ...Array.from({ length: 40 }, (_, i) => article(`b${i}`, `第${i}篇`, '和平街街道总工会在暖心驿站为快递小哥准备了饺子。'.repeat(1 + (i % 5)))),
]

const USER_WORDS = ['天岳恒']

// One pool of two threads for the tests that use one: each thread starts TypeScript through
// tsx and loads Jieba's dictionary, seconds of work on a busy machine.
let pool: AnalyzePool

beforeAll(() => {
  pool = createAnalyzePool({ workers: 2, userWords: USER_WORDS })
})

afterAll(async () => {
  await pool?.close()
})

describe('createAnalyzePool', () => {
  it('analyzes on worker threads exactly as on the main thread, in the same order', async () => {
    const fromThreads = await pool.analyzeAll(ARTICLES)

    const analyzer = createAnalyzer({ userWords: USER_WORDS })
    expect(fromThreads).toEqual(ARTICLES.map(item => analyzeArticle(item, analyzer)))
  }, 60_000)

  it('answers calls made at the same time, each with its own articles', async () => {
    const [first, second, empty] = await Promise.all([
      pool.analyzeAll(ARTICLES.slice(0, 10)),
      pool.analyzeAll(ARTICLES.slice(10)),
      pool.analyzeAll([]),
    ])

    expect([...first, ...second].map(item => item.article.id)).toEqual(ARTICLES.map(item => item.id))
    expect(empty).toEqual([])
  }, 60_000)

  it('refuses work after close, and a number of workers that is not a whole number ≥ 1', async () => {
    const pool = createAnalyzePool({ workers: 1 })
    await pool.close()

    await expect(pool.analyzeAll(ARTICLES)).rejects.toThrow('the analyze pool is closed')
    expect(() => createAnalyzePool({ workers: 0 })).toThrow(RangeError)
  })
})
