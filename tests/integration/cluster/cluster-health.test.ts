import { copyFile, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClusterSearcher, reindexCluster, startNode, stopNode } from '../../../src/internal.js'
import { createApp } from '../../../src/server/create-app.js'
import { EngineHandle } from '../../../src/server/engine-handle.js'
import { clusterSkipReason, startTestCluster, tearDownCluster, type TestCluster } from '../../helpers/cluster-fixture.js'

/*
 * Issue 27: `/healthz` tells the truth for a cluster. A real cluster (2 shards of 2
 * replicas and a head) holding the default page: the server says 200 while every search
 * can be answered completely (also with one replica of a shard down), 503 with the reason
 * while a whole shard or the head does not answer, and 200 again once they are back; the
 * 503 of /api/search names the head's host and port.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

if (clusterSkipReason !== undefined) console.log(clusterSkipReason)

describe.skipIf(clusterSkipReason !== undefined)('GET /healthz over a SphinxQL cluster', () => {
  let cluster: TestCluster
  let corpusDir: string
  let searcher: ClusterSearcher
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    corpusDir = await mkdtemp(join(tmpdir(), 'zhsearch-cluster-health-'))
    for (const file of ['laodong-wubao-page.txt', 'user.dict']) await copyFile(join(ROOT, 'corpus', file), join(corpusDir, file))
    cluster = await startTestCluster({ shards: 2, replicas: 2 })
    await reindexCluster({ corpusDir, engine: cluster.address })
    searcher = await ClusterSearcher.connect(cluster.address)
    const logger = pino({ level: 'silent' })
    app = createApp(new EngineHandle({ indexDir: join(corpusDir, 'no-index'), engine: searcher, logger }), { logger })
  }, 300_000)

  afterAll(async () => {
    await tearDownCluster({ searcher, cluster, corpusDir })
  }, 60_000)

  it('is 200 while every shard has a replica that answers, 503 naming the shard while none of its replicas does', async () => {
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', documents: 7 } })
    const [shard0] = cluster.topology.shards
    await stopNode(shard0![0]!)
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', documents: expect.any(Number) } })
    await stopNode(shard0![1]!)
    const down = await health()
    expect(down.status).toBe(503)
    expect(down.body).toMatchObject({ status: 'unavailable', missingShards: [0] })
    expect(down.body.reason).toMatch(new RegExp(`^shard 0 of the search cluster at 127\\.0\\.0\\.1:${cluster.topology.head.sqlPort} does not answer \\(shard0-replica0 at 127\\.0\\.0\\.1:\\d+, shard0-replica1 at 127\\.0\\.0\\.1:\\d+\\)`))
    // Searches still answer, partially, as before.
    const search = await request(app).get(`/api/search?q=${encodeURIComponent('工会')}`)
    expect(search.status).toBe(200)
    expect(search.body).toMatchObject({ partial: true, missingShards: [0] })
    await Promise.all(shard0!.map(node => startNode(node)))
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', documents: 7 } })
  }, 120_000)

  it('is 503 naming the head\'s host and port while the head does not answer, as is /api/search; 200 once it is back', async () => {
    const { head } = cluster.topology
    await stopNode(head)
    const down = await health()
    expect(down.status).toBe(503)
    expect(down.body).toEqual({ status: 'unavailable', reason: expect.stringContaining(`the search cluster at 127.0.0.1:${head.sqlPort} does not answer`) })
    const search = await request(app).get(`/api/search?q=${encodeURIComponent('工会')}`)
    expect(search.status).toBe(503)
    expect(search.body).toEqual({ error: { code: 'INDEX_UNAVAILABLE', message: expect.stringContaining(`127.0.0.1:${head.sqlPort} does not answer`) } })
    await startNode(head)
    let back = await health()
    // The head may take a moment to reach its agents again.
    for (let i = 0; i < 50 && back.status !== 200; i++) {
      await new Promise(resolve => setTimeout(resolve, 200))
      back = await health()
    }
    expect(back).toEqual({ status: 200, body: { status: 'ok', documents: 7 } })
  }, 120_000)

  async function health (): Promise<{ status: number, body: Record<string, unknown> }> {
    const response = await request(app).get('/healthz')
    return { status: response.status, body: response.body as Record<string, unknown> }
  }
})
