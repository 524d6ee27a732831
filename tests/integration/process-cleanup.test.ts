import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runCli } from '../helpers/cli-process.js'
import { clusterSkipReason } from '../helpers/cluster-fixture.js'

/*
 * Issue 20, item 10: a test that fails or times out and leaves what it started running (a
 * `zhsearch serve`, a cluster's searchd daemons) does not leave it running after the suite,
 * and the suite fails, naming it. This runs the suite's own machinery (vitest with
 * tests/helpers/global-setup.ts) on tests that do that on purpose
 * (tests/fixtures/process-cleanup/), with a temporary folder and a process registry of its
 * own, so that it never touches what this run's other tests started.
 */
let scratch: string
let run: { code: number, output: string }

/** Processes whose command line names a path inside `dir`. */
async function processesUnder (dir: string): Promise<string[]> {
  const found: string[] = []
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    const line = await readFile(`/proc/${name}/cmdline`, 'utf8').then(text => text.split('\0').join(' ').trim(), () => '')
    if (line.includes(dir)) found.push(`${name}: ${line.slice(0, 160)}`)
  }
  return found
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'zhsearch-process-cleanup-'))
  // A vitest of its own: none of this run's VITEST_* settings.
  const env: Record<string, string | undefined> = { TMPDIR: scratch, ZHSEARCH_TEST_REGISTRY: join(scratch, 'registry'), NODE_OPTIONS: undefined }
  for (const name of Object.keys(process.env)) if (name.startsWith('VITEST')) env[name] = undefined
  const result = await runCli(['run', '--config', 'tests/fixtures/process-cleanup/vitest.config.ts'], { cwd: ROOT, env, script: join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), timeoutMs: 240_000 })
  run = { code: result.code ?? -1, output: `${result.stdout}\n${result.stderr}` }
}, 300_000)

afterAll(async () => {
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true })
})

describe('a run whose tests leave processes behind', () => {
  it('fails, naming what was left', () => {
    expect(run.code, run.output).toBe(1)
    expect(run.output).toMatch(/the tests left \d+ process\(es\) running \(now stopped\)/)
    expect(run.output).toContain('zhsearch serve')
    if (clusterSkipReason === undefined) expect(run.output).toMatch(/a test cluster \(1 shards × 2 replicas\): \d+ searchd process/)
  })

  it('leaves none of them running', async () => {
    expect(run.output).toMatch(/SERVER \d+/)
    // Every process of the run (servers, searchd with their config files) had a path in the scratch folder.
    expect(await processesUnder(scratch)).toEqual([])
    const server = Number(/SERVER (\d+)/.exec(run.output)![1])
    expect(await readFile(`/proc/${server}/cmdline`, 'utf8').catch(() => ''), 'the server').toBe('')
  })
})
