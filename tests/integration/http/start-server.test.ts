import { once } from 'node:events'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchResponse, StatsResponse } from '../../../src/server/api-types.js'
import type { ReloadResult } from '../../../src/server/engine-handle.js'
import { type RunningServer, startServer } from '../../../src/server/start-server.js'
import { DEFAULT_CORPUS } from '../../helpers/server-fixtures.js'

let root: string
let corpusDir: string
let indexDir: string
const running: RunningServer[] = []

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhsearch-start-'))
  corpusDir = join(root, 'corpus')
  indexDir = join(root, 'index')
  await cp(DEFAULT_CORPUS, corpusDir, { recursive: true })
})

afterEach(async () => {
  await Promise.all(running.splice(0).map(server => server.close()))
  await rm(root, { recursive: true, force: true })
})

async function start (options: Partial<Parameters<typeof startServer>[0]> = {}): Promise<RunningServer> {
  const server = await startServer({ indexDir, corpusDir, port: 0, host: '127.0.0.1', logLevel: 'silent', reindexIfStale: true, ...options })
  running.push(server)
  return server
}

async function getJson<T> (server: RunningServer, path: string): Promise<T> {
  const response = await fetch(new URL(path, server.url))
  expect(response.status).toBe(200)
  return await response.json() as T
}

describe('startServer', () => {
  it('indexes the corpus when there is no index yet, then serves it', async () => {
    const server = await start()

    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    expect(await getJson(server, '/healthz')).toEqual({ status: 'ok', documents: 7 })
    expect((await getJson<SearchResponse>(server, '/api/search?q=%E5%B7%A5%E4%BC%9A')).total).toBe(7)
    const page = await fetch(server.url)
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('reindexes a stale index before serving, and reuses a fresh one', async () => {
    const first = await start()
    const built = (await getJson<StatsResponse>(first, '/api/stats')).build
    await first.close()

    const again = await start()
    expect((await getJson<StatsResponse>(again, '/api/stats')).build).toBe(built)
    await again.close()

    await writeFile(join(corpusDir, 'extra.md'), '# 新文章\n\n工会开展冬季长跑活动。\n')
    const stale = await start()
    expect((await getJson<StatsResponse>(stale, '/api/stats')).documents).toBe(8)
  })

  it('serves a stale index as it is without reindexIfStale', async () => {
    await (await start()).close()
    await writeFile(join(corpusDir, 'extra.md'), '# 新文章\n\n工会开展冬季长跑活动。\n')

    const server = await start({ reindexIfStale: false })

    expect((await getJson<StatsResponse>(server, '/api/stats')).documents).toBe(7)
  })

  it('refuses to start without an index when it may not build one', async () => {
    await expect(start({ reindexIfStale: false })).rejects.toMatchObject({ code: 'INDEX_NOT_FOUND' })
    await expect(start({ corpusDir: undefined })).rejects.toMatchObject({ code: 'INDEX_NOT_FOUND' })
  })

  it('reports a port in use instead of hanging', async () => {
    const first = await start()

    await expect(start({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE' })
  })

  it('reloads the index on SIGHUP', async () => {
    const server = await start()
    const reloaded = once(server.handle, 'reload')

    process.emit('SIGHUP', 'SIGHUP')

    expect((await reloaded)[0] as ReloadResult).toMatchObject({ status: 'unchanged' })
  })

  it('removes its signal handlers when closed', async () => {
    const before = ['SIGTERM', 'SIGINT', 'SIGHUP'].map(signal => process.listenerCount(signal))
    const server = await start()
    expect(process.listenerCount('SIGTERM')).toBe(before[0]! + 1)

    await server.close()

    expect(['SIGTERM', 'SIGINT', 'SIGHUP'].map(signal => process.listenerCount(signal))).toEqual(before)
  })

  it('lets a request in flight finish when closing, and refuses new connections', async () => {
    const server = await start()
    // A request whose headers are still arriving when the server starts closing.
    const socket = connect(server.port, '127.0.0.1')
    await once(socket, 'connect')
    socket.write('GET /api/search?q=%E5%B7%A5%E4%BC%9A HTTP/1.1\r\nHost: localhost\r\n')
    await new Promise(resolve => setTimeout(resolve, 50))

    const closed = server.close()
    socket.write('Connection: close\r\n\r\n')
    let answer = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { answer += chunk })
    await once(socket, 'end')
    await closed

    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/)
    expect(answer).toContain('"total":7')
    await expect(fetch(server.url)).rejects.toThrow()
  })
})
