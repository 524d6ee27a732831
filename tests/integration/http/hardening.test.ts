import { once } from 'node:events'
import { type AddressInfo, connect } from 'node:net'
import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchEngine } from '../../../src/index.js'
import { createApp } from '../../../src/server/create-app.js'
import { EngineHandle } from '../../../src/server/engine-handle.js'
import { answerParserErrors } from '../../../src/server/parser-errors.js'
import { memoryLogger, type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture

beforeAll(async () => {
  fixture = await serverFixture()
})

afterAll(async () => {
  await fixture.cleanup()
})

describe('security headers', () => {
  it('sends a Content-Security-Policy that allows only this server\'s own scripts', async () => {
    const response = await request(fixture.app).get('/')

    const csp = response.headers['content-security-policy'] as string
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('sends the CSP and nosniff on API answers and errors too', async () => {
    for (const url of ['/api/search?q=x', '/api/search?limit=x', '/no/such/page']) {
      const response = await request(fixture.app).get(url)

      expect(response.headers['content-security-policy']).toBeDefined()
      expect(response.headers['x-content-type-options']).toBe('nosniff')
    }
  })

  it('does not announce Express', async () => {
    const response = await request(fixture.app).get('/healthz')

    expect(response.headers['x-powered-by']).toBeUndefined()
  })
})

describe('GET / (the search page)', () => {
  it('serves the page with no inline script', async () => {
    const response = await request(fixture.app).get('/')

    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/html/)
    expect(response.text).toContain('<script type="module" src="app.js"></script>')
    // Every <script> has a src: the CSP would block an inline one.
    expect(response.text.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull()
    expect(response.text).toContain('lang="zh-CN"')
  })

  it('serves the stylesheet', async () => {
    const response = await request(fixture.app).get('/style.css')

    expect(response.status).toBe(200)
    expect(response.headers['content-type']).toMatch(/^text\/css/)
  })
})

describe('compression', () => {
  it('gzips JSON answers for clients that accept it', async () => {
    const response = await request(fixture.app).get('/api/search').query({ q: '工会' }).set('Accept-Encoding', 'gzip')

    expect(response.status).toBe(200)
    expect(response.headers['content-encoding']).toBe('gzip')
  })
})

describe('unknown routes', () => {
  it('answers 404 with a JSON error', async () => {
    const response = await request(fixture.app).get('/api/nothing-here')

    expect(response.status).toBe(404)
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
  })

  it('answers a malformed static path with a 4xx JSON error, not 500', async () => {
    const response = await request(fixture.app).get('/%E4%B8.css')

    expect(response.status).toBe(404)
    expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } })
  })
})

describe('server faults', () => {
  it('answers an unexpected error with a generic 500: no message, no stack, but a log entry', async () => {
    // Arrange: an engine that fails the way a bug would.
    const broken = { search: () => { throw new Error('boom at /secret/path/engine.ts:42') } } as unknown as SearchEngine
    const { logger, lines } = memoryLogger()
    const app = createApp(new EngineHandle({ indexDir: fixture.indexDir, engine: broken, logger }), { logger })

    // Act
    const response = await request(app).get('/api/search').query({ q: '工会' })

    // Assert
    expect(response.status).toBe(500)
    expect(response.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String) } })
    expect(response.text).not.toContain('secret')
    expect(response.text).not.toContain('boom')
    expect(lines().some(line => JSON.stringify(line).includes('boom'))).toBe(true)
  })
})

describe('request logs', () => {
  it('log method, URL and status but no headers (cookies, authorization)', async () => {
    const { logger, lines } = memoryLogger()
    const app = createApp(fixture.handle, { logger })

    await request(app).get('/api/search').query({ q: '工会' })
      .set('Authorization', 'Bearer top-secret-token')
      .set('Cookie', 'session=top-secret-cookie')

    const logged = lines().find(line => (line.req as { url?: string } | undefined)?.url?.startsWith('/api/search'))
    expect(logged).toMatchObject({ req: { method: 'GET' }, res: { statusCode: 200 } })
    expect(JSON.stringify(lines())).not.toContain('top-secret')
  })
})

describe('rate limit', () => {
  it('answers 429 with a JSON error once a client exceeds its limit', async () => {
    const app = createApp(fixture.handle, { rateLimit: { limit: 3, windowMs: 60_000 } })

    for (let i = 0; i < 3; i++) await request(app).get('/api/suggest').query({ q: '工' }).expect(200)
    const response = await request(app).get('/api/search').query({ q: '工会' })

    expect(response.status).toBe(429)
    expect(response.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } })
    expect(response.headers['retry-after']).toBeDefined()
  })

  it('does not count the page and health checks against the API limit', async () => {
    const app = createApp(fixture.handle, { rateLimit: { limit: 1, windowMs: 60_000 } })

    for (let i = 0; i < 3; i++) await request(app).get('/healthz').expect(200)
    await request(app).get('/api/stats').expect(200)
  })

  it('keeps separate counts per client', async () => {
    const app = createApp(fixture.handle, { rateLimit: { limit: 1, windowMs: 60_000 }, trustProxy: 1 })

    await request(app).get('/api/stats').set('X-Forwarded-For', '203.0.113.1').expect(200)
    await request(app).get('/api/stats').set('X-Forwarded-For', '203.0.113.1').expect(429)
    await request(app).get('/api/stats').set('X-Forwarded-For', '203.0.113.2').expect(200)
  })
})

