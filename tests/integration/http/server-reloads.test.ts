import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reindex } from '../../../src/index.js'
import type { SearchResponse, StatsResponse } from '../../../src/server/api-types.js'
import type { ReloadResult } from '../../../src/server/engine-handle.js'
import { type RunningServer, startServer } from '../../../src/server/start-server.js'
import { writeGeneratedCorpus } from '../../helpers/cli-corpus.js'
import { renameInBuild, renameInHugeDocCount } from '../../helpers/hostile-index.js'

/*
 * Issues 26 and 27: the server's reloads on its one search thread. A SIGHUP with the same
 * build reads only the manifest; a hostile index whose open never ends is abandoned at the
 * deadline while the old index keeps answering, and the good build renamed in after it is
 * served; /api/stats shows what an operator watches.
 */

const RELOAD_TIMEOUT_MS = 3_000

let root: string
let corpusDir: string
let indexDir: string
let server: RunningServer

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'zhsearch-reloads-'))
  corpusDir = join(root, 'corpus')
  indexDir = join(root, 'index')
  await mkdir(corpusDir)
  // 300 articles in one segment: the hostile header rewrites a three-digit count.
  await writeGeneratedCorpus(join(corpusDir, 'generated.jsonl'), 300)
  server = await startServer({ indexDir, corpusDir, port: 0, host: '127.0.0.1', logLevel: 'silent', reindexIfStale: true, handleSignals: false, reloadTimeoutMs: RELOAD_TIMEOUT_MS })
})

afterAll(async () => {
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

async function getJson<T> (path: string): Promise<T> {
  const response = await fetch(new URL(path, server.url))
  expect(response.status, path).toBe(200)
  return await response.json() as T
}

const stats = (): Promise<StatsResponse> => getJson<StatsResponse>('/api/stats')
const search = (q: string): Promise<SearchResponse> => getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(q)}`)

/** The reload the handle finishes next with `status`. */
function nextReload (status: ReloadResult['status']): Promise<ReloadResult> {
  return new Promise(resolve => {
    const listener = (result: ReloadResult): void => {
      if (result.status !== status) return
      server.handle.off('reload', listener)
      resolve(result)
    }
    server.handle.on('reload', listener)
  })
}

describe('server reloads', () => {
  it('reports the process (RSS, heap, threads) and the reloads in /api/stats', async () => {
    const answer = await stats()
    expect(answer).toMatchObject({ documents: 300, reloads: 0 })
    expect(answer.process.rssBytes).toBeGreaterThan(50 * 2 ** 20)
    expect(answer.process.threads).toBeGreaterThan(2)
    expect(answer.process.heap.usedBytes).toBeGreaterThan(0)
    // The search thread holds the index: its typed arrays are external memory there.
    expect(answer.process.searchThreadHeap?.externalBytes).toBeGreaterThan(answer.sizeBytes! / 2)
  })

  it('answers a SIGHUP with the same build from the manifest alone, and says so', async () => {
    const before = await stats()
    // Without its segment files, an open of the whole index would fail: only the manifest is read.
    await rename(join(indexDir, 'segments'), join(root, 'segments-aside'))
    const result = await server.handle.reload('SIGHUP')
    await rename(join(root, 'segments-aside'), join(indexDir, 'segments'))

    expect(result).toEqual({ status: 'unchanged', build: before.build })
    const after = await stats()
    expect(after).toMatchObject({ reloads: 0, build: before.build, lastReload: { status: 'unchanged', reason: 'SIGHUP', build: before.build } })
    expect(after.process.threads).toBe(before.process.threads)
    expect((await search('工会')).total).toBeGreaterThan(0)
  })

  it('abandons a hostile index at the deadline, answering from the old one meanwhile, then serves the good build renamed in after it', async () => {
    const before = await stats()
    const oldTotal = (await search('工会')).total
    await writeFile(join(corpusDir, 'winter.md'), '# 冰雪运动进社区\n\n本报讯 工会组织职工参加冰雪运动，滑冰课程受到欢迎。\n')
    const goodDir = join(root, 'good')
    await reindex({ corpusDir, indexDir: goodDir })

    // Act: the hostile manifest is picked up by the watcher; the good one and a SIGHUP follow.
    const refused = nextReload('refused')
    const reloaded = nextReload('reloaded')
    const started = Date.now()
    await renameInHugeDocCount(indexDir)
    await new Promise(resolve => setTimeout(resolve, 500))
    const answersMeanwhile = await Promise.all(Array.from({ length: 5 }, () => search('工会')))
    const good = await renameInBuild(goodDir, indexDir)
    void server.handle.reload('SIGHUP')

    // Assert
    expect(answersMeanwhile.map(answer => answer.total)).toEqual(Array(5).fill(oldTotal))
    // Cut off at the deadline (its decoding loops 1e9 times), or refused sooner by a check of
    // the count against the file's size: either way the good build is served next.
    expect(await refused).toMatchObject({ status: 'refused', error: { code: expect.stringMatching(/^INDEX_(OPEN_TIMEOUT|CORRUPT)$/) } })
    expect(await reloaded).toMatchObject({ status: 'reloaded', build: good, documents: 301 })
    expect(Date.now() - started).toBeLessThan(RELOAD_TIMEOUT_MS + 15_000)
    expect((await search('滑冰')).hits[0]?.title).toBe('冰雪运动进社区')
    const after = await stats()
    expect(after).toMatchObject({ build: good, reloads: 1, documents: 301 })
    expect(after.process.threads).toBe(before.process.threads)
  })
})
