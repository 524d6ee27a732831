import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SuggestResponse } from '../../../src/server/api-types.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture

beforeAll(async () => {
  fixture = await serverFixture()
})

afterAll(async () => {
  await fixture.cleanup()
})

describe('GET /api/suggest', () => {
  it('completes a prefix with index words and matching titles', async () => {
    const response = await request(fixture.app).get('/api/suggest').query({ q: '工' })

    expect(response.status).toBe(200)
    const body = response.body as SuggestResponse
    expect(body.query).toBe('工')
    expect(body.words).toContain('工会')
    expect(body.words.every(word => word.startsWith('工'))).toBe(true)
    expect(body.titles.length).toBeGreaterThan(0)
    expect(body.titles[0]).toEqual({ id: expect.any(String), title: expect.stringContaining('工') })
  })

  it('honours limit', async () => {
    const body = (await request(fixture.app).get('/api/suggest').query({ q: '工', limit: 2 })).body as SuggestResponse

    expect(body.words).toHaveLength(2)
    expect(body.titles.length).toBeLessThanOrEqual(2)
  })

  it('answers an empty prefix with no suggestions', async () => {
    const response = await request(fixture.app).get('/api/suggest')

    expect(response.status).toBe(200)
    expect(response.body).toEqual({ query: '', words: [], titles: [] })
  })

  it('is fast enough to call on every keystroke', async () => {
    const started = performance.now()
    for (const prefix of ['工', '工会', '温', '温暖', '职']) await request(fixture.app).get('/api/suggest').query({ q: prefix }).expect(200)

    expect((performance.now() - started) / 5).toBeLessThan(100)
  })

  describe('bad input', () => {
    it.each([
      ['a prefix over 256 characters', `/api/suggest?q=${'a'.repeat(257)}`, 'QUERY_TOO_LONG'],
      ['malformed percent-encoding', '/api/suggest?q=%E5%B7', 'MALFORMED_URL'],
      ['a limit over 20', '/api/suggest?q=a&limit=21', 'INVALID_PAGING'],
      ['a negative limit', '/api/suggest?q=a&limit=-2', 'INVALID_PAGING'],
    ])('answers %s with 400 and a JSON error', async (_name, url, code) => {
      const response = await request(fixture.app).get(url)

      expect(response.status).toBe(400)
      expect(response.body).toEqual({ error: { code, message: expect.any(String) } })
    })
  })
})
