import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../../src/server/api-types.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture

beforeAll(async () => {
  fixture = await serverFixture()
})

afterAll(async () => {
  await fixture.cleanup()
})

const search = (query: Record<string, string | number>) => request(fixture.app).get('/api/search').query(query)

describe('GET /api/search', () => {
  it('finds all seven articles of the default corpus for 工会, with marked snippets', async () => {
    const response = await search({ q: '工会' })

    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    const body = response.body as SearchResponse
    expect(body.query).toBe('工会')
    expect(body.total).toBe(7)
    expect(body.hits).toHaveLength(7)
    expect(typeof body.tookMs).toBe('number')
    for (const hit of body.hits) {
      expect(hit).toMatchObject({ id: expect.any(String), title: expect.any(String), score: expect.any(Number) })
      expect(hit.snippets.join('') + hit.highlights.title).toContain('<mark>工会</mark>')
    }
  })

  it('ranks the 冬至饺子 article first for 饺子 and marks the word', async () => {
    const body = (await search({ q: '饺子' })).body as SearchResponse

    expect(body.hits[0]?.title).toContain('冬至饺子')
    expect(body.hits[0]?.snippets[0]).toContain('<mark>饺子</mark>')
    expect(body.hits[0]?.byline).toBe('本报讯（记者 刘欣欣）')
  })

  it('finds the 时传祥 article first for the traditional 溫暖基金', async () => {
    const body = (await search({ q: '溫暖基金' })).body as SearchResponse

    expect(body.hits[0]?.title).toContain('时传祥')
  })

  it('excludes articles with -term', async () => {
    const body = (await search({ q: '工会 -饺子' })).body as SearchResponse

    expect(body.total).toBe(6)
    expect(body.hits.map(hit => hit.title).join()).not.toContain('饺子')
  })

  it('pages with limit and offset', async () => {
    const first = (await search({ q: '工会', limit: 3 })).body as SearchResponse
    const third = (await search({ q: '工会', limit: 3, offset: 6 })).body as SearchResponse

    expect(first).toMatchObject({ total: 7, limit: 3, offset: 0 })
    expect(first.hits).toHaveLength(3)
    expect(third.hits).toHaveLength(1)
    expect(first.hits.map(hit => hit.id)).not.toContain(third.hits[0]?.id)
  })

  it('answers an offset past the last hit with an empty page, not an error', async () => {
    const body = (await search({ q: '工会', offset: 100 })).body as SearchResponse

    expect(body.total).toBe(7)
    expect(body.hits).toEqual([])
  })

  it('filters by author and counts the authors of all matches', async () => {
    const all = (await search({ q: '工会' })).body as SearchResponse
    const filtered = (await search({ q: '工会', author: '刘欣欣' })).body as SearchResponse

    expect(all.facets.authors).toContainEqual({ value: '刘欣欣', count: 2 })
    expect(filtered.total).toBe(2)
    expect(filtered.hits.every(hit => hit.reporters?.includes('刘欣欣'))).toBe(true)
  })

  it('answers an empty or missing query with no hits', async () => {
    const missing = await request(fixture.app).get('/api/search')
    const blank = await search({ q: '   ' })

    expect(missing.status).toBe(200)
    expect(missing.body).toMatchObject({ total: 0, hits: [] })
    expect(blank.body).toMatchObject({ total: 0, hits: [] })
  })

  it('treats empty filters as no filter, as an empty form field sends them', async () => {
    const response = await request(fixture.app).get(`/api/search?q=${encodeURIComponent('工会')}&author=&source=&dateFrom=&dateTo=`)

    expect(response.status).toBe(200)
    expect(response.body.total).toBe(7)
  })

  it('searches odd but valid text (a NUL, an emoji, lone quotes and signs) without failing', async () => {
    for (const q of ['\u0000', '😀工会', '"', '-', 'title:', '"""', '-工会']) {
      const response = await search({ q })

      expect(response.status, q).toBe(200)
    }
  })

  it('never sends unescaped document text in snippets', async () => {
    const body = (await search({ q: '“温暖礼盒”' })).body as SearchResponse

    for (const hit of body.hits) {
      for (const html of [...hit.snippets, hit.highlights.title]) {
        expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
      }
    }
  })

  describe('bad input', () => {
    it.each([
      ['a query over 256 characters', `/api/search?q=${encodeURIComponent('工'.repeat(257))}`, 'QUERY_TOO_LONG'],
      ['a non-numeric limit', '/api/search?q=x&limit=ten', 'INVALID_PAGING'],
      ['a negative limit', '/api/search?q=x&limit=-1', 'INVALID_PAGING'],
      ['a fractional limit', '/api/search?q=x&limit=2.5', 'INVALID_PAGING'],
      ['an empty limit', '/api/search?q=x&limit=', 'INVALID_PAGING'],
      ['a limit over 100', '/api/search?q=x&limit=101', 'INVALID_PAGING'],
      ['a huge limit', '/api/search?q=x&limit=99999999999999999999', 'INVALID_PAGING'],
      ['a non-numeric offset', '/api/search?q=x&offset=abc', 'INVALID_PAGING'],
      ['a negative offset', '/api/search?q=x&offset=-10', 'INVALID_PAGING'],
      ['an offset beyond the paging depth', '/api/search?q=x&offset=1001', 'INVALID_PAGING'],
      ['malformed percent-encoding', '/api/search?q=%E4%B8', 'MALFORMED_URL'],
      ['a lone percent sign', '/api/search?q=100%', 'MALFORMED_URL'],
      ['q given twice', '/api/search?q=a&q=b', 'INVALID_REQUEST'],
      ['a date that is not YYYY-MM-DD', '/api/search?q=x&dateFrom=yesterday', 'INVALID_REQUEST'],
      ['a date with a two-digit year', '/api/search?q=x&dateTo=24-01', 'INVALID_REQUEST'],
      ['an author given twice', '/api/search?q=x&author=a&author=b', 'INVALID_REQUEST'],
      ['an author over 200 characters', `/api/search?q=x&author=${'a'.repeat(201)}`, 'INVALID_REQUEST'],
    ])('answers %s with 400 and a JSON error', async (_name, url, code) => {
      const response = await request(fixture.app).get(url)

      expect(response.status).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect(response.body).toEqual({ error: { code, message: expect.any(String) } })
      expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/)
    })
  })
})

