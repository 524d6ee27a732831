import { beforeAll, describe, expect, it } from 'vitest'
import { createAnalyzer, SearchEngine } from '../../src/index.js'
import { type Collection, readCollection, scoreRanking } from '../../scripts/lib/beir-collection.js'
import { checkExplanation } from '../helpers/explanations.js'
import { sharedData } from '../helpers/shared-data.js'

/*
 * Real web documents and real Baidu queries (../shared/data/dureader-search-demo, read by
 * path, never copied). Recall is checked against grep; ranking against the judged queries,
 * with a floor just under what this engine measured (npm run eval: nDCG@10 0.72-0.74 on
 * dev, level with plain BM25 0.744), so a ranking regression fails here. A clone without
 * ../shared skips these tests, saying so on one line.
 */
const dureader = sharedData('dureader-search-demo')

describe.skipIf(dureader.missing)('the DuReader search demo collection', () => {
  let collection: Collection
  let engine: SearchEngine
  const analyzer = createAnalyzer()

  beforeAll(async () => {
    collection = await readCollection('dureader-search-demo', 'dev')
    // No time budget: recall and ranking are measured on complete answers, however busy the machine.
    engine = await SearchEngine.fromArticles(collection.articles, { queryBudgetMs: 0 })
  }, 120_000)

  it('indexes every document', () => {
    expect(engine.size).toBe(1390)
  })

  it('finds every document that grep finds, for strings cut from the documents themselves', async () => {
    const normalized = collection.articles.map(article => analyzer.normalize(`${article.title}\n${article.body}`).text)
    let checked = 0
    for (let i = 0; i < collection.articles.length; i += 37) {
      const body = collection.articles[i]!.body
      for (const length of [1, 2, 3, 5]) {
        const start = Math.floor(body.length / 2)
        const query = body.slice(start, start + length).trim()
        const needle = analyzer.normalize(query).text
        if (analyzer.queryWords(query).length === 0 || /["\s:-]/.test(query)) continue
        const found = new Set((await engine.search({ query: `"${query}"`, limit: 2000, snippets: false })).hits.map(hit => hit.id))
        const grep = collection.articles.filter((_, j) => normalized[j]!.includes(needle))
        for (const article of grep) expect(found, `"${query}" must find ${article.id}`).toContain(article.id)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  // 0.74 before terms of up to six characters required every word (issue #13's rule for
  // search-box queries); that rule measured 0.724 (b站手机解绑, 如何查监管号 lose relevant
  // documents without one of their words). The floor guards against anything worse.
  it('ranks the judged relevant documents well (nDCG@10 at least 0.72 on the dev queries), and explains every score', async () => {
    let ndcg = 0
    for (const query of collection.queries) {
      const { hits } = await engine.search({ query: query.text.slice(0, 256), limit: 10, explain: true })
      for (const hit of hits) checkExplanation(hit)
      const ranked = hits.map(hit => hit.id)
      ndcg += scoreRanking(ranked, collection.relevant.get(query.id)!, 10).ndcg
    }
    expect(ndcg / collection.queries.length).toBeGreaterThanOrEqual(0.72)
  })

  it('finds the same documents for a traditional-character query as for its simplified form', async () => {
    const simplified = (await engine.search({ query: '电脑 软件', limit: 100 })).hits.map(hit => hit.id)
    const traditional = (await engine.search({ query: '電腦 軟件', limit: 100 })).hits.map(hit => hit.id)
    expect(simplified.length).toBeGreaterThan(0)
    expect(traditional).toEqual(simplified)
  })
})
