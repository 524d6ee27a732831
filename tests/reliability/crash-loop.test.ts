import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../scripts/lib/seeded-random.js'
import { writeGeneratedCorpus } from '../helpers/cli-corpus.js'
import { buildCli, createWorkspace, parseJson, runCli, spawnCli, type Workspace } from '../helpers/cli-process.js'
import { listIndexFolder, readManifestSegments, segmentFilesOf, unreferencedSegmentFiles } from '../helpers/index-folder.js'

/*
 * Issue 15, crash loop: `zhsearch reindex --full` is killed with SIGKILL (a crash, an OOM
 * kill) at seeded random moments, again and again, on 3,000 articles. After every kill the
 * index on disk is the old one or the new one, whole: `stats` and `search` answer, with the
 * documents and totals of one of the two corpora. Afterwards an ordinary reindex finishes
 * and leaves only the segment files of its manifest and of the previous one.
 *
 * The corpus alternates between two states (with and without a small extra file), so every
 * run has a new index to write and "old" and "new" can be told apart. `--full` makes every
 * run rebuild all 3,000 articles, so kills land in reading, indexing and saving alike.
 */

const GENERATED = 3_000
// Ten sentences an article: about 4.4 MB, above the size at which `--workers 2` starts threads.
const PARAGRAPHS = 10
const EXTRA = 60
const SEED_ARTICLES = 7
const QUERY = '工会'
const MIN_KILLS = 20
const MAX_RUNS = 34
const SEED = 15

type Workers = 0 | 2

/** A corpus state and what its finished index answers. */
interface IndexState {
  name: 'base' | 'extra'
  documents: number
  total: number
}

/** How a reindex run that the test meant to kill ended. */
interface RunOutcome {
  killed: boolean
  /** Whether it had reached the 'saving' phase when it was killed or ended. */
  saving: boolean
}

let workspace: Workspace
const random = seededRandom(SEED)
/** How long an unkilled `reindex --full` takes with each number of workers, in ms. */
const runMs = new Map<Workers, number>()
let savingMs = 0
const states = {} as Record<IndexState['name'], IndexState>
/** Segment files of a whole build (of the larger state). */
let buildFiles = 0

const extraFile = (): string => join(workspace.corpus, 'extra.jsonl')

async function setCorpus (state: IndexState['name']): Promise<void> {
  if (state === 'extra') await writeGeneratedCorpus(extraFile(), EXTRA, 2)
  else await rm(extraFile(), { force: true })
}

/**
 * What the index on disk answers now, through the CLI; both commands must succeed. They
 * run side by side: each spends most of its time starting (loading Jieba), not searching.
 */
async function observeIndex (): Promise<{ documents: number, total: number }> {
  const [stats, search] = await Promise.all([
    runCli(['stats', '--json'], { cwd: workspace.dir }),
    runCli(['search', QUERY, '--json'], { cwd: workspace.dir }),
  ])
  expect(stats.code, stats.stderr).toBe(0)
  expect(search.code, search.stderr).toBe(0)
  return { documents: parseJson<{ documents: number }>(stats).documents, total: parseJson<{ total: number }>(search).total }
}

/** Runs `reindex --full` to the end, timing it and its saving phase. */
async function timedReindex (workers: Workers): Promise<void> {
  const started = performance.now()
  const running = spawnCli(['reindex', '--full', '--workers', String(workers)], { cwd: workspace.dir, timeoutMs: 120_000 })
  let savingAt = Number.NaN
  running.waitForStderr(/^zhsearch reindex: saving: /m).then(() => { savingAt = performance.now() }, () => {})
  const result = await running.done
  expect(result.code, result.stderr).toBe(0)
  expect(savingAt, 'the reindex never said it was saving').not.toBeNaN()
  const ended = performance.now()
  runMs.set(workers, ended - started)
  savingMs = Math.max(savingMs, ended - savingAt)
}

/**
 * Starts `reindex --full` and kills it: after a random share of a whole run's time, or,
 * with `whileSaving`, a random moment after it says it is saving.
 */
