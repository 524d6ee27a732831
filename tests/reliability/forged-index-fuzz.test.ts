import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, spawnCli } from '../helpers/cli-process.js'
import { temporaryFolder } from '../helpers/default-engine.js'
import { buildSegmentedIndex } from '../helpers/index-folder.js'
import { caseFolder, damageArbitrary, damagedIndex, describeCounts, type ProbeBounds, runProbeFuzz } from '../helpers/index-mutations.js'
import { type IndexProbe, startIndexProbe } from '../helpers/index-probe.js'
import { mebibytes, sampleRss } from '../helpers/process-memory.js'
import { type ServerProcess, serveCopy } from '../helpers/server-process.js'

/*
 * Issue 27, the long run of tests/properties/forged-index.property.test.ts: thousands of
 * randomly damaged indexes (checksums recomputed) opened and searched in a child process,
 * then damaged indexes searched through `zhsearch search` and reloaded into a running
 * `zhsearch serve`. Each is refused with a coded error or answered, within a time and
 * memory bound; never a hang, a crash or a stack trace, and the server never answers 500
 * or stops.
 */

const PROBE_RUNS = 2000
const CLI_RUNS = 40
const SERVE_RUNS = 30
const QUERIES = ['工会', '温暖', '饺子 -工会', '"冬季送温暖"', '第1篇']
const LIMIT = 20
const BOUNDS: ProbeBounds = { ms: 10_000, rssBytes: 1024 ** 3 }
/** A CLI run (Node, Jieba, the index) stays within these on a busy machine. */
const CLI_BOUNDS: ProbeBounds = { ms: 30_000, rssBytes: 1024 ** 3 }

let folder: { path: string, cleanup: () => Promise<void> }
let corpus: string
let pristine: string

beforeAll(async () => {
  await buildCli()
  folder = await temporaryFolder('zhsearch-fuzz-long-')
  corpus = join(folder.path, 'corpus')
  pristine = join(folder.path, 'pristine')
  await buildSegmentedIndex(corpus, pristine)
})

afterAll(async () => {
  await folder?.cleanup()
})

