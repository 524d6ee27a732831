import { once } from 'node:events'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import request from 'supertest'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MANIFEST_FILE, reindex, SYNONYMS_FILE } from '../../../src/internal.js'
import type { SearchResponse, StatsResponse } from '../../../src/server/api-types.js'
import type { ReloadResult } from '../../../src/server/engine-handle.js'
import { EngineHandle } from '../../../src/server/engine-handle.js'
import { memoryLogger, type ServerFixture, serverFixture } from '../../helpers/server-fixtures.js'

let fixture: ServerFixture

beforeEach(async () => {
  fixture = await serverFixture({ watch: true })
})

afterEach(async () => {
  await fixture.cleanup()
})

/** The next reload the handle finishes (the watcher starts it on its own). */
function nextReload (): Promise<ReloadResult> {
  return once(fixture.handle, 'reload').then(([result]) => result as ReloadResult)
}

const NEW_ARTICLE = '# 冰雪运动进社区\n\n本报讯 工会组织职工参加冰雪运动，滑冰和滑雪课程受到欢迎。\n'

/** Replaces the manifest the way a crashed or foreign writer might: whole file, by rename. */
async function replaceManifest (content: string): Promise<void> {
  const temporary = join(fixture.indexDir, 'manifest.tmp')
  await writeFile(temporary, content)
  await rename(temporary, join(fixture.indexDir, MANIFEST_FILE))
}

async function stats (): Promise<StatsResponse> {
  return (await request(fixture.app).get('/api/stats').expect(200)).body as StatsResponse
}

