import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchEngine, SearchResponse } from '../../src/index.js'
import { createIndexedWorkspace, runCli, type Workspace } from '../helpers/cli-process.js'
import { defaultEngine } from '../helpers/default-engine.js'
import { checkExplanation } from '../helpers/explanations.js'
import { type ServerFixture, serverFixture } from '../helpers/server-fixtures.js'

/*
 * `explain`: every hit's score as a tree of the parts that made it (issue 24), through the
 * library, the HTTP API and the CLI, on the default corpus. The DuReader questions are
 * checked the same way in shared-data-collections.test.ts.
 */
let engine: SearchEngine

beforeAll(async () => {
  engine = await defaultEngine()
})

const explained = async (query: string): Promise<SearchResponse> => engine.search({ query, limit: 20, explain: true })

describe('search({ explain: true })', () => {
  it('explains every hit of every kind of query, each part adding up to the score shown', async () => {
    const queries = ['工会', '职工之家', '冬季送温暖', '"冬季送温暖"', 'title:工会', '工会 -饺子', 'gonghui', 'gh', '溫暖', '怎样保障农民工的工资', '如何 发 海参', '饺子 劳模']
    let hits = 0
    for (const query of queries) {
      const response = await explained(query)
      for (const hit of response.hits) checkExplanation(hit)
      hits += response.hits.length
    }
    expect(hits).toBeGreaterThan(40)
  })

  it('names a word\'s BM25 per field with its tf, idf and field length, and the share its characters give', async () => {
    const [hit] = (await explained('饺子')).hits
    const parts = checkExplanation(hit!)
    expect(parts).toContain('its characters "饺子" in the article')
    expect(parts.some(part => /^BM25\+ of "饺子" in title: tf 1, idf [\d.]+, field length \d+ words/.test(part))).toBe(true)
    expect(parts.some(part => /^BM25\+ of "饺子" in body: tf \d+/.test(part))).toBe(true)
  })

  it('shows the literal-first band, the question rerank, stop words, relaxed coverage and pinyin where they count', async () => {
    const literal = checkExplanation((await explained('职工之家')).hits[0]!)
    expect(literal.some(part => part.includes('"职工之家" written as typed'))).toBe(true)
    const question = (await explained('怎样保障农民工的工资')).hits.flatMap(hit => checkExplanation(hit))
    expect(question.some(part => part.startsWith('the question\'s character pairs'))).toBe(true)
    expect(question.some(part => part.includes('a stop word'))).toBe(true)
    expect(question.some(part => /coverage: \d of \d content words/.test(part))).toBe(true)
    const relaxed = await explained('饺子 劳模 海参')
    expect(relaxed.relaxed).toBe(true)
    expect(checkExplanation(relaxed.hits[0]!).some(part => /relaxed: \d of 3 terms/.test(part))).toBe(true)
    expect(checkExplanation((await explained('gonghui')).hits[0]!).some(part => part.includes('the words the query spells in pinyin'))).toBe(true)
  })

  it('gives no explanation unless asked, and refuses an explain that is not true or false', async () => {
    expect((await engine.search({ query: '工会' })).hits[0]!.explanation).toBeUndefined()
    await expect(engine.search({ query: '工会', explain: 'yes' as unknown as boolean })).rejects.toMatchObject({ code: 'INVALID_REQUEST' })
  })
})

describe('GET /api/search?explain=1', () => {
  let fixture: ServerFixture

  beforeAll(async () => {
    fixture = await serverFixture()
  })

  afterAll(async () => {
    await fixture.cleanup()
  })

  it('gives each hit its explanation, and none without explain', async () => {
    const body = (await request(fixture.app).get('/api/search').query({ q: '工会', explain: '1' })).body as SearchResponse
    expect(body.hits).toHaveLength(7)
    for (const hit of body.hits) checkExplanation(hit)
    const plain = (await request(fixture.app).get('/api/search').query({ q: '工会' })).body as SearchResponse
    expect(plain.hits[0]!.explanation).toBeUndefined()
  })

  it('refuses explain=yes with 400 INVALID_REQUEST naming it', async () => {
    const response = await request(fixture.app).get('/api/search').query({ q: '工会', explain: 'yes' })
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.body)).toContain('explain')
  })
})

describe('zhsearch search --explain', { timeout: 60_000 }, () => {
  let workspace: Workspace

  beforeAll(async () => {
    workspace = await createIndexedWorkspace()
  })

  afterAll(async () => {
    await workspace?.remove()
  })

  it('prints the tree under each hit, and the explanation in --json', async () => {
    const result = await runCli(['search', '饺子', '--explain'], { cwd: workspace.dir })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/score ([\d.]+)\n\s+\1 {2}sum of: the word "饺子"/)
    expect(result.stdout).toMatch(/BM25\+ of "饺子" in title: tf 1/)
    const json = await runCli(['search', '饺子', '--explain', '--json'], { cwd: workspace.dir })
    const response = JSON.parse(json.stdout) as SearchResponse
    checkExplanation(response.hits[0]!)
  })
})