async function killedReindex (workers: Workers, whileSaving: boolean): Promise<RunOutcome> {
  const running = spawnCli(['reindex', '--full', '--workers', String(workers)], { cwd: workspace.dir, timeoutMs: 120_000 })
  let saving = false
  const sawSaving = running.waitForStderr(/^zhsearch reindex: saving: /m).then(() => { saving = true }, () => {})
  if (whileSaving) await sawSaving
  // Up to 90% of a run: runs vary, and one that ends before its kill is not a kill.
  await new Promise(resolve => setTimeout(resolve, random() * 0.9 * (whileSaving ? savingMs : runMs.get(workers)!)))
  const killed = running.child.exitCode === null && running.child.kill('SIGKILL')
  const result = await running.done
  if (!killed) expect(result.code, result.stderr).toBe(0)
  return { killed: killed && result.signal === 'SIGKILL', saving }
}

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace()
  await writeGeneratedCorpus(join(workspace.corpus, 'generated.jsonl'), GENERATED, 1, { paragraphs: PARAGRAPHS })
  // Unkilled runs of both states: their answers, and how long a run takes.
  for (const [name, workers] of [['extra', 0], ['base', 2]] as const) {
    await setCorpus(name)
    await timedReindex(workers)
    states[name] = { name, ...(await observeIndex()) }
    buildFiles = Math.max(buildFiles, segmentFilesOf(await readManifestSegments(workspace.index)).length)
  }
})

afterAll(async () => {
  await workspace?.remove()
})

/** What the kills did, for the summary and the last assertions. */
interface Tally {
  runs: number
  kills: number
  threads: number
  saving: number
  leftNew: number
  mostSegmentFiles: number
}

const otherState = (state: IndexState): IndexState => state.name === 'base' ? states.extra : states.base

/**
 * Kills one `reindex --full` from the index of `current` towards the other corpus state,
 * then checks that the index answers as one of the two; returns the one it is.
 */
async function killOnce (current: IndexState, tally: Tally): Promise<IndexState> {
  const target = otherState(current)
  await setCorpus(target.name)
  const run = ++tally.runs
  // One run in five on the main thread (the slowest), one in five killed while saving.
  const workers: Workers = run % 5 === 3 ? 0 : 2
  const outcome = await killedReindex(workers, run % 5 === 0)

  const seen = await observeIndex()
  expect([current.documents, target.documents], `run ${run}`).toContain(seen.documents)
  const now = seen.documents === target.documents ? target : current
  expect(seen.total, `run ${run}: the ${now.name} index`).toBe(now.total)
  if (!outcome.killed) expect(now, `run ${run} finished`).toBe(target)
  if (outcome.killed) {
    tally.kills++
    if (workers > 0) tally.threads++
    if (outcome.saving) tally.saving++
    if (now === target) tally.leftNew++
  }
  tally.mostSegmentFiles = Math.max(tally.mostSegmentFiles, (await listIndexFolder(workspace.index)).segments.length)
  return now
}

// About 25 reindexes of 3,000 articles, each followed by two CLI calls: four to five
// minutes on an idle machine, twice that on a busy one.
describe('reindex killed with SIGKILL again and again', { timeout: 900_000 }, () => {
  it('leaves the old or the new index after every kill, and the next reindex finishes and cleans up', async () => {
    expect(states.base.documents).toBe(SEED_ARTICLES + GENERATED)
    expect(states.extra.documents).toBe(SEED_ARTICLES + GENERATED + EXTRA)
    expect(states.extra.total).toBeGreaterThan(states.base.total)

    // Act and assert, run by run.
    const tally: Tally = { runs: 0, kills: 0, threads: 0, saving: 0, leftNew: 0, mostSegmentFiles: 0 }
    let current = states.base
    while (tally.kills < MIN_KILLS && tally.runs < MAX_RUNS) current = await killOnce(current, tally)

    // The ordinary next reindex, towards the other state so that it writes a new index.
    const target = otherState(current)
    await setCorpus(target.name)
    const previous = await readManifestSegments(workspace.index)
    const finished = await runCli(['reindex', '--workers', '2'], { cwd: workspace.dir, timeoutMs: 120_000 })
    expect(finished.code, finished.stderr).toBe(0)
    expect(await observeIndex()).toEqual({ documents: target.documents, total: target.total })
    const folder = await listIndexFolder(workspace.index)
    expect(folder.top).toEqual(['manifest.json', 'segments'])
    expect(unreferencedSegmentFiles(folder.segments, await readManifestSegments(workspace.index), previous)).toEqual([])

    console.log(`crash loop: ${tally.kills} kills in ${tally.runs} reindexes of ${GENERATED + SEED_ARTICLES} articles (${tally.threads} on worker threads, ${tally.saving} while saving, ${tally.leftNew} left the new index); at most ${tally.mostSegmentFiles} segment files after a kill (a build has ${buildFiles}); ${folder.segments.length} after the final reindex`)
    expect(tally.kills).toBeGreaterThanOrEqual(MIN_KILLS)
    expect(tally.threads).toBeGreaterThan(0)
    expect(tally.saving).toBeGreaterThan(0)
    // Bounded between saves too: the current build, the previous one, one interrupted.
    expect(tally.mostSegmentFiles).toBeLessThanOrEqual(3 * buildFiles)
  })
})
