import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { writeGeneratedCorpus } from '../../helpers/cli-corpus.js'
import { buildCli, createWorkspace, runCli, spawnCli, type RunningCli, type Workspace } from '../../helpers/cli-process.js'
import { renameInHugeDocCount } from '../../helpers/hostile-index.js'

/*
 * `zhsearch serve` as a child process: it builds a missing index when asked to
 * (--reindex-if-stale), prints its address on stdout, answers, logs to stderr (JSON lines
 * when stderr is not a terminal, readable lines when asked), and stops cleanly on SIGTERM.
 * What the server serves is tested by the server's own tests.
 */

let workspace: Workspace

beforeAll(async () => {
  await buildCli()
  workspace = await createWorkspace()
})

afterAll(async () => {
  await workspace?.remove()
})

// Each test starts a server, which loads the library, the index and Jieba's dictionary:
// seconds on a busy machine, so the tests get more time than the default.

/** Starts `zhsearch serve` on a free port and resolves with its base URL once it printed it. */
async function startServe (args: readonly string[], env: Record<string, string> = {}): Promise<{ server: RunningCli, url: string }> {
  const server = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1', '--reindex-if-stale', ...args], { cwd: workspace.dir, env })
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/serving http:\/\/127\.0\.0\.1:\d+\//.test(server.stdout())) {
        clearInterval(timer)
        resolve()
      }
    }, 50)
    void server.done.then(result => {
      clearInterval(timer)
      reject(new Error(`zhsearch serve ended (code ${result.code}):\n${result.stderr}`))
    })
  })
  return { server, url: /serving (http:\/\/\S+\/)/.exec(server.stdout())![1]! }
}

describe('zhsearch serve', () => {

  it('indexes a fresh corpus, prints its address, serves searches, logs JSON lines to a pipe and exits 0 on SIGTERM', async () => {
    const { server, url } = await startServe([])
    try {
      const response = await fetch(new URL('/api/search?q=工会', url))
      expect(response.status).toBe(200)
      expect(((await response.json()) as { total: number }).total).toBe(7)
    } finally {
      server.child.kill('SIGTERM')
    }
    const stopped = await server.done

    expect(stopped.code).toBe(0)
    const lines = stopped.stderr.trim().split('\n')
    const logs = lines.map(line => JSON.parse(line) as { level: number, time: number, msg: string, req?: { url: string } })
    expect(logs.map(log => log.msg)).toContain('index ready')
    expect(logs.find(log => log.req !== undefined)?.req?.url).toBe('/api/search?q=%E5%B7%A5%E4%BC%9A')
  }, 60_000)

  it('logs one readable line per event and request with --log-format pretty', async () => {
    const { server, url } = await startServe(['--log-format', 'pretty'])
    try {
      expect((await fetch(new URL('/api/search?q=工会', url))).status).toBe(200)
      expect((await fetch(new URL('/api/search?limit=many', url))).status).toBe(400)
    } finally {
      server.child.kill('SIGTERM')
    }
    const { stderr } = await server.done

    expect(stderr).not.toContain('{"level"')
    expect(stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: zhsearch is serving http:\/\/127\.0\.0\.1:\d+\//m)
    expect(stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/search\?q=工会 200 \d+ ms$/m)
    expect(stderr).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: GET \/api\/search\?limit=many 400 \d+ ms$/m)
    expect(stderr).not.toContain('\u001B[')
  }, 60_000)

  it('exits 2 for a port that is not a number or a log format it does not know, before starting anything', async () => {
    const [port, format] = await Promise.all([
      runCli(['serve', '--port', 'http'], { cwd: workspace.dir }),
      runCli(['serve', '--log-format', 'yaml'], { cwd: workspace.dir }),
    ])

    expect(port.code).toBe(2)
    expect(port.stderr).toContain("option '-p, --port <port>' must be a number")
    expect(format.code).toBe(2)
    expect(format.stderr).toContain("option '--log-format <format>' argument 'yaml' is invalid. Allowed choices are pretty, json.")
  })

  it('serves an index on its own, outside any corpus folder, without calling it out of date', async () => {
    const { server, url } = await startServe(['--corpus', 'no-corpus-here'])
    try {
      expect(((await (await fetch(new URL('/api/search?q=工会', url))).json()) as { total: number }).total).toBe(7)
    } finally {
      server.child.kill('SIGTERM')
    }
    const stopped = await server.done
    expect(stopped.stderr).toContain('no corpus folder at no-corpus-here: serving the index as it is')
    expect(stopped.stderr).not.toContain('out of date')
  }, 120_000)

  it('takes its per-client rate limit from --rate-limit (and RATE_LIMIT), answering 429 with Retry-After past it', async () => {
    const { server, url } = await startServe(['--rate-limit', '3'])
    try {
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let i = 0; i < 5; i++) {
        const response = await fetch(new URL('/api/stats', url))
        statuses.push(response.status)
        if (response.status === 429) retryAfter = response.headers.get('retry-after')
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect(Number(retryAfter)).toBeGreaterThan(0)
    } finally {
      server.child.kill('SIGTERM')
      await server.done
    }
    const { server: unlimited, url: other } = await startServe([], { RATE_LIMIT: '0' })
    try {
      for (let i = 0; i < 700; i += 100) {
        const statuses = await Promise.all(Array.from({ length: 100 }, async () => (await fetch(new URL('/api/stats', other))).status))
        expect(new Set(statuses)).toEqual(new Set([200]))
      }
      expect((await fetch(new URL('/api/stats', other))).status).toBe(200)
    } finally {
      unlimited.child.kill('SIGTERM')
      await unlimited.done
    }
  }, 180_000)

  it('gives up on an index whose open never ends (--reload-timeout): rebuilds it with --reindex-if-stale, else exits 1', async () => {
    const corpus = join(workspace.dir, 'hostile-corpus')
    const index = join(workspace.dir, 'hostile-index')
    await mkdir(corpus)
    await writeGeneratedCorpus(join(corpus, 'generated.jsonl'), 300)
    expect((await runCli(['reindex', '--corpus', corpus, '--index', index], { cwd: workspace.dir })).code).toBe(0)
    await renameInHugeDocCount(index)

    // Cut off at the deadline (its decoding loops 1e9 times), or refused sooner by a check
    // of the count against the file's size: either way `serve` ends instead of hanging.
    const refused = await runCli(['serve', '--port', '0', '--corpus', corpus, '--index', index, '--reload-timeout', '2000'], { cwd: workspace.dir, timeoutMs: 60_000 })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(new RegExp(`opening the index in ${index} took longer than 2000 ms and was abandoned|the index in ${index} is damaged`))

    const { server, url } = await startServe(['--corpus', corpus, '--index', index, '--reload-timeout', '2000'])
    try {
      expect(((await (await fetch(new URL('/api/stats', url))).json()) as { documents: number }).documents).toBe(300)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect((await server.done).stderr).toMatch(/the index cannot be opened \(INDEX_(OPEN_TIMEOUT|CORRUPT)\)/)
  }, 180_000)
})