describe('randomly damaged indexes with their checksums recomputed', () => {
  it(`opened and searched ${PROBE_RUNS} times in a child process: refused or answered, in bounds`, { timeout: 900_000 }, async () => {
    const probe: IndexProbe = await startIndexProbe({ timeoutMs: BOUNDS.ms * 2 })
    try {
      const counts = await runProbeFuzz(probe, { pristine, root: folder.path, runs: PROBE_RUNS, queries: QUERIES, limit: LIMIT, bounds: BOUNDS })
      console.log(`forged-index fuzz (library): ${describeCounts(counts, BOUNDS)}`)
    } finally {
      await probe.close()
    }
  })

  it(`searched ${CLI_RUNS} times with \`zhsearch search\`: JSON results or exit 1 with a message, no stack trace`, { timeout: 900_000 }, async () => {
    const counts = { tried: 0, answered: 0, refused: 0, slowestMs: 0, maxRssBytes: 0 }
    await fc.assert(fc.asyncProperty(damageArbitrary, async mutations => {
      const dir = caseFolder(folder.path, 10_000 + counts.tried)
      await damagedIndex(pristine, dir, mutations)
      const started = Date.now()
      const running = spawnCli(['search', '工会', '--json', '--limit', String(LIMIT), '--index', dir], { cwd: folder.path, timeoutMs: CLI_BOUNDS.ms })
      const rss = sampleRss(running.child.pid!, 50)
      const result = await running.done
      const peak = Math.max(0, ...await rss.stop())
      const ms = Date.now() - started
      await rm(dir, { recursive: true, force: true })
      counts.tried++
      counts.slowestMs = Math.max(counts.slowestMs, ms)
      counts.maxRssBytes = Math.max(counts.maxRssBytes, peak)
      const label = `${JSON.stringify(mutations)}: exit ${result.code} ${result.signal ?? ''}\n${result.stderr}`
      expect(ms, label).toBeLessThan(CLI_BOUNDS.ms)
      expect(peak, label).toBeLessThan(CLI_BOUNDS.rssBytes)
      expect(result.stderr, label).not.toMatch(/\n\s+at |RangeError|TypeError|unexpected error/)
      if (result.code === 0) {
        const response = JSON.parse(result.stdout) as { total: number, hits: Array<{ id: string }> }
        expect(Number.isInteger(response.total) && response.total >= 0, label).toBe(true)
        expect(response.hits.length, label).toBeLessThanOrEqual(Math.min(LIMIT, response.total))
        counts.answered++
      } else {
        expect(result.code, label).toBe(1)
        expect(result.stderr, label).toMatch(/^zhsearch: /)
        expect(result.stdout, label).toBe('')
        counts.refused++
      }
    }), { numRuns: CLI_RUNS })
    console.log(`forged-index fuzz (zhsearch search): ${counts.tried} damaged indexes: ${counts.refused} exit 1 with one message, ${counts.answered} answered; slowest ${counts.slowestMs} ms, largest RSS ${mebibytes(counts.maxRssBytes)} MiB, no stack trace`)
  })

  describe('reloaded into a running `zhsearch serve`', () => {
    let server: ServerProcess
    let served: string
    let builds = 0

    beforeAll(async () => {
      served = join(folder.path, 'served')
      server = await serveCopy(pristine, corpus, served)
    })

    afterAll(async () => {
      await server?.stop()
    })

    it(`${SERVE_RUNS} times: each refused (the old index keeps serving) or served, never a 500, the server never stops`, { timeout: 900_000 }, async () => {
      const counts = { tried: 0, refused: 0, served: 0, corruptAnswers: 0 }
      await fc.assert(fc.asyncProperty(damageArbitrary, async mutations => {
        const label = JSON.stringify(mutations)
        const damaged = caseFolder(folder.path, 20_000 + counts.tried)
        await damagedIndex(pristine, damaged, mutations)
        const outcome = await reloadWith(damaged)
        counts.tried++
        counts[outcome]++
        for (const query of QUERIES) {
          const response = await fetch(new URL(`/api/search?q=${encodeURIComponent(query)}&limit=${LIMIT}`, server.url))
          const body = await response.json() as { total?: number, error?: { code: string } }
          expect([200, 503], `${label}: ${query} ${JSON.stringify(body)}`).toContain(response.status)
          if (response.status === 503) {
            expect(body.error?.code, label).toBe('INDEX_UNAVAILABLE')
            counts.corruptAnswers++
          }
        }
        expect(server.child.exitCode, label).toBeNull()
        expect(server.output(), label).not.toMatch(/RangeError|unexpected error/)
        await reloadWith(pristine)
        await rm(damaged, { recursive: true, force: true })
      }), { numRuns: SERVE_RUNS })
      console.log(`forged-index fuzz (zhsearch serve): ${counts.tried} damaged indexes reloaded: ${counts.refused} refused (the old index kept serving), ${counts.served} served (${counts.corruptAnswers} searches answered 503 INDEX_UNAVAILABLE); no 500, the server kept running`)
    })

    /**
     * Writes the index in `source` over the served one, under a build name of its own (the
     * server swaps only to another build), sends SIGHUP, and waits for the reload to be
     * refused or done.
     */
    async function reloadWith (source: string): Promise<'refused' | 'served'> {
      const refusals = refusalCount()
      const reloads = await reloadCount()
      await rm(join(served, 'segments'), { recursive: true, force: true })
      await cp(join(source, 'segments'), join(served, 'segments'), { recursive: true })
      for (const entry of await readdir(join(source))) {
        if (entry === 'segments') continue
        let content = await readFile(join(source, entry), 'utf8')
        if (entry === 'manifest.json') content = content.replace(/"build":"build-[a-z0-9-]+"/, `"build":"build-fuzz-${++builds}"`)
        await writeFile(join(served, entry), content)
      }
      server.child.kill('SIGHUP')
      const deadline = Date.now() + 30_000
      let outcome: 'refused' | 'served' | undefined
      while (outcome === undefined) {
        if (refusalCount() > refusals) outcome = 'refused'
        else if (await reloadCount() > reloads) outcome = 'served'
        else if (Date.now() > deadline) throw new Error(`no reload and no refusal within 30 s:\n${server.output().slice(-2000)}`)
        else await new Promise(resolve => setTimeout(resolve, 100))
      }
      // Let the watcher's reload of the same files (it saw manifest.json change) finish too.
      await new Promise(resolve => setTimeout(resolve, 500))
      return outcome
    }

    function refusalCount (): number {
      return server.output().split('new index refused').length - 1
    }

    async function reloadCount (): Promise<number> {
      const stats = await (await fetch(new URL('/api/stats', server.url))).json() as { reloads: number }
      return stats.reloads
    }
  })
})
