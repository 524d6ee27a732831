import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Article, createAnalyzer, SearchEngine, TEXT_FIELDS } from '../../src/index.js'

/*
 * The oracle for recall is grep over the normalized text: an article whose title or body
 * contains the query text must come back. Texts mix simplified and traditional characters,
 * full-width and half-width Latin and digits, and punctuation, so that the query and the
 * article are often segmented differently.
 */
const ALPHABET = [...'工会总北京市温暖溫暖基金饺子冬至送季的了是不负时代龍体體干部幹1２3ａBc，。 ']
const text = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: 1, maxLength })
const articles = fc.array(fc.record({ title: text(8), body: text(40) }), { minLength: 1, maxLength: 12 })
const analyzer = createAnalyzer()

function corpus (records: Array<{ title: string, body: string }>): Article[] {
  return records.map((record, i) => ({ id: `a${i}`, ...record, origin: { file: 'generated', ordinal: i + 1 } }))
}

function grep (documents: Article[], needle: string): string[] {
  return documents
    .filter(article => TEXT_FIELDS.some(field => analyzer.normalize(article[field] ?? '').text.includes(needle)))
    .map(article => article.id)
}

/** A query cut out of one of the articles: what a reader copies from a page. */
const withQuery = articles.chain(records => fc.record({
  records: fc.constant(records),
  pick: fc.nat({ max: records.length - 1 }),
  from: fc.nat({ max: 40 }),
  length: fc.integer({ min: 1, max: 6 }),
}))

describe('search recall against grep', () => {
  it('finds every article containing an unquoted query', async () => {
    await fc.assert(fc.asyncProperty(withQuery, async ({ records, pick, from, length }) => {
      const documents = corpus(records)
      const body = documents[pick]!.body
      const query = body.slice(Math.min(from, body.length - 1), Math.min(from, body.length - 1) + length)
      const engine = await SearchEngine.fromArticles(documents, { queryBudgetMs: 0 })
      const found = new Set((await engine.search({ query, limit: 100 })).hits.map(hit => hit.id))
      const needle = analyzer.normalize(query).text.trim()
      if (analyzer.queryWords(query).length === 0) return
      for (const id of grep(documents, needle)) expect(found, `query ${JSON.stringify(query)} must find ${id}`).toContain(id)
    }), { numRuns: 150 })
  })

  it('finds exactly the articles containing a quoted phrase', async () => {
    await fc.assert(fc.asyncProperty(withQuery, async ({ records, pick, from, length }) => {
      const documents = corpus(records)
      const body = documents[pick]!.body
      const start = Math.min(from, body.length - 1)
      const phrase = body.slice(start, start + length).trim()
      if (phrase === '' || analyzer.queryWords(phrase).length === 0) return
      const engine = await SearchEngine.fromArticles(documents, { queryBudgetMs: 0 })
      const found = (await engine.search({ query: `"${phrase}"`, limit: 100 })).hits.map(hit => hit.id).sort()
      expect(found, `phrase ${JSON.stringify(phrase)}`).toEqual(grep(documents, analyzer.normalize(phrase).text.trim()).sort())
    }), { numRuns: 150 })
  })
})