describe('methods', () => {
  it('answers OPTIONS with 204, Allow: GET, HEAD and no body, without counting it against the rate limit', async () => {
    const app = createApp(fixture.handle, { rateLimit: { limit: 1, windowMs: 60_000 } })
    for (const path of ['/', '/api/search', '/api/documents/x', '/no/such/page']) {
      const response = await request(app).options(path)

      expect(response.status, path).toBe(204)
      expect(response.headers.allow, path).toBe('GET, HEAD')
      expect(response.text, path).toBe('')
      expect(response.headers['content-type'], path).toBeUndefined()
    }
    await request(app).get('/api/stats').expect(200)
  })

  it('answers other methods with 405, the Allow header and a JSON error', async () => {
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const response = await request(fixture.app)[method]('/api/search').send('q=工会')

      expect(response.status, method).toBe(405)
      expect(response.headers.allow, method).toBe('GET, HEAD')
      expect(response.body, method).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: `${method.toUpperCase()} is not supported here; this server answers GET, HEAD` } })
    }
  })
})

describe('requests Node\'s HTTP parser refuses before the app sees them', () => {
  it('answers headers over 16 KiB with 431, a JSON error, and closes the connection', async () => {
    const answer = await rawExchange(fixture.app, `GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)

    expect(answer.head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/)
    expect(answer.head).toMatch(/\r\nConnection: close\r\n/i)
    expect(answer.head).toMatch(/\r\nContent-Type: application\/json; charset=utf-8\r\n/i)
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('16 KiB') } })
  })

  it('answers a malformed request (raw UTF-8 bytes in the path) with 400, a JSON error saying to URL-encode, and closes the connection', async () => {
    const answer = await rawExchange(fixture.app, Buffer.concat([Buffer.from('GET /api/search?q='), Buffer.from('工会', 'utf8'), Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n')]))

    expect(answer.head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(answer.head).toMatch(/\r\nConnection: close\r\n/i)
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'MALFORMED_REQUEST', message: expect.stringContaining('--data-urlencode') } })
  })

  it('answers a request line that is not HTTP with 400 and the same JSON shape', async () => {
    const answer = await rawExchange(fixture.app, 'HELLO\r\n\r\n')

    expect(answer.head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'MALFORMED_REQUEST' } })
  })
})

/**
 * Writes `bytes` to a fresh connection to the app, served as `zhsearch serve` serves it (with
 * its parser-error answers), and reads until the server closes it.
 */
async function rawExchange (app: ReturnType<typeof createApp>, bytes: string | Buffer): Promise<{ head: string, body: string }> {
  const server = app.listen(0, '127.0.0.1')
  answerParserErrors(server)
  await once(server, 'listening')
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
  try {
    await once(socket, 'connect')
    socket.write(bytes)
    const chunks: Buffer[] = []
    for await (const chunk of socket) chunks.push(chunk as Buffer)
    const received = Buffer.concat(chunks).toString('utf8')
    const split = received.indexOf('\r\n\r\n')
    return { head: received.slice(0, split + 2), body: received.slice(split + 4) }
  } finally {
    socket.destroy()
    server.close()
  }
}

describe('rate limit, requests pipelined on one socket', () => {
  it('counts each request: of 601 sent at once on one connection, the first 600 are answered 200 and the last 429', async () => {
    const app = createApp(fixture.handle, { rateLimit: { limit: 600, windowMs: 60_000 } })
    const statuses = await pipelined(app, Array.from({ length: 601 }, () => '/api/stats'))

    expect(statuses).toEqual([...Array.from({ length: 600 }, () => 200), 429])
  })
})

/**
 * Sends every request at once on one keep-alive connection (HTTP/1.1 pipelining, as the
 * issue's probe did) and reads the status of each answer, in order.
 */
async function pipelined (app: ReturnType<typeof createApp>, paths: readonly string[]): Promise<number[]> {
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const socket = connect((server.address() as AddressInfo).port, '127.0.0.1')
  try {
    await once(socket, 'connect')
    socket.write(paths.map(path => `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`).join(''))
    let received = ''
    const statuses = (): number[] => [...received.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map(found => Number(found[1]))
    socket.setEncoding('latin1')
    for await (const chunk of socket) {
      received += chunk as string
      if (statuses().length >= paths.length) break
    }
    return statuses()
  } finally {
    socket.destroy()
    server.closeAllConnections()
    server.close()
  }
}

describe('createApp', () => {
  it('builds an app without listening', () => {
    const app = createApp(new EngineHandle({ indexDir: fixture.indexDir, engine: fixture.engine, logger: pino({ level: 'silent' }) }))

    expect(typeof app.listen).toBe('function')
  })
})
