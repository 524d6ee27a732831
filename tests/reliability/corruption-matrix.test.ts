import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededRandom } from '../../scripts/lib/seeded-random.js'
import { INDEX_FORMAT_VERSION, isZhsearchError, SearchEngine } from '../../src/internal.js'
import { buildCli, runCli } from '../helpers/cli-process.js'
import { editJson, flipByte, removeFile, replaceBytes, replaceUtf16Text, truncateFile } from '../helpers/corrupt-file.js'
import { temporaryFolder } from '../helpers/default-engine.js'
import { buildSegmentedIndex, readManifestSegments } from '../helpers/index-folder.js'
import { type ServerProcess, serveCopy } from '../helpers/server-process.js'

/*
 * Issue 15, corruption matrix: every file of a saved index (the manifest and each segment's
 * .zix and .ztx) is damaged in turn, in every way below, in a copy of the index. Opening
 * the copy is refused with a ZhsearchError that says what is wrong, and never throws
 * anything else; where damage to the manifest is harmless (a flipped byte in a date), the
 * index answers exactly as before. The CLI refuses with one line and no stack trace, and a
 * running server refuses to reload a damaged index and keeps answering from the old one (a
 * damaged segment under the same build is not read again: a SIGHUP finds the build unchanged).
 */

const SEED = 15
const QUERIES = ['工会', '饺子', '温暖', '职工 -饺子', '"冬季送温暖"']
/** Codes that refuse a damaged index; INDEX_NOT_FOUND only for a missing manifest. */
const REFUSALS = new Set(['INDEX_CORRUPT', 'INDEX_FORMAT_MISMATCH', 'INDEX_ANALYZER_MISMATCH'])

type FileKind = 'manifest' | 'zix' | 'ztx'

/** A way to damage one file. `harmless` damage may leave an index that still reads right. */
interface Damage {
  name: string
  kinds: readonly FileKind[]
  apply (path: string): Promise<boolean>
  /** The refusal this damage must get, when only one is right. */
  code?: string
  mayBeHarmless?: boolean
}

/** What SearchEngine.open made of a damaged index. */
type Outcome =
  | { opened: false, code: string, message: string }
  | { opened: true, answers: Answers }

type Answers = Array<{ query: string, total: number, ids: string[] }>

const random = seededRandom(SEED)
const flips = Array.from({ length: 3 }, (_, i) => ({ offset: Math.floor(random() * (i === 0 ? 64 : 1 << 30)), mask: 1 + Math.floor(random() * 255) }))

const DAMAGES: Damage[] = [
  { name: 'truncated to half', kinds: ['manifest', 'zix', 'ztx'], apply: path => truncateFile(path, 0.5) },
  { name: 'truncated to zero bytes', kinds: ['manifest', 'zix', 'ztx'], apply: path => truncateFile(path, 0) },
  ...flips.map(({ offset, mask }) => ({
    name: `byte ${offset} xor ${mask}`,
    kinds: ['manifest', 'zix', 'ztx'] as const,
    apply: (path: string) => flipByte(path, offset, mask),
    mayBeHarmless: true,
  })),
  { name: 'missing', kinds: ['zix', 'ztx'], apply: removeFile, code: 'INDEX_CORRUPT' },
  { name: 'missing', kinds: ['manifest'], apply: removeFile, code: 'INDEX_NOT_FOUND' },
  { name: '工会 edited to 工合', kinds: ['ztx'], apply: path => replaceUtf16Text(path, '工会', '工合'), code: 'INDEX_CORRUPT' },
  { name: 'header docCount edited', kinds: ['zix'], apply: editHeaderDocCount, code: 'INDEX_CORRUPT' },
  { name: 'documentCount edited', kinds: ['manifest'], apply: path => editJson(path, json => ({ ...json, documentCount: (json.documentCount as number) + 1 })), code: 'INDEX_CORRUPT' },
  { name: `formatVersion ${INDEX_FORMAT_VERSION - 1} (older)`, kinds: ['manifest'], apply: path => editJson(path, json => ({ ...json, formatVersion: INDEX_FORMAT_VERSION - 1 })), code: 'INDEX_FORMAT_MISMATCH' },
  {
    name: `formatVersion ${INDEX_FORMAT_VERSION + 1} (from the future)`,
    kinds: ['manifest'],
    apply: path => editJson(path, json => ({ ...json, formatVersion: INDEX_FORMAT_VERSION + 1, shards: [{ name: 'shard-0' }] })),
    code: 'INDEX_FORMAT_MISMATCH',
  },
]

/** Changes the document count in a segment file's JSON header, keeping its length. */
async function editHeaderDocCount (path: string): Promise<boolean> {
  const head = (await readFile(path)).subarray(0, 4096).toString('latin1')
  const found = /"docCount":(\d+)/.exec(head)
  if (found === null) return false
  const digits = found[1]!
  const edited = digits.slice(0, -1) + String((Number(digits.at(-1)) + 1) % 10)
  return replaceBytes(path, Buffer.from(found[0], 'latin1'), Buffer.from(`"docCount":${edited}`, 'latin1'))
}

