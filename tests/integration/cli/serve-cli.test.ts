import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, createWorkspace, runCli, spawnCli, type Workspace } from '../../helpers/cli-process.js'

/*
 * `zhsearch serve` as a child process: it builds a missing index when asked to
 * (--reindex-if-stale), prints its address on stdout, answers, and stops cleanly on SIGTERM.
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

describe('zhsearch serve', () => {
  it('indexes a fresh corpus, prints its address, serves searches and exits 0 on SIGTERM', async () => {
    const server = spawnCli(['serve', '--port', '0', '--host', '127.0.0.1', '--reindex-if-stale'], { cwd: workspace.dir, env: { LOG_LEVEL: 'warn' } })
    try {
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
      const url = /serving (http:\/\/\S+\/)/.exec(server.stdout())![1]!

      const response = await fetch(new URL('/api/search?q=工会', url))
      expect(response.status).toBe(200)
      expect(((await response.json()) as { total: number }).total).toBe(7)
    } finally {
      server.child.kill('SIGTERM')
    }
    const stopped = await server.done
    expect(stopped.code).toBe(0)
  })

  it('exits 2 for a port that is not a number, before starting anything', async () => {
    const result = await runCli(['serve', '--port', 'http'], { cwd: workspace.dir })

    expect(result.code).toBe(2)
    expect(result.stderr).toContain("option '-p, --port <port>' must be a number")
  })
})