describe('hot reload', () => {
  it('swaps to the new index when a reindex writes one into the watched folder', async () => {
    const before = await stats()
    expect(before.documents).toBe(7)

    // Act: a new article in the corpus, indexed by another process's `zhsearch reindex`.
    await writeFile(join(fixture.corpusDir, 'winter-sports.md'), NEW_ARTICLE)
    const reloaded = nextReload()
    await reindex({ corpusDir: fixture.corpusDir, indexDir: fixture.indexDir })
    expect(await reloaded).toMatchObject({ status: 'reloaded', documents: 8 })

    // Assert
    const after = await stats()
    expect(after.documents).toBe(8)
    expect(after.build).not.toBe(before.build)
    expect(after.reloads).toBe(1)
    const found = (await request(fixture.app).get('/api/search').query({ q: '滑冰' })).body as SearchResponse
    expect(found.hits[0]?.title).toBe('冰雪运动进社区')
  })

  it('answers every request while the index is swapped, from the old or the new index', async () => {
    await writeFile(join(fixture.corpusDir, 'winter-sports.md'), NEW_ARTICLE)
    const reloaded = nextReload()
    const reindexed = reindex({ corpusDir: fixture.corpusDir, indexDir: fixture.indexDir })

    const totals: number[] = []
    const statuses: number[] = []
    let done = false
    void reloaded.then(() => { done = true })
    while (!done) {
      const responses = await Promise.all(Array.from({ length: 5 }, () => request(fixture.app).get('/api/search').query({ q: '工会' })))
      for (const response of responses) {
        statuses.push(response.status)
        totals.push((response.body as SearchResponse).total)
      }
    }
    await reindexed

    expect(new Set(statuses)).toEqual(new Set([200]))
    expect(totals.every(total => total === 7 || total === 8)).toBe(true)
    expect((await stats()).documents).toBe(8)
  })

  it('refuses a corrupt manifest and keeps serving the old index', async () => {
    const before = await stats()

    const refused = nextReload()
    await replaceManifest('{ "formatVersion": 1, "build": ')
    const result = await refused

    expect(result.status).toBe('refused')
    expect(await stats()).toMatchObject({ documents: 7, build: before.build, reloads: 0 })
    const found = (await request(fixture.app).get('/api/search').query({ q: '工会' }).expect(200)).body as SearchResponse
    expect(found.total).toBe(7)
  })

  it('refuses an index of another format version and keeps serving the old index', async () => {
    const manifest = JSON.parse(await readFile(join(fixture.indexDir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>

    const refused = nextReload()
    await replaceManifest(JSON.stringify({ ...manifest, formatVersion: 999 }))
    const result = await refused

    expect(result).toMatchObject({ status: 'refused', error: { code: 'INDEX_FORMAT_MISMATCH' } })
    expect((await stats()).documents).toBe(7)
  })

  it('refuses a manifest whose segment files are missing and keeps serving the old index', async () => {
    const manifest = JSON.parse(await readFile(join(fixture.indexDir, MANIFEST_FILE), 'utf8')) as { segments: Array<Record<string, unknown>> }

    const refused = nextReload()
    await replaceManifest(JSON.stringify({ ...manifest, build: 'build-gone-00000000', segments: manifest.segments.map(segment => ({ ...segment, name: 'seg-gone-00000000' })) }))

    expect(await refused).toMatchObject({ status: 'refused', error: { code: 'INDEX_CORRUPT' } })
    expect((await stats()).documents).toBe(7)
  })

  it('recovers when a good index follows a bad one', async () => {
    const manifest = JSON.parse(await readFile(join(fixture.indexDir, MANIFEST_FILE), 'utf8')) as { segments: Array<Record<string, unknown>> }
    const refused = nextReload()
    await replaceManifest(JSON.stringify({ ...manifest, build: 'build-gone-00000000', segments: manifest.segments.map(segment => ({ ...segment, name: 'seg-gone-00000000' })) }))
    await refused

    await writeFile(join(fixture.corpusDir, 'winter-sports.md'), NEW_ARTICLE)
    const reloaded = nextReload()
    await reindex({ corpusDir: fixture.corpusDir, indexDir: fixture.indexDir })

    expect(await reloaded).toMatchObject({ status: 'reloaded', documents: 8 })
    expect((await stats()).documents).toBe(8)
  })

  it('reloads on demand (SIGHUP) and reports an unchanged index as unchanged', async () => {
    const result = await fixture.handle.reload()

    expect(result.status).toBe('unchanged')
    expect((await stats()).reloads).toBe(0)
  })

  it('says in the log that a SIGHUP found the same build, and what a reload did', async () => {
    const { logger, lines } = memoryLogger()
    const handle = new EngineHandle({ indexDir: fixture.indexDir, engine: fixture.engine, logger })
    const build = fixture.engine.manifest!.build

    await handle.reload('SIGHUP')
    await writeFile(join(fixture.corpusDir, 'winter-sports.md'), NEW_ARTICLE)
    await reindex({ corpusDir: fixture.corpusDir, indexDir: fixture.indexDir })
    await handle.reload('SIGHUP')

    expect(lines().map(line => ({ level: line.level, msg: line.msg, reason: line.reason }))).toEqual([
      { level: 30, msg: `SIGHUP: the index is unchanged (${build}); nothing to reload`, reason: 'SIGHUP' },
      { level: 30, msg: 'search index loaded', reason: 'SIGHUP' },
    ])
    expect(handle.loadInfo).toMatchObject({ reloads: 1, lastReload: { status: 'reloaded', reason: 'SIGHUP' } })
  })

  it('applies a new synonyms.txt to the next searches without a reindex (a line it cannot read is skipped)', async () => {
    const search = async (q: string): Promise<SearchResponse> => (await request(fixture.app).get('/api/search').query({ q })).body as SearchResponse
    expect((await search('员工')).total).toBe(0)
    await writeFile(join(fixture.corpusDir, SYNONYMS_FILE), '职工, 员工\n只有一个词\n')
    const deadline = Date.now() + 15_000
    while ((await search('员工')).total === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 200))
    expect((await search('员工')).total).toBe((await search('职工')).total)
    expect((await stats()).reloads).toBe(0)
  })
})