let folder: { path: string, cleanup: () => Promise<void> }
let corpus: string
let pristine: string
let pristineAnswers: Answers
/** The index's files, relative to its folder. */
let files: Array<{ file: string, kind: FileKind }>
let caseCount = 0

function kindOf (file: string): FileKind {
  return file.endsWith('.zix') ? 'zix' : file.endsWith('.ztx') ? 'ztx' : 'manifest'
}

async function answersOf (engine: SearchEngine): Promise<Answers> {
  const answers: Answers = []
  for (const query of QUERIES) {
    const response = await engine.search({ query, limit: 100 })
    answers.push({ query, total: response.total, ids: response.hits.map(hit => hit.id) })
  }
  return answers
}

async function openOutcome (dir: string): Promise<Outcome> {
  let engine: SearchEngine
  try {
    engine = await SearchEngine.open(dir)
  } catch (error) {
    if (!isZhsearchError(error)) throw new Error(`SearchEngine.open threw ${(error as Error).name}, not a ZhsearchError: ${(error as Error).stack}`)
    return { opened: false, code: error.code, message: error.message }
  }
  return { opened: true, answers: await answersOf(engine) }
}

/**
 * A copy of the pristine index, as `index/` of a folder of its own, with one file damaged;
 * undefined when the damage does not apply.
 */
async function damagedCopy (file: string, damage: Damage): Promise<string | undefined> {
  const dir = join(folder.path, `case-${++caseCount}`, 'index')
  await cp(pristine, dir, { recursive: true })
  return (await damage.apply(join(dir, file))) ? dir : undefined
}

function expectRefusal (outcome: Outcome, damage: Damage, kind: FileKind, label: string): void {
  if (outcome.opened) {
    expect(damage.mayBeHarmless === true && kind === 'manifest', `${label}: opened a damaged index`).toBe(true)
    expect(outcome.answers, `${label}: opened, with other results`).toEqual(pristineAnswers)
    return
  }
  if (damage.code !== undefined) expect(outcome.code, label).toBe(damage.code)
  else expect([...REFUSALS], label).toContain(outcome.code)
  // The message names the index and says what is wrong.
  expect(outcome.message, label).toMatch(/^zhsearch: .*index/)
  if (outcome.code === 'INDEX_CORRUPT') expect(outcome.message, label).toMatch(/damaged \(.+\)/)
  if (outcome.code === 'INDEX_FORMAT_MISMATCH') expect(outcome.message, label).toMatch(/has format \S+, this version reads format \d+/)
  if (kind !== 'manifest') expect(outcome.message, label).toMatch(/segment|no such file/)
}

beforeAll(async () => {
  await buildCli()
  folder = await temporaryFolder('zhsearch-corruption-')
  corpus = join(folder.path, 'corpus')
  pristine = join(folder.path, 'pristine')
  await buildSegmentedIndex(corpus, pristine)
  pristineAnswers = await answersOf(await SearchEngine.open(pristine))
  const segmentFiles = (await readdir(join(pristine, 'segments'))).sort().map(file => join('segments', file))
  files = ['manifest.json', ...segmentFiles].map(file => ({ file, kind: kindOf(file) }))
})

afterAll(async () => {
  await folder?.cleanup()
})

