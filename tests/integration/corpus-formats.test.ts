import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { type IngestReport, SearchEngine } from '../../src/index.js'

/*
 * A corpus folder mixing every format and encoding, and the bad files a real archive has
 * (tests/fixtures/ingest/README.md says what each file is), searched through the public API.
 */
const MIXED = fileURLToPath(new URL('../fixtures/ingest/mixed-corpus/', import.meta.url))
let engine: SearchEngine
let report: IngestReport

beforeAll(async () => {
  ({ engine, report } = await SearchEngine.fromCorpus(MIXED))
})

const ids = async (query: string): Promise<string[]> => (await engine.search({ query, limit: 50 })).hits.map(hit => hit.id)

describe('SearchEngine.fromCorpus on a mixed corpus', () => {
  it('finds the article of a GBK-encoded text file', async () => {
    expect(await ids('兼职工会干部')).toEqual(['gbk.txt#1'])
  })

  it('finds the articles of a JSON array and of the good lines of a JSONL file with a broken line', async () => {
    expect(await ids('运动会')).toEqual(['a-2'])
    expect(await ids('技能大赛')).toEqual(['f-1'])
  })

  it('reports the broken JSONL line, the duplicate id, and the binary, empty and unsupported files by name', async () => {
    const problems = report.problems.map(p => `${p.file}${p.line !== undefined ? `:${p.line}` : ''} ${p.code}`)
    expect(problems).toEqual(expect.arrayContaining([
      'feed.jsonl:2 INVALID_JSON',
      'feed.jsonl:3 DUPLICATE_ID',
      'binary.txt BINARY_FILE',
      'empty.txt EMPTY_FILE',
      'slides.pdf UNSUPPORTED_FORMAT',
    ]))
    expect((await engine.getDocument('a-1'))?.title).toBe('工会送温暖')
  })

  it('reads Markdown front matter into searchable, filterable metadata and drops the markup', async () => {
    const response = await engine.search({ query: '送温暖', author: '刘欣欣' })
    expect(response.hits.map(hit => hit.title)).toEqual(['朝外街道总工会将为职工送去万份温暖礼盒'])
    expect(response.hits[0]).toMatchObject({ author: '刘欣欣', source: '劳动午报', date: '2023-12-21' })
    expect(response.hits[0]!.snippets.join('')).not.toContain('**')
    expect((await engine.search({ query: '送温暖', dateFrom: '2024-01-01' })).total).toBe(0)
  })

  it('splits a newspaper page, repairs its broken paragraph and makes its reporters searchable', async () => {
    expect(await ids('"将长期坚持"')).toEqual(['page.txt#1'])
    expect(await ids('王小明')).toEqual(['page.txt#1'])
    expect(await engine.getDocument('page.txt#2')).toMatchObject({ title: '寒冬里的第一碗热汤', correspondents: ['李华', '赵强'] })
  })

  it('never indexes the user dictionary, hidden files or hidden folders', async () => {
    const files = new Set([...engine.documents()].map(article => article.origin?.file))
    expect([...files].sort()).toEqual(['articles.json', 'feed.jsonl', 'gbk.txt', 'news/front-matter.md', 'page.txt'])
  })
})
