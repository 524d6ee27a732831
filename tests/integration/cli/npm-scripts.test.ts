import { once } from 'node:events'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCli, ROOT, runCli, spawnCli } from '../../helpers/cli-process.js'

/*
 * The README's first command is `npm install && npm start`, and `npm run reindex` builds the
 * index by hand: both run the CLI with the arguments package.json gives them, in a clone
 * whose index/ already holds the repository's own index/README.md. This runs exactly those
 * arguments (read from package.json) in a copy of the repository's corpus/ and index/: the
 * page's 7 articles for 工会 are served, and index/README.md is left as it was.
 */

let dir: string
let readme: string

beforeAll(async () => {
  await buildCli()
  dir = await mkdtemp(join(tmpdir(), 'zhsearch-npm-scripts-'))
  // What a clone holds: corpus/ and index/ with only its README.md (the index is git-ignored).
  await cp(join(ROOT, 'corpus'), join(dir, 'corpus'), { recursive: true })
  await mkdir(join(dir, 'index'))
  await cp(join(ROOT, 'index', 'README.md'), join(dir, 'index', 'README.md'))
  readme = await readFile(join(ROOT, 'index', 'README.md'), 'utf8')
})

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

/** What a server answers to `request` sent raw (UTF-8) on a fresh connection, read until it closes. */
async function rawAnswer (url: URL, request: string): Promise<string> {
  const socket = connect(Number(url.port), url.hostname)
  try {
    await once(socket, 'connect')
    socket.write(Buffer.from(request, 'utf8'))
    const chunks: Buffer[] = []
    for await (const chunk of socket) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  } finally {
    socket.destroy()
  }
}

/** The CLI arguments of an npm script that runs `node dist/cli/main.js …`. */
async function scriptArguments (name: string): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const [node, cli, ...args] = scripts[name]!.split(/\s+/)
  expect([node, cli]).toEqual(['node', 'dist/cli/main.js'])
  return args
}

describe('the npm scripts of a fresh clone', () => {
  it('npm start indexes corpus/ into index/ beside its README.md and serves the page', async () => {
    const server = spawnCli([...await scriptArguments('start'), '--port', '0', '--host', '127.0.0.1'], { cwd: dir })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const served = /serving (http:\/\/\S+\/)/.exec(server.stdout())
          if (served !== null) {
            clearInterval(timer)
            resolve(served[1]!)
          }
        }, 50)
        void server.done.then(result => {
          clearInterval(timer)
          reject(new Error(`npm start's command ended (code ${result.code}):\n${result.stderr}`))
        })
      })
      const page = await fetch(url)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<input')
      const found = await (await fetch(new URL('/api/search?q=工会', url))).json() as { total: number }
      expect(found.total).toBe(7)
      // What the parser refuses gets the API's JSON error shape here too (a real server).
      expect(await rawAnswer(new URL(url), 'GET /api/search?q=工会 HTTP/1.1\r\nHost: localhost\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[^]*\r\n\r\n\{"error":\{"code":"MALFORMED_REQUEST"/)
    } finally {
      server.child.kill('SIGTERM')
    }
    expect((await server.done).code).toBe(0)
    expect(await readFile(join(dir, 'index', 'README.md'), 'utf8')).toBe(readme)
  }, 90_000)

  it('npm run reindex rebuilds it there, README.md untouched', async () => {
    const result = await runCli([...await scriptArguments('reindex'), '--full'], { cwd: dir })

    expect(result.stderr).not.toContain('INDEX_DIR_NOT_EMPTY')
    expect(result.code).toBe(0)
    expect(await readFile(join(dir, 'index', 'README.md'), 'utf8')).toBe(readme)
    const search = await runCli(['search', '工会', '--json'], { cwd: dir })
    expect((JSON.parse(search.stdout) as { total: number }).total).toBe(7)
  }, 90_000)
})
