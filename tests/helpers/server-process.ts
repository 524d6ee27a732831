import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { once } from 'node:events'
import { cp } from 'node:fs/promises'
import { createServer } from 'node:net'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { trackChild } from './test-processes.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BUILT_SERVER = fileURLToPath(new URL('../../dist/server/start-server.js', import.meta.url))
const BUILT_PAGE = fileURLToPath(new URL('../../dist/server/page/index.html', import.meta.url))
const BUILT_CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))
const BUILT_SERVE_COMMAND = fileURLToPath(new URL('../../dist/cli/commands/serve-command.js', import.meta.url))

/** A server running from `dist/` in a child process. */
export interface ServerProcess {
  url: string
  port: number
  child: ChildProcess
  /** How it was started: through the CLI (`zhsearch serve`) or `startServer` directly. */
  via: 'cli' | 'start-server'
  /** Everything the process wrote to stdout and stderr so far. */
  output (): string
  /** Sends a signal and waits for the exit code. */
  stop (signal?: NodeJS.Signals): Promise<number | null>
}

/** A free TCP port on the loopback interface. */
export async function freePort (): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Options of {@link startBuiltServer}. */
export interface BuiltServerOptions {
  corpusDir: string
  indexDir: string
  /** How long to wait for `/healthz`; indexing a large corpus first takes longer. Defaults to 30 s. */
  timeoutMs?: number
  /** API requests one client may make per minute; `0` turns the limit off. Defaults to the server's own (600). */
  rateLimit?: number
}

/**
 * Starts the built server (`npm run build` first) on a free loopback port, indexing
 * `corpusDir` into `indexDir` if needed, and waits until `/healthz` answers 200.
 * Goes through `zhsearch serve` when the CLI is built, else calls `startServer`.
 */
export async function startBuiltServer ({ corpusDir, indexDir, timeoutMs = 30_000, rateLimit }: BuiltServerOptions): Promise<ServerProcess> {
  if (!existsSync(BUILT_SERVER) || !existsSync(BUILT_PAGE)) {
    throw new Error('dist/server is not built: run `npx tsc -p tsconfig.build.json && node scripts/copy-assets.mjs` (npm run build) first')
  }
  const port = await freePort()
  const via = existsSync(BUILT_CLI) && existsSync(BUILT_SERVE_COMMAND) ? 'cli' : 'start-server'
  const args = via === 'cli'
    ? [BUILT_CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--index', indexDir, '--corpus', corpusDir, '--reindex-if-stale', ...(rateLimit !== undefined ? ['--rate-limit', String(rateLimit)] : [])]
    : ['--input-type=module', '-e', `
        const { startServer } = await import(${JSON.stringify(pathToFileURL(BUILT_SERVER).href)})
        await startServer(JSON.parse(process.env.ZHSEARCH_TEST_SERVER))
      `]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      ZHSEARCH_TEST_SERVER: JSON.stringify({ indexDir, corpusDir, port, host: '127.0.0.1', reindexIfStale: true, logLevel: 'warn', ...(rateLimit !== undefined ? { app: { rateLimit: { limit: rateLimit === 0 ? Number.MAX_SAFE_INTEGER : rateLimit, windowMs: 60_000 } } } : {}) }),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  trackChild(child, `the built server on port ${port} (${via})`)
  let output = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk })
  const exited = once(child, 'exit').then(([code]) => code as number | null)

  const url = `http://127.0.0.1:${port}/`
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready:\n${output}`)
    try {
      if ((await fetch(new URL('/healthz', url))).status === 200) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server did not answer /healthz within ${timeoutMs} ms:\n${output}`)
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }

  return {
    url,
    port,
    child,
    via,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

/** Starts the built server on a copy (in `servedDir`) of the index in `indexDir`, so that a test may damage the copy under it. */
export async function serveCopy (indexDir: string, corpusDir: string, servedDir: string): Promise<ServerProcess> {
  await cp(indexDir, servedDir, { recursive: true })
  return startBuiltServer({ corpusDir, indexDir: servedDir })
}
