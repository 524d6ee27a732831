import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIndexedWorkspace, createWorkspace, parseJson, ROOT, runCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * `zhsearch search`, `--help`, `--version` and exit codes, through the built CLI as a
 * child process, on a temporary copy of the default corpus.
 */

interface JsonHit { id: string, title: string, score: number, snippets: string[], byline?: string }
interface JsonResponse { query: string, total: number, offset: number, limit: number, hits: JsonHit[], tookMs: number }

let workspace: Workspace

beforeAll(async () => {
  workspace = await createIndexedWorkspace()
})

afterAll(async () => {
  await workspace?.remove()
})

// Each CLI run loads Node, the library and the index: a second or more on a busy machine.
describe('zhsearch search', { timeout: 60_000 }, () => {
  it('finds all seven articles for 工会, numbered, with matches marked 【…】 when stdout is not a terminal', async () => {
    const result = await runCli(['search', '工会'], { cwd: workspace.dir })

    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^7 results for 工会/)
    expect(result.stdout.match(/^ {2}\d\. /gm)).toHaveLength(7)
    expect(result.stdout).toContain('【工会】')
    expect(result.stdout).toContain('本报讯（记者 刘欣欣）')
    expect(result.stdout).not.toContain('\u001B[')
    expect(result.stdout).not.toContain('<mark>')
    expect(result.stdout).toContain('Showing 1–7 of 7.')
  })

  it('prints one JSON object with query, total, hits (id, title, score, snippets) and tookMs', async () => {
    const result = await runCli(['search', '饺子', '--json'], { cwd: workspace.dir })

    expect(result.code).toBe(0)
    const response = parseJson<JsonResponse>(result)
    expect(response).toMatchObject({ query: '饺子', offset: 0, limit: 10 })
    expect(response.total).toBeGreaterThan(0)
    expect(typeof response.tookMs).toBe('number')
    for (const hit of response.hits) {
      expect(hit).toEqual(expect.objectContaining({ id: expect.any(String), title: expect.any(String), score: expect.any(Number), snippets: expect.any(Array) }))
    }
    expect(response.hits[0]!.title).toContain('冬至饺子')
    expect(response.hits[0]!.snippets.join('')).toContain('<mark>饺子</mark>')
  })

  it('answers in a fresh process (which cuts the query without loading Jieba) exactly as the library does', async () => {
    const { SearchEngine } = await import('../../../src/index.js')
    const engine = await SearchEngine.open(join(workspace.dir, 'index'))
    for (const query of ['工会', '北京市總工會', '冬至饺子', '职工 服务 -饺子', '"送温暖"', '怎么提高职工的福利待遇', '刘欣欣', '首开天岳恒公司工会举办', 'gonghui', '工会干部培训班']) {
      const result = await runCli(['search', query, '--json', '--limit', '20'], { cwd: workspace.dir })
      const library = await engine.search({ query, limit: 20 })
      const response = parseJson<JsonResponse>(result)

      expect(response.hits.map(hit => `${hit.id} ${hit.score}`), query).toEqual(library.hits.map(hit => `${hit.id} ${hit.score}`))
      expect(response.hits.map(hit => hit.snippets), query).toEqual(library.hits.map(hit => hit.snippets))
      expect(response.total, query).toBe(library.total)
    }
  })

  it('reports the search\'s own time, not the loading of the index and of Jieba\'s dictionary', async () => {
    const started = performance.now()
    const result = await runCli(['search', '工会'], { cwd: workspace.dir })
    const processMs = performance.now() - started

    expect(result.code).toBe(0)
    const shown = /^7 results for 工会 \((\d+(?:\.\d+)?) (ms|s)\)$/m.exec(result.stdout)
    expect(shown, result.stdout).not.toBeNull()
    const shownMs = Number(shown![1]) * (shown![2] === 's' ? 1000 : 1)
    // Starting Node, loading the library, the index and the dictionary take nearly all of
    // the process's time; a search of seven articles, a few milliseconds of it.
    expect(shownMs).toBeLessThan(processMs / 4)
  })

  it('pages with --limit and --offset, and says how to get the next page', async () => {
    const [json, text] = await Promise.all([
      runCli(['search', '工会', '--limit', '2', '--offset', '5', '--json'], { cwd: workspace.dir }),
      runCli(['search', '工会', '--limit', '2', '--offset', '2'], { cwd: workspace.dir }),
    ])

    const page = parseJson<JsonResponse>(json)
    expect(page).toMatchObject({ total: 7, offset: 5, limit: 2 })
    expect(page.hits).toHaveLength(2)
    expect(text.stdout).toContain('Showing 3–4 of 7.')
    expect(text.stdout).toContain('Next page: zhsearch search 工会 --offset 4 --limit 2')
    expect(text.stdout).toMatch(/^ {2}3\. /m)
  })

  it('reads -word as an exclusion and "…" as a phrase, not as options', async () => {
    const [excluded, phrase] = await Promise.all([
      runCli(['search', '工会', '-饺子', '--json'], { cwd: workspace.dir }),
      runCli(['search', '"冬季送温暖"', '--json'], { cwd: workspace.dir }),
    ])

    expect(excluded.code, excluded.stderr).toBe(0)
    expect(parseJson<JsonResponse>(excluded).total).toBe(6)
    expect(parseJson<JsonResponse>(phrase).total).toBe(1)
  })

  it('colours the matches when asked to (FORCE_COLOR), as on a terminal', async () => {
    const result = await runCli(['search', '刘欣欣'], { cwd: workspace.dir, env: { FORCE_COLOR: '1' } })

    expect(result.code).toBe(0)
    expect(result.stdout).toContain('\u001B[1;33m刘欣欣\u001B[22;39m')
    expect(result.stdout).not.toContain('【刘欣欣】')
  })

  it('says how to build an index when there is none, exits 1, and shows no stack trace', async () => {
    const empty = await createWorkspace()
    try {
      const result = await runCli(['search', '工会'], { cwd: empty.dir })

      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain('no index in index')
      expect(result.stderr).toContain('run `zhsearch reindex`')
      expect(result.stderr).not.toMatch(/^\s+at /m)
    } finally {
      await empty.remove()
    }
  })

  it('spells out --index in the advice for another index folder, and shows the stack with --verbose', async () => {
    const result = await runCli(['search', '工会', '--index', 'elsewhere', '--verbose'], { cwd: workspace.dir })

    expect(result.code).toBe(1)
    expect(result.stderr).toContain('zhsearch reindex --index elsewhere')
    expect(result.stderr).toMatch(/^\s+at /m)
  })
})

