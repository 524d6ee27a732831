import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StatsResponse } from '../../../src/server/api-types.js'
import { createApp } from '../../../src/server/create-app.js'
import { EngineHandle } from '../../../src/server/engine-handle.js'
import { type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture

beforeAll(async () => {
  fixture = await serverFixture()
})

afterAll(async () => {
  await fixture.cleanup()
})

/** An app whose handle has no index loaded (the folder is empty). */
function appWithoutIndex (): ReturnType<typeof createApp> {
  const handle = new EngineHandle({ indexDir: '/nonexistent/index', logger: pino({ level: 'silent' }) })
  return createApp(handle)
}

describe('GET /api/stats', () => {
  it('reports documents, terms, and when the index was built and loaded', async () => {
    const response = await request(fixture.app).get('/api/stats')

    expect(response.status).toBe(200)
    const body = response.body as StatsResponse
    expect(body.documents).toBe(7)
    expect(body.terms).toBeGreaterThan(800)
    expect(Date.parse(body.builtAt!)).not.toBeNaN()
    expect(body.ageSeconds).toBeGreaterThanOrEqual(0)
    expect(body.ageSeconds).toBeLessThan(600)
    expect(body.build).toMatch(/^build-/)
    expect(body.sizeBytes).toBeGreaterThan(0)
    expect(body.reloads).toBe(0)
    expect(Date.parse(body.loadedAt)).not.toBeNaN()
  })

  it('answers 503 with a JSON error while no index is loaded', async () => {
    const response = await request(appWithoutIndex()).get('/api/stats')

    expect(response.status).toBe(503)
    expect(response.body).toEqual({ error: { code: 'INDEX_UNAVAILABLE', message: expect.any(String) } })
  })
})

describe('GET /healthz', () => {
  it('answers 200 when an index is loaded', async () => {
    const response = await request(fixture.app).get('/healthz')

    expect(response.status).toBe(200)
    expect(response.body).toEqual({ status: 'ok', documents: 7 })
  })

  it('answers 503 when no index is loaded', async () => {
    const response = await request(appWithoutIndex()).get('/healthz')

    expect(response.status).toBe(503)
    expect(response.body).toEqual({ status: 'unavailable', reason: 'no search index is loaded yet' })
  })
})
