import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createAnalyzer, readCorpus, TEXT_FIELDS } from '../../src/index.js'
import { articlesTouchedBy } from '../../src/engine/dictionary-change.js'
import { diffUserWords } from '../../src/indexing/user-words-change.js'
import { buildSegment } from '../../src/indexing/build-segment.js'
import { Segment } from '../../src/indexing/segment/segment.js'
import { SegmentedIndex } from '../../src/indexing/segmented-index.js'
import { DEFAULT_CORPUS } from '../helpers/default-engine.js'

/*
 * What a dictionary reindex rests on (issue 23): an article that holds none of the words
 * added or removed is analyzed to exactly the same terms by both dictionaries, so only the
 * articles articlesTouchedBy finds need analyzing again. Words are cut out of the corpus's
 * own text (often across Jieba's words, in traditional or full-width forms too), added to and
 * removed from a dictionary that already has words that overlap them.
 */
const { articles } = await readCorpus(DEFAULT_CORPUS)
const texts = articles.map(article => article.body)
const BASE = ['刘欣欣', '宗晓畅', '北京市总工会', '青年干部']

const cutWord = fc.record({ text: fc.nat({ max: texts.length - 1 }), from: fc.nat({ max: 2000 }), length: fc.integer({ min: 1, max: 6 }), traditional: fc.boolean() })
  .map(({ text, from, length, traditional }) => {
    const body = texts[text]!
    const start = from % Math.max(1, body.length - length)
    const word = body.slice(start, start + length).replace(/\s/gu, '')
    return traditional ? word.replace(/总/gu, '總').replace(/会/gu, '會') : word
  })
  .filter(word => word !== '')

describe('articlesTouchedBy', () => {
  it('leaves out only articles that both dictionaries analyze to the same terms', async () => {
    await fc.assert(fc.asyncProperty(fc.array(cutWord, { minLength: 1, maxLength: 4 }), fc.subarray(BASE), async (added, removed) => {
      const before = createAnalyzer({ userWords: BASE })
      const after = createAnalyzer({ userWords: [...BASE.filter(word => !removed.includes(word)), ...added] })
      const index = new SegmentedIndex(after, [{ segment: new Segment('seg-test', buildSegment(articles, before)) }])
      const touched = new Set((await articlesTouchedBy(index, diffUserWords(before.userWords, after.userWords), after)).map(article => article.id))
      for (const article of articles) {
        if (touched.has(article.id)) continue
        for (const field of TEXT_FIELDS) expect(after.indexText(article[field] ?? ''), `${article.id} ${field}, words ${added.join(' ')}`).toEqual(before.indexText(article[field] ?? ''))
      }
    }), { numRuns: 40, seed: 23 })
  })

  it('gives the articles as the corpus reader made them, ids, fields and origin', async () => {
    const analyzer = createAnalyzer({ userWords: ['天岳恒'] })
    const index = new SegmentedIndex(analyzer, [{ segment: new Segment('seg-test', buildSegment(articles, createAnalyzer())) }])
    const touched = await articlesTouchedBy(index, { added: ['天岳恒', '溫暖基金'], removed: [] }, analyzer)
    const expected = articles.filter(article => TEXT_FIELDS.some(field => analyzer.normalize(article[field] ?? '').text.includes('天岳恒') || analyzer.normalize(article[field] ?? '').text.includes('温暖基金')))
    expect(touched.length).toBeGreaterThan(1)
    expect(touched).toEqual(expected)
  })
})
