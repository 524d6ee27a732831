import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { temporaryFolder } from '../helpers/default-engine.js'
import { buildSegmentedIndex } from '../helpers/index-folder.js'
import { describeCounts, type ProbeBounds, runProbeFuzz } from '../helpers/index-mutations.js'
import { type IndexProbe, startIndexProbe } from '../helpers/index-probe.js'

/*
 * Issue 27, fuzzed: an index of three segments (one with tombstones) damaged at random
 * (index-mutations.ts: array elements set to boundary values, bytes flipped, header counts
 * and array bounds edited, files cut or grown, text units replaced, manifest counts,
 * tombstones and segment lists edited), its checksums recomputed, then opened, searched
 * and read in a child process. Each is refused with a coded error or answered with
 * results of the right shape, within a time and memory bound: never a hang, a crash or a
 * stack trace. tests/reliability/forged-index-fuzz.test.ts runs many more, also through
 * the CLI and a running server.
 */

const RUNS = 150
const QUERIES = ['工会', '温暖', '饺子 -工会', '"冬季送温暖"', '第1篇']
const LIMIT = 20
const BOUNDS: ProbeBounds = { ms: 10_000, rssBytes: 1024 ** 3 }

let folder: { path: string, cleanup: () => Promise<void> }
let pristine: string
let probe: IndexProbe

beforeAll(async () => {
  folder = await temporaryFolder('zhsearch-fuzz-')
  pristine = join(folder.path, 'pristine')
  await buildSegmentedIndex(join(folder.path, 'corpus'), pristine)
  probe = await startIndexProbe({ timeoutMs: BOUNDS.ms * 2 })
  expect((await probe.probe({ dir: pristine, queries: QUERIES, limit: LIMIT })).kind).toBe('answered')
})

afterAll(async () => {
  await probe?.close()
  await folder?.cleanup()
})

describe('a randomly damaged index with its checksums recomputed', () => {
  it('is refused with a coded error or answered in the right shape, within time and memory, never hanging or crashing', async () => {
    const counts = await runProbeFuzz(probe, { pristine, root: folder.path, runs: RUNS, queries: QUERIES, limit: LIMIT, bounds: BOUNDS })
    console.log(`forged-index fuzz: ${describeCounts(counts, BOUNDS)}`)
    // Most damage is found when the index is opened.
    expect(counts.refused).toBeGreaterThan(counts.tried / 2)
  })
})
