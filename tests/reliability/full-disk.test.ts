import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGeneratedCorpus } from '../helpers/cli-corpus.js'
import { buildCli, createWorkspace, parseJson, runCli, type CliResult, type Workspace } from '../helpers/cli-process.js'
import { DEFAULT_CORPUS } from '../helpers/default-engine.js'
import { listIndexFolder, readManifestSegments, unreferencedSegmentFiles } from '../helpers/index-folder.js'
import { mountTmpfs, resizeTmpfs, unmountTmpfs, usedBytes } from '../helpers/tmpfs.js'

/*
 * Issue 15, full disk: the index lives on a 1 MiB tmpfs, which holds the default corpus's
 * index (about 85 KB) but not that of 3,000 more articles (about 2.5 MB). The reindex that
 * runs out of space fails with a message that says so, leaves the old index answering and
 * the disk as full as it was; so does a second one; and once the disk has room, the next
 * reindex succeeds with no cleanup by hand.
 */

const DISK_SIZE = '1m'
const LARGER_DISK_SIZE = '16m'
const GENERATED = 3_000
const QUERY = '工会'

let workspace: Workspace
let disk: string
let indexDir: string
let notMounted: string | undefined

async function reindex (): Promise<CliResult> {
  return runCli(['reindex', '--workers', '0', '--index', indexDir], { cwd: workspace.dir, timeoutMs: 120_000 })
}

/** What the index answers through the CLI; both commands must succeed. */
async function observeIndex (): Promise<{ documents: number, total: number }> {
  const stats = await runCli(['stats', '--json', '--index', indexDir], { cwd: workspace.dir })
  expect(stats.code, stats.stderr).toBe(0)
  const search = await runCli(['search', QUERY, '--json', '--index', indexDir], { cwd: workspace.dir })
  expect(search.code, search.stderr).toBe(0)
  return { documents: parseJson<{ documents: number }>(stats).documents, total: parseJson<{ total: number }>(search).total }
}

/** The state of the disk that a failed reindex must leave as it found it. */
async function diskState (): Promise<{ used: number, files: { top: string[], segments: string[] } }> {
  return { used: await usedBytes(disk), files: await listIndexFolder(indexDir) }
}

/** The failure on stderr, after the progress lines (`zhsearch reindex: …`): one line, no stack trace. */
function outOfSpaceMessage (result: CliResult): string {
  expect(result.code, result.stderr).toBe(1)
  const lines = result.stderr.trim().split('\n').filter(line => !line.startsWith('zhsearch reindex: '))
  expect(lines, result.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(/ENOSPC|no space left/i)
  expect(lines[0]).toContain('disk is full')
  return lines[0]!
}

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace({ seedPage: false })
  await cp(DEFAULT_CORPUS, workspace.corpus, { recursive: true })
  disk = join(workspace.dir, 'disk')
  indexDir = join(disk, 'index')
  await mkdir(disk)
  notMounted = await mountTmpfs(disk, DISK_SIZE)
  if (notMounted !== undefined) console.log(`full disk: skipped, a tmpfs cannot be mounted here (${notMounted}); run as root`)
})

afterAll(async () => {
  if (notMounted === undefined && disk !== undefined) await unmountTmpfs(disk)
  await workspace?.remove()
})

describe('reindex on a full disk', { timeout: 240_000 }, () => {
  it('fails saying the disk is full, keeps the old index and the disk as they were, and succeeds once there is room', async ({ skip }) => {
    if (notMounted !== undefined) skip()
    // Arrange: the default corpus indexed on the small disk, then a corpus that cannot fit.
    expect((await reindex()).code).toBe(0)
    const old = await observeIndex()
    const before = await diskState()
    await writeGeneratedCorpus(join(workspace.corpus, 'generated.jsonl'), GENERATED)

    // Act and assert: two failures in a row, each leaving nothing behind.
    let message = ''
    for (const attempt of [1, 2]) {
      message = outOfSpaceMessage(await reindex())
      expect(await observeIndex(), `after failure ${attempt}`).toEqual(old)
      expect(await diskState(), `after failure ${attempt}`).toEqual(before)
    }

    // Room on the disk: the next reindex succeeds on its own.
    await resizeTmpfs(disk, LARGER_DISK_SIZE)
    const previous = await readManifestSegments(indexDir)
    const succeeded = await reindex()
    expect(succeeded.code, succeeded.stderr).toBe(0)
    const now = await observeIndex()
    expect(now.documents).toBe(old.documents + GENERATED)
    expect(now.total).toBeGreaterThan(old.total)
    const files = await listIndexFolder(indexDir)
    expect(files.top).toEqual(['manifest.json', 'segments'])
    expect(unreferencedSegmentFiles(files.segments, await readManifestSegments(indexDir), previous)).toEqual([])

    console.log(`full disk: 2 reindexes failed on a ${DISK_SIZE} tmpfs (${before.used} bytes used before and after each), then succeeded on ${LARGER_DISK_SIZE}: ${old.documents} → ${now.documents} documents. The message: ${message}`)
  })
})
