import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../../src/server/api-types.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

/*
 * dateFrom/dateTo over HTTP take what the library takes (a year, a month or a day; a
 * shorter dateTo takes its whole year or month in), checked by one definition: the same
 * request gives the same articles through /api/search and through engine.search().
 */

const ARTICLES = [
  { id: 'a', date: '2023-11-30' },
  { id: 'b', date: '2023-12-05' },
  { id: 'c', date: '2023-12-21' },
  { id: 'd', date: '2024-01-02' },
].map(({ id, date }) => JSON.stringify({ id, title: `工会活动${id}`, body: `北京市总工会开展送温暖活动，第${id}篇。`, date }))

let fixture: ServerFixture

beforeAll(async () => {
  fixture = await serverFixture({ corpus: { 'feed.jsonl': ARTICLES.join('\n') + '\n' } })
})

afterAll(async () => {
  await fixture.cleanup()
})

describe('date filters of GET /api/search', () => {
  it.each([
    ['a year', { dateFrom: '2023', dateTo: '2023' }, ['a', 'b', 'c']],
    ['a month', { dateFrom: '2023-12', dateTo: '2023-12' }, ['b', 'c']],
    ['days', { dateFrom: '2023-12-05', dateTo: '2023-12-21' }, ['b', 'c']],
    ['a month to a day', { dateFrom: '2023-12', dateTo: '2024-01-02' }, ['b', 'c', 'd']],
    ['only dateTo, a month', { dateTo: '2023-11' }, ['a']],
  ])('takes %s as the library does', async (_name, dates, ids) => {
    const response = await request(fixture.app).get('/api/search').query({ q: '工会', limit: 10, ...dates })
    const library = await fixture.engine.search({ query: '工会', limit: 10, ...dates })

    expect(response.status).toBe(200)
    const served = (response.body as SearchResponse).hits.map(hit => hit.id)
    expect([...served].sort()).toEqual(ids)
    expect(served).toEqual(library.hits.map(hit => hit.id))
  })

  it.each(['2023-1', '23-12', '2023/12', 'December'])('refuses %s with 400 INVALID_REQUEST, naming the forms it takes', async date => {
    const response = await request(fixture.app).get('/api/search').query({ q: '工会', dateFrom: date })

    expect(response.status).toBe(400)
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'dateFrom must be a date written YYYY-MM-DD (or YYYY-MM, YYYY)' })
  })
})