describe('zhsearch usage errors', () => {
  it.each([
    { args: ['search'], message: "missing required argument 'query'" },
    { args: ['search', '工会', '--limit', 'abc'], message: "option '-n, --limit <n>' must be a number" },
    { args: ['search', '工会', '--limit', '-1'], message: 'must be at least 0' },
    { args: ['search', '工会', '--limt', '3'], message: "unknown option '--limt'" },
    { args: ['serach', '工会'], message: 'Did you mean search?' },
    { args: ['reindex', '--workers', 'many'], message: "option '-w, --workers <n>' must be a number" },
    { args: ['dict', 'delete', '某词'], message: "unknown command 'delete'" },
  ])('exits 2 for zhsearch $args.0 … with "$message"', async ({ args, message }) => {
    const result = await runCli(args, { cwd: workspace.dir })

    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(message)
    expect(result.stderr).toContain('--help')
  })

  it('shows the help on stderr and exits 2 when no command is given', async () => {
    const result = await runCli([], { cwd: workspace.dir })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Usage: zhsearch')
  })
})

// Each CLI run loads Node, the library and the index: a second or more on a busy machine.
describe('zhsearch --help and --version', { timeout: 60_000 }, () => {
  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const result = await runCli(['--version'], { cwd: workspace.dir })

    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe(version)
  })

  it('has help with Chinese examples for every command', async () => {
    const commands = [[], ['reindex'], ['search'], ['serve'], ['stats'], ['analyze'], ['dict'], ['dict', 'add'], ['dict', 'list']]
    const results = await Promise.all(commands.map(command => runCli([...command, '--help'], { cwd: workspace.dir })))

    results.forEach((result, i) => {
      const name = ['zhsearch', ...commands[i]!].join(' ')
      expect(result.code, name).toBe(0)
      expect(result.stdout, name).toContain(`Usage: ${name}`)
      expect(result.stdout, name).toContain('Examples:')
      expect(result.stdout, name).toMatch(/zhsearch .*\p{Script=Han}/u)
    })
  })
})
