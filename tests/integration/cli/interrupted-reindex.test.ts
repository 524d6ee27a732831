import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGeneratedCorpus } from '../../helpers/cli-corpus.js'
import { buildCli, createWorkspace, parseJson, runCli, spawnCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * A reindex killed part-way (SIGKILL, as a crash or an OOM kill would; SIGINT, as Ctrl-C)
 * leaves the previous index usable: searches still answer from it, with the old results.
 * The reindexes run with `--workers 2` (the generated corpus is below the size at which
 * threads start, so they build on the main thread; live-updates.test.ts compares thread
 * and main-thread builds).
 */

interface JsonResponse { total: number }
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

  it('finishes on the next run, on worker threads, and cleans up what the killed runs left', async () => {
    const finished = await runCli(['reindex', '--workers', '2', '--json'], { cwd: workspace.dir })

    expect(finished.code, finished.stderr).toBe(0)
    expect(parseJson<{ documents: number }>(finished).documents).toBe(SEED_ARTICLES + GENERATED)
    // The generated articles are searchable now (they are made of the seed page's sentences).
    expect(await searchTotal('工会')).toBeGreaterThan(SEED_ARTICLES)
    // The segments of the index just written and of the one it replaced (a reader may
    // still hold it); nothing the killed runs wrote.
    const manifest = JSON.parse(await readFile(join(workspace.dir, 'index', 'manifest.json'), 'utf8')) as { segments: Array<{ name: string }> }
    const files = await readdir(join(workspace.dir, 'index', 'segments'))
    for (const segment of manifest.segments) expect(files).toContain(`${segment.name}.zix`)
    expect(files.length).toBeLessThanOrEqual(2 * (manifest.segments.length + 2))
  })
})