describe('a damaged index', { timeout: 240_000 }, () => {
  it('is refused with a ZhsearchError that says what is wrong, for every file and every damage', async () => {
    const manifest = await readManifestSegments(pristine)
    expect(manifest.segments.length).toBeGreaterThanOrEqual(2)
    expect(pristineAnswers[0]!.total).toBeGreaterThan(0)

    const counts = { cases: 0, refused: 0, harmless: 0 }
    for (const { file, kind } of files) {
      for (const damage of DAMAGES.filter(damage => damage.kinds.includes(kind))) {
        const dir = await damagedCopy(file, damage)
        const label = `${file} ${damage.name}`
        expect(dir, `${label}: could not be applied`).toBeDefined()
        const outcome = await openOutcome(dir!)
        expectRefusal(outcome, damage, kind, label)
        counts.cases++
        counts[outcome.opened ? 'harmless' : 'refused']++
      }
    }

    console.log(`corruption matrix: ${counts.cases} corruptions of ${files.length} files (${manifest.segments.length} segments): ${counts.refused} refused, ${counts.harmless} harmless manifest byte flips answering as before`)
    expect(counts.refused).toBeGreaterThan(counts.cases * 0.8)
  })

  it('makes `zhsearch search` exit 1 with one line and no stack trace', async () => {
    // Every damage of the manifest and of the first segment's two files: the CLI shows
    // the same refusal whichever segment it is.
    const firstSegment = basename(files.find(({ kind }) => kind === 'zix')!.file, '.zix')
    let checked = 0
    for (const { file, kind } of files.filter(({ file }) => file === 'manifest.json' || file.includes(firstSegment))) {
      for (const damage of DAMAGES.filter(damage => damage.kinds.includes(kind) && damage.mayBeHarmless !== true)) {
        const dir = (await damagedCopy(file, damage))!
        // Run where the damaged copy is the default index/, as a person would.
        const result = await runCli(['search', '工会', '--json'], { cwd: dirname(dir) })
        const label = `${file} ${damage.name}: ${result.stderr}`
        expect(result.code, label).toBe(1)
        expect(result.stdout, label).toBe('')
        // Without a manifest there is no index: the CLI's first-run advice follows its line.
        if (damage.code !== 'INDEX_NOT_FOUND') expect(result.stderr.trim().split('\n'), label).toHaveLength(1)
        expect(result.stderr, label).toMatch(/^zhsearch: /)
        expect(result.stderr, label).not.toMatch(/\n\s+at /)
        checked++
      }
    }
    console.log(`corruption matrix: \`zhsearch search\` refused ${checked} damaged indexes, exit code 1, no stack trace`)
  })

  describe('under a running server', () => {
    let server: ServerProcess
    let served: string

    beforeAll(async () => {
      served = join(folder.path, 'served')
      server = await serveCopy(pristine, corpus, served)
    })

    afterAll(async () => {
      await server?.stop()
    })

    it('refuses to reload a damaged index and keeps answering from the old one', async () => {
      const before = await getJson<{ build: string, reloads: number }>('/api/stats')
      const zix = files.filter(({ kind }) => kind === 'zix').map(({ file }) => file)
      const ztx = files.find(({ kind }) => kind === 'ztx')!.file
      const cases: Array<[string, Damage]> = [
        ['manifest.json', DAMAGES.find(damage => damage.name === 'truncated to half')!],
        ['manifest.json', DAMAGES.find(damage => damage.name.includes('future'))!],
        [zix[0]!, DAMAGES.find(damage => damage.name.startsWith('byte'))!],
        [ztx, DAMAGES.find(damage => damage.name.includes('工合'))!],
        [zix.at(-1)!, DAMAGES.find(damage => damage.name === 'missing' && damage.kinds.includes('zix'))!],
      ]
      for (const [file, damage] of cases) {
        const refusals = refusalCount()
        expect(await damage.apply(join(served, file))).toBe(true)
        if (file !== 'manifest.json') {
          // The server holds the index it opened: a SIGHUP with the same build reads only
          // the manifest and never the damaged file. A new build naming the file is opened.
          const last = (await getJson<{ lastReload?: { at: string } }>('/api/stats')).lastReload?.at
          server.child.kill('SIGHUP')
          await waitForAsync(async () => {
            const { lastReload } = await getJson<{ lastReload?: { at: string, status: string, reason: string } }>('/api/stats')
            return lastReload !== undefined && lastReload.at !== last && lastReload.reason === 'SIGHUP' && lastReload.status === 'unchanged'
          }, `${file} ${damage.name}: an unchanged SIGHUP`)
          await editJson(join(served, 'manifest.json'), manifest => ({ ...manifest, build: `${String(manifest.build)}-again` }))
        }
        server.child.kill('SIGHUP')
        await waitFor(() => refusalCount() > refusals, `${file} ${damage.name}: a refused reload`)

        const found = await getJson<{ total: number, hits: Array<{ id: string }> }>(`/api/search?q=${encodeURIComponent('工会')}&limit=100`)
        expect({ total: found.total, ids: found.hits.map(hit => hit.id) }, `${file} ${damage.name}`).toEqual({ total: pristineAnswers[0]!.total, ids: pristineAnswers[0]!.ids })
        expect(await getJson('/api/stats'), `${file} ${damage.name}`).toMatchObject({ build: before.build, reloads: 0 })
        // The served build's manifest first: a reload between the two writes must not find
        // the new build naming a segment file already repaired (it would be served).
        if (file !== 'manifest.json') await writeFile(join(served, 'manifest.json'), await readFile(join(pristine, 'manifest.json')))
        await writeFile(join(served, file), await readFile(join(pristine, file)))
        // Let the watcher's reload of the restored file (unchanged) finish before the next damage.
        await new Promise(resolve => setTimeout(resolve, 500))
      }
      console.log(`corruption matrix: a running server refused ${cases.length} damaged indexes and kept serving build ${before.build}`)
    })

    function refusalCount (): number {
      return server.output().split('new index refused').length - 1
    }

    async function getJson<T = unknown> (path: string): Promise<T> {
      const response = await fetch(new URL(path, server.url))
      expect(response.status, path).toBe(200)
      return (await response.json()) as T
    }
  })
})

/** Polls `condition` every 100 ms for up to 30 s (a reload on a busy machine takes a while). */
async function waitFor (condition: () => boolean, what: string): Promise<void> {
  await waitForAsync(async () => condition(), what)
}

async function waitForAsync (condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`waited 30 s for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 100))
  }
}
