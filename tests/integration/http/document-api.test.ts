import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentResponse, SearchResponse } from '../../../src/server/api-types.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture
let dumplingsId: string

beforeAll(async () => {
  fixture = await serverFixture()
  const found = (await request(fixture.app).get('/api/search').query({ q: '饺子' })).body as SearchResponse
  dumplingsId = found.hits[0]!.id
})

afterAll(async () => {
  await fixture.cleanup()
})

const documentUrl = (id: string): string => `/api/documents/${encodeURIComponent(id)}`

describe('GET /api/documents/:id', () => {
  it('answers one article in full: title, byline and body paragraphs', async () => {
    const response = await request(fixture.app).get(documentUrl(dumplingsId))

    expect(response.status).toBe(200)
    const body = response.body as DocumentResponse
    expect(body.id).toBe(dumplingsId)
    expect(body.title).toBe('和平街街道新就业形态劳动者吃上冬至饺子')
    expect(body.byline).toBe('本报讯（记者 刘欣欣）')
    expect(body.paragraphs.length).toBeGreaterThan(1)
    expect(body.paragraphs[0]).toMatch(/^“这饺子可真香呀/)
    expect(body).not.toHaveProperty('body')
  })

  it('marks the terms of q in the title and the paragraphs', async () => {
    const body = (await request(fixture.app).get(documentUrl(dumplingsId)).query({ q: '饺子' })).body as DocumentResponse

    expect(body.html.title).toBe('和平街街道新就业形态劳动者吃上冬至<mark>饺子</mark>')
    expect(body.html.paragraphs[0]).toContain('这<mark>饺子</mark>可真香呀')
    expect(body.html.paragraphs).toHaveLength(body.paragraphs.length)
  })

  it('marks nothing without q', async () => {
    const body = (await request(fixture.app).get(documentUrl(dumplingsId))).body as DocumentResponse

    expect(body.html.paragraphs.join('')).not.toContain('<mark>')
  })

  it('answers an unknown id with 404 and a JSON error', async () => {
    const response = await request(fixture.app).get(documentUrl('no-such-file.txt#9'))

    expect(response.status).toBe(404)
    expect(response.body).toEqual({ error: { code: 'DOCUMENT_NOT_FOUND', message: 'no article with id "no-such-file.txt#9"' } })
  })

  describe('bad input', () => {
    it.each([
      ['malformed percent-encoding in the id', '/api/documents/%E9%A5', 'MALFORMED_URL'],
      ['malformed percent-encoding in q', '/api/documents/x?q=%FF', 'MALFORMED_URL'],
      ['an id over 512 characters', `/api/documents/${'x'.repeat(513)}`, 'INVALID_REQUEST'],
      ['a q over 256 characters', `/api/documents/x?q=${'x'.repeat(257)}`, 'QUERY_TOO_LONG'],
    ])('answers %s with 400 and a JSON error', async (_name, url, code) => {
      const response = await request(fixture.app).get(url)

      expect(response.status).toBe(400)
      expect(response.body).toEqual({ error: { code, message: expect.any(String) } })
    })
  })
})
