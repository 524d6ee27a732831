import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGeneratedCorpus } from '../../helpers/cli-corpus.js'
import { buildCli, createWorkspace, parseJson, runCli, spawnCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * A reindex killed part-way (SIGKILL, as a crash or an OOM kill would; SIGINT, as Ctrl-C)
 * leaves the previous index usable: searches still answer from it, with the old results.
 * The reindex that runs on 1,000 new articles uses worker threads, so these tests also
 * exercise the analyze pool of the built CLI.
 */

interface JsonResponse { total: number, hits: Array<{ id: string, score: number, snippets: string[] }> }
interface JsonStats { documents: number, freshness: { stale: boolean, added: string[] } }

const GENERATED = 1000
const SEED_ARTICLES = 7

let workspace: Workspace

async function searchTotal (query: string, index = 'index'): Promise<number> {
  const result = await runCli(['search', query, '--json', '--index', index], { cwd: workspace.dir })
  expect(result.code, result.stderr).toBe(0)
  return parseJson<JsonResponse>(result).total
}

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace()
  const first = await runCli(['reindex'], { cwd: workspace.dir })
  expect(first.code, first.stderr).toBe(0)
  await writeGeneratedCorpus(join(workspace.corpus, 'generated.jsonl'), GENERATED)
})

afterAll(async () => {
  await workspace?.remove()
})

describe('an interrupted reindex', () => {
  it('leaves the previous index usable, with the old results, when killed with SIGKILL while indexing', async () => {
    const running = spawnCli(['reindex', '--workers', '2'], { cwd: workspace.dir })
    await running.waitForStderr(/^zhsearch reindex: indexing: 0\/1,000 articles/m)
    running.child.kill('SIGKILL')
    const killed = await running.done

    expect(killed.signal).toBe('SIGKILL')
    expect(await searchTotal('工会')).toBe(SEED_ARTICLES)
    const stats = await runCli(['stats', '--json'], { cwd: workspace.dir })
    expect(parseJson<JsonStats>(stats)).toMatchObject({ documents: SEED_ARTICLES, freshness: { stale: true, added: ['generated.jsonl'] } })
  })

  it('says the index was kept and exits 130 when stopped with SIGINT (Ctrl-C)', async () => {
    const running = spawnCli(['reindex', '--workers', '2'], { cwd: workspace.dir })
    await running.waitForStderr(/^zhsearch reindex: indexing: 0\//m)
    running.child.kill('SIGINT')
    const stopped = await running.done

    expect(stopped.code).toBe(130)
    expect(stopped.stderr).toContain('reindex interrupted. index/ is as it was before')
    expect(await searchTotal('工会')).toBe(SEED_ARTICLES)
  })

  it('leaves either the old index or the new one, never a broken one, when killed while saving', async () => {
    const running = spawnCli(['reindex', '--workers', '2'], { cwd: workspace.dir })
    await running.waitForStderr(/^zhsearch reindex: saving: /m)
    running.child.kill('SIGKILL')
    await running.done

    const total = await searchTotal('工会')
    const stats = parseJson<JsonStats>(await runCli(['stats', '--json'], { cwd: workspace.dir }))
    expect([SEED_ARTICLES, SEED_ARTICLES + GENERATED]).toContain(stats.documents)
    expect(total).toBeLessThanOrEqual(stats.documents)
    expect(total).toBeGreaterThanOrEqual(SEED_ARTICLES)
  })

  it('finishes on the next run, with the same results from worker threads as from the main thread', async () => {
    const [threads, mainThread] = [
      await runCli(['reindex', '--workers', '2', '--json'], { cwd: workspace.dir }),
      await runCli(['reindex', '--full', '--workers', '0', '--index', 'index-main-thread', '--json'], { cwd: workspace.dir }),
    ]
    expect(threads.code, threads.stderr).toBe(0)
    expect(mainThread.code, mainThread.stderr).toBe(0)
    expect(parseJson<{ documents: number }>(threads).documents).toBe(SEED_ARTICLES + GENERATED)

    for (const query of ['工会', '"冬季送温暖"']) {
      const [a, b] = await Promise.all([
        runCli(['search', query, '--json', '--limit', '20'], { cwd: workspace.dir }),
        runCli(['search', query, '--json', '--limit', '20', '--index', 'index-main-thread'], { cwd: workspace.dir }),
      ])
      const fromThreads = parseJson<JsonResponse>(a)
      const fromMain = parseJson<JsonResponse>(b)
      expect(fromThreads.total, query).toBe(fromMain.total)
      expect(fromThreads.hits.map(hit => [hit.id, hit.snippets]), query).toEqual(fromMain.hits.map(hit => [hit.id, hit.snippets]))
      fromThreads.hits.forEach((hit, i) => expect(hit.score, `${query}: ${hit.id}`).toBeCloseTo(fromMain.hits[i]!.score, 2))
    }
    // Builds left by the killed runs are cleaned up by the one that finished.
    expect((await readdir(join(workspace.dir, 'index'))).filter(entry => entry.startsWith('build-')).length).toBeLessThanOrEqual(2)
  }, 60_000)
})
