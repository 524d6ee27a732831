import { cp, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MANIFEST_FILE } from '../../src/internal.js'
import type { SearchResponse, StatsResponse } from '../../src/server/api-types.js'
import { readProcStatus } from '../../src/server/process-stats.js'
import { writeGeneratedCorpus } from '../helpers/cli-corpus.js'
import { buildCli, runCli } from '../helpers/cli-process.js'
import { DEFAULT_CORPUS, temporaryFolder } from '../helpers/default-engine.js'
import { mebibytes } from '../helpers/process-memory.js'
import { type ServerProcess, startBuiltServer } from '../helpers/server-process.js'

/*
 * Issue 26, a server that runs for months: the built `zhsearch serve` while `zhsearch
 * reindex` rewrites its index ten times (a file of 200 articles added, then removed) and
 * it gets five SIGHUPs with the index unchanged. Every reload used to start a search
 * thread that loaded Jieba's dictionary again (+240 MB each, never freed) and a SIGHUP left
 * a thread behind. Now: the RSS after the last step is within 150 MB of the RSS after the
 * first reload, the process has the same OS threads throughout, and every answer, taken
 * all along, is the old index's or the new one's.
 */

const RELOADS = 10
const SIGHUPS = 5
const EXTRA = 200
/** What the server may hold on top of its state after the first reload: garbage not yet collected, a second index during a swap. */
const RSS_GROWTH_BOUND = 150 * 2 ** 20
const PICKUP_TIMEOUT_MS = 60_000
const PROBE = '工会'

let folder: { path: string, cleanup: () => Promise<void> }
let corpusDir: string
let indexDir: string
let server: ServerProcess

beforeAll(async () => {
  await buildCli()
  folder = await temporaryFolder('zhsearch-months-')
  corpusDir = join(folder.path, 'corpus')
  indexDir = join(folder.path, 'index')
  await cp(DEFAULT_CORPUS, corpusDir, { recursive: true })
  await writeGeneratedCorpus(join(corpusDir, 'generated.jsonl'), 1_000)
  server = await startBuiltServer({ corpusDir, indexDir, rateLimit: 0, timeoutMs: 120_000 })
})

afterAll(async () => {
  await server?.stop()
  await folder?.cleanup()
})

async function getJson<T> (path: string): Promise<T> {
  const response = await fetch(new URL(path, server.url))
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
  return await response.json() as T
}

const stats = (): Promise<StatsResponse> => getJson<StatsResponse>('/api/stats')
const probeTotal = async (): Promise<number> => (await getJson<SearchResponse>(`/api/search?q=${encodeURIComponent(PROBE)}`)).total

/** Polls /api/stats until `done` holds. */
async function waitForStats (done: (stats: StatsResponse) => boolean, what: string): Promise<StatsResponse> {
  const deadline = Date.now() + PICKUP_TIMEOUT_MS
  for (;;) {
    const current = await stats()
    if (done(current)) return current
    if (Date.now() > deadline) throw new Error(`the server did not ${what} within ${PICKUP_TIMEOUT_MS / 1000} s:\n${server.output().slice(-2_000)}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

function sample (): { rssBytes: number, threads: number } {
  const status = readProcStatus(server.child.pid!)
  if (status === undefined) throw new Error(`the server has ended:\n${server.output().slice(-2_000)}`)
  return status
}

describe('a server that runs for months', { timeout: 300_000 }, () => {
  it('reloads ten times and answers five SIGHUPs without growing, on the same threads, answering correctly throughout', async () => {
    const extraFile = join(corpusDir, 'extra.jsonl')
    const totalWithout = await probeTotal()
    const started = sample()

    // A probe all along: every answer is one index's (checked at the end, against both totals).
    const totals: number[] = []
    let probing = true
    const probe = (async () => {
      while (probing) {
        totals.push(await probeTotal())
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    })()

    const steps: Array<{ step: string, rssBytes: number, threads: number }> = []
    let totalWith: number | undefined
    try {
      for (let i = 1; i <= RELOADS; i++) {
        const adding = i % 2 === 1
        if (adding) await writeGeneratedCorpus(extraFile, EXTRA, 2)
        else await rm(extraFile)
        const reindexed = await runCli(['reindex', '--corpus', corpusDir, '--index', indexDir], { cwd: folder.path })
        expect(reindexed.code, reindexed.stderr).toBe(0)
        const { build } = JSON.parse(await readFile(join(indexDir, MANIFEST_FILE), 'utf8')) as { build: string }
        const served = await waitForStats(current => current.build === build, `serve build ${build}`)
        const total = await probeTotal()
        if (adding) totalWith ??= total
        expect(total, `after reload ${i}`).toBe(adding ? totalWith : totalWithout)
        expect(served.reloads).toBe(i)
        steps.push({ step: `reload ${i}`, ...sample() })
      }
      for (let i = 1; i <= SIGHUPS; i++) {
        const before = (await stats()).lastReload?.at
        process.kill(server.child.pid!, 'SIGHUP')
        const after = await waitForStats(current => current.lastReload?.reason === 'SIGHUP' && current.lastReload.at !== before, 'answer a SIGHUP')
        expect(after.lastReload?.status).toBe('unchanged')
        expect(after.reloads).toBe(RELOADS)
        steps.push({ step: `SIGHUP ${i}`, ...sample() })
      }
    } finally {
      probing = false
      await probe
    }

    // Assert (the figures first, so that a failure still reports them)
    const first = steps[0]!
    const last = steps.at(-1)!
    console.log(`months: start RSS ${mebibytes(started.rssBytes)} MiB, ${started.threads} threads; ${steps.map(step => `${step.step} ${mebibytes(step.rssBytes)} MiB/${step.threads}`).join(', ')}`)
    console.log(`months: ${totals.length} probe answers, totals ${totalWithout} or ${totalWith}`)
    expect(totals.filter(total => total !== totalWithout && total !== totalWith)).toEqual([])
    expect(last.rssBytes - first.rssBytes).toBeLessThanOrEqual(RSS_GROWTH_BOUND)
    expect(steps.map(step => step.threads)).toEqual(steps.map(() => started.threads))
    expect((await stats()).process.threads).toBe(started.threads)
    expect(server.output()).not.toMatch(/"level":50/)
  })
})
