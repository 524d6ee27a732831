import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeGeneratedCorpus } from '../../helpers/cli-corpus.js'
import { createIndexedWorkspace, createWorkspace, ROOT, runCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * Issue 20, item 4: without nodejieba's native binary (npm install --ignore-scripts, another
 * Node ABI, a copy without build/), every command that needs Jieba (all but `search`, which
 * cuts its query with the port of Jieba's cut over its model files), and the library's open()
 * and WorkerSearcher.open(), say what is wrong (Jieba's native module could not be loaded,
 * Node's reason, `npm rebuild nodejieba`), in one line with exit code 1, never INDEX_CORRUPT.
 * The failure is simulated by a preload hook (tests/helpers/native-module-hook.cjs) that
 * makes the binary's require fail as Node does, in the process and in its worker threads.
 */
const HOOK = join(ROOT, 'tests', 'helpers', 'native-module-hook.cjs')
const MODES = [
  { mode: 'missing', reason: /nodejieba\.node/ },
  { mode: 'broken', reason: /not-a-binary\.node: (invalid ELF header|file too short)/ },
] as const

let workspace: Workspace
/** A corpus big enough (500 articles) for `reindex --workers 2` to build on segment threads. */
let threaded: Workspace

beforeAll(async () => {
  workspace = await createIndexedWorkspace()
  threaded = await createWorkspace()
  await writeGeneratedCorpus(join(threaded.corpus, 'generated.jsonl'), 500)
}, 300_000)
afterAll(async () => {
  await workspace?.remove()
  await threaded?.remove()
})

const env = (mode: string): Record<string, string> => ({ NODE_OPTIONS: `--require ${HOOK}`, ZHSEARCH_TEST_NATIVE: mode })

function expectJiebaLine (stderr: string, reason: RegExp, label: string): void {
  const lines = stderr.trim().split('\n').filter(line => !line.startsWith('zhsearch reindex: '))
  expect(lines, label).toHaveLength(1)
  expect(lines[0], label).toMatch(/^zhsearch: Jieba's native module \(nodejieba\) could not be loaded: /)
  expect(lines[0], label).toMatch(reason)
  expect(lines[0], label).toContain('npm rebuild nodejieba')
  expect(lines[0], label).toMatch(/g\+\+, make and python3/)
  expect(stderr, label).not.toMatch(/INDEX_CORRUPT|damaged|\n\s+at /)
}

describe.each(MODES)('without a loadable native module ($mode)', ({ mode, reason }) => {
  it('zhsearch search needs no native module: it cuts the query without Jieba and answers as with it', async () => {
    const [broken, working] = await Promise.all([
      runCli(['search', '北京市總工會 送温暖', '--json'], { cwd: workspace.dir, env: env(mode), timeoutMs: 60_000 }),
      runCli(['search', '北京市總工會 送温暖', '--json'], { cwd: workspace.dir, timeoutMs: 60_000 }),
    ])
    expect(broken.code, broken.stderr).toBe(0)
    const hits = (result: typeof broken): string[] => (JSON.parse(result.stdout) as { hits: Array<{ id: string, score: number }> }).hits.map(hit => `${hit.id} ${hit.score}`)
    expect(hits(broken).length).toBeGreaterThan(0)
    expect(hits(broken)).toEqual(hits(working))
  })

  it.each([
    ['reindex', ['reindex', '--full']],
    ['analyze', ['analyze', '北京市总工会']],
    ['serve', ['serve', '--port', '0', '--host', '127.0.0.1']],
  ])('zhsearch %s exits 1 with one line saying so', async (label, args) => {
    const result = await runCli(args, { cwd: workspace.dir, env: env(mode), timeoutMs: 60_000 })
    expect(result.code, result.stderr).toBe(1)
    expectJiebaLine(result.stderr, reason, label)
  })

  it('zhsearch reindex --workers 2 says so when the segment threads cannot load it', async () => {
    const result = await runCli(['reindex', '--workers', '2'], { cwd: threaded.dir, env: env(mode), timeoutMs: 60_000 })
    expect(result.code, result.stderr).toBe(1)
    expectJiebaLine(result.stderr, reason, 'reindex --workers 2')
  })

  it('SearchEngine.open() and WorkerSearcher.open() reject with JIEBA_UNAVAILABLE', async () => {
    const script = join(workspace.dir, `open-${mode}.mjs`)
    await writeFile(script, `
      const { SearchEngine, WorkerSearcher } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)})
      const outcome = async open => open().then(() => 'opened', error => ({ code: error.code, message: error.message }))
      console.log(JSON.stringify({ engine: await outcome(() => SearchEngine.open('index')), worker: await outcome(() => WorkerSearcher.open('index')) }))
    `)
    const result = await runCli([], { cwd: workspace.dir, env: env(mode), timeoutMs: 60_000, script })
    expect(result.code, result.stderr).toBe(0)
    const outcomes = JSON.parse(result.stdout) as Record<'engine' | 'worker', { code: string, message: string }>
    for (const [which, outcome] of Object.entries(outcomes)) {
      expect(outcome.code, which).toBe('JIEBA_UNAVAILABLE')
      expectJiebaLine(outcome.message, reason, which)
    }
  })
})

describe('with the native module', () => {
  it('the same workspace searches (the hook is what broke it)', async () => {
    const result = await runCli(['search', '工会', '--json'], { cwd: workspace.dir })
    expect(result.code, result.stderr).toBe(0)
  })
})
