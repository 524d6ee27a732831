import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readCorpus } from '../../../src/index.js'
import { type JudgedQuery, QUERY_KINDS, readJudgedQueries } from '../../../scripts/eval/judged-queries.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../../helpers/default-engine.js'

/*
 * The judged queries that `npm run eval` runs on the default corpus
 * (tests/fixtures/eval/default-corpus-queries.jsonl): every line must name real articles
 * with valid grades, or the eval's nDCG would quietly measure nothing.
 */
let queries: JudgedQuery[]
let articleIds: Set<string>

beforeAll(async () => {
  queries = await readJudgedQueries()
  articleIds = new Set((await readCorpus(DEFAULT_CORPUS)).articles.map(article => article.id))
})

describe('the judged queries of the default corpus', () => {
  it('holds at least 40 queries, each written once', () => {
    expect(queries.length).toBeGreaterThanOrEqual(40)
    const texts = queries.map(q => q.query)
    expect(texts.filter((text, i) => texts.indexOf(text) !== i)).toEqual([])
  })

  it('grades only articles of the default corpus', () => {
    for (const query of queries) {
      for (const id of Object.keys(query.grades)) expect(articleIds, `${JSON.stringify(query.query)} grades ${id}, which corpus/ does not have`).toContain(id)
    }
  })

  it('gives every query at least one relevant article, graded 1 to 3', () => {
    for (const query of queries) {
      const grades = Object.values(query.grades)
      expect(grades.length, `${JSON.stringify(query.query)} has no relevant article`).toBeGreaterThan(0)
      for (const grade of grades) expect([1, 2, 3]).toContain(grade)
    }
  })

  it('covers names, places, numbers, words, phrases, mixed Latin, traditional input, pinyin and single characters', () => {
    const kinds = new Set(queries.map(q => q.kind))
    for (const kind of ['name', 'place', 'number', 'word', 'long-word', 'phrase', 'multi-term', 'mixed-latin', 'traditional', 'pinyin', 'single-char'] as const) {
      expect(QUERY_KINDS).toContain(kind)
      expect(kinds, `no query of kind ${kind}`).toContain(kind)
    }
  })

  it('keeps words of 2 to 8 characters among the queries', () => {
    const lengths = new Set(queries.filter(q => q.kind === 'word' || q.kind === 'long-word').map(q => [...q.query].length))
    for (let length = 2; length <= 8; length++) expect(lengths, `no word of ${length} characters`).toContain(length)
  })

  it('refuses a line with a grade out of range, naming the line', async () => {
    const folder = await temporaryFolder()
    try {
      const path = join(folder.path, 'queries.jsonl')
      await writeFile(path, '{"query":"工会","kind":"word","grades":{"laodong-wubao-page.txt#1":2}}\n{"query":"饺子","kind":"word","grades":{"laodong-wubao-page.txt#7":4}}\n')
      await expect(readJudgedQueries(path)).rejects.toThrow(/queries\.jsonl:2/)
    } finally {
      await folder.cleanup()
    }
  })
})
