import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { portOpen } from '../../../src/cluster/cluster-process.js'
import { buildCli, createWorkspace, parseJson, runCli, type Workspace } from '../../helpers/cli-process.js'
import { clusterSkipReason } from '../../helpers/cluster-fixture.js'
import { trackDaemonFolder, untrackDaemonFolder } from '../../helpers/test-processes.js'

if (clusterSkipReason !== undefined) console.log(clusterSkipReason)

async function freeBasePort (ports: number): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 30_000)
    const taken = await Promise.all(Array.from({ length: ports }, (_, i) => portOpen('127.0.0.1', candidate + i)))
    if (!taken.includes(true)) return candidate
  }
}

let workspace: Workspace

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace()
}, 300_000)

afterAll(async () => {
  await workspace?.remove()
})

describe('zhsearch --engine', () => {
  it('names host and port and exits with 1 when the cluster does not answer', async () => {
    const port = await freeBasePort(1)
    const result = await runCli(['search', '工会', '--engine', `sphinxql://127.0.0.1:${port}`], { cwd: workspace.dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`127.0.0.1:${port}`)
    expect(result.stderr).toMatch(/does not answer/)
  })

  it('refuses an address that is not sphinxql://HOST:PORT', async () => {
    const result = await runCli(['stats', '--engine', 'mysql://127.0.0.1:9306'], { cwd: workspace.dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('sphinxql://HOST:PORT')
  })
})

describe.skipIf(clusterSkipReason !== undefined)('zhsearch cluster', () => {
  it('inits, starts, indexes, searches, shows stats and stops a cluster, leaving no process', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'zhsearch-cli-cluster-'))
    trackDaemonFolder(dir, 'the cluster of `zhsearch cluster start`')
    const base = await freeBasePort(5)
    const engine = `sphinxql://127.0.0.1:${base}`
    try {
      const init = await runCli(['cluster', 'init', '--shards', '2', '--dir', dir, '--base-port', String(base)], { cwd: workspace.dir })
      expect(init.code, init.stderr).toBe(0)
      expect(init.stdout).toContain(`--engine ${engine}`)
      const start = await runCli(['cluster', 'start', '--dir', dir], { cwd: workspace.dir, timeoutMs: 60_000 })
      expect(start.code, start.stderr).toBe(0)
      const reindex = await runCli(['reindex', '--engine', engine], { cwd: workspace.dir, timeoutMs: 120_000 })
      expect(reindex.code, reindex.stderr).toBe(0)
      expect(reindex.stdout).toMatch(/7 added/)
      const search = parseJson<{ total: number, hits: Array<{ snippets: string[] }> }>(await runCli(['search', '工会', '--engine', engine, '--json'], { cwd: workspace.dir, timeoutMs: 60_000 }))
      expect(search.total).toBe(7)
      expect(search.hits[0]!.snippets[0]).toContain('<mark>工会</mark>')
      const stats = parseJson<{ documents: number, shards: Array<{ documents: number, replicas: Array<{ up: boolean }> }> }>(await runCli(['stats', '--engine', engine, '--json'], { cwd: workspace.dir, timeoutMs: 60_000 }))
      expect(stats.documents).toBe(7)
      expect(stats.shards.map(shard => shard.documents).reduce((a, b) => a + b)).toBe(7)
      expect(stats.shards.every(shard => shard.replicas.every(replica => replica.up))).toBe(true)
    } finally {
      const stop = await runCli(['cluster', 'stop', '--dir', dir], { cwd: workspace.dir, timeoutMs: 60_000 })
      expect(stop.stdout).toContain('Stopped head')
      for (let port = base; port < base + 5; port++) expect(await portOpen('127.0.0.1', port)).toBe(false)
      untrackDaemonFolder(dir)
      await rm(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
