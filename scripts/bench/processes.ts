/**
 * Running things in other processes and measuring them from the outside: wall time, peak
 * resident memory (VmHWM from /proc, Linux), the load average seen meanwhile; the HTTP
 * server under autocannon.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { CLI, ROOT, type BenchQuery } from './common.js'
import type { ChildOptions, ChildResult } from './child.js'

export interface ProcessRun {
  wallMs: number
  stdout: string
  /** Peak resident memory (VmHWM), bytes; undefined where /proc cannot be read. */
  peakRssBytes?: number
  /** Mean 1-minute load average while it ran. */
  load: number
}

export const TSX = ['--import', 'tsx']

/** Runs a command to its end; rejects with its stderr when it fails or outlives `timeoutMs`. */
export async function runMeasured (args: readonly string[], timeoutMs: number, label: string): Promise<ProcessRun> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-20_000) })
  // VmHWM is the peak so far: the last reading before the exit is (nearly) the peak.
  let peakRssBytes: number | undefined
  const loads: number[] = [loadavg()[0]!]
  const poll = setInterval(() => {
    loads.push(loadavg()[0]!)
    readFile(`/proc/${child.pid}/status`, 'utf8').then(status => {
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1]
      if (kb !== undefined) peakRssBytes = Number(kb) * 1024
    }, () => {})
  }, 100)
  const timer = setTimeout(() => { child.kill('SIGKILL') }, timeoutMs)
  const { code, signal } = await new Promise<{ code: number | null, signal: NodeJS.Signals | null }>(resolve => child.on('close', (code, signal) => resolve({ code, signal })))
  clearInterval(poll)
  clearTimeout(timer)
  const wallMs = performance.now() - started
  if (code !== 0) {
    const why = signal === 'SIGKILL' && wallMs >= timeoutMs ? `timed out after ${Math.round(timeoutMs / 1000)} s` : `exited with ${code ?? signal}`
    throw new Error(`${label} ${why}: ${stderr.trim().split('\n').slice(-5).join(' | ')}`)
  }
  const load = loads.reduce((sum, value) => sum + value, 0) / loads.length
  return { wallMs, stdout, ...(peakRssBytes !== undefined ? { peakRssBytes } : {}), load }
}

/** `zhsearch <args>` through the built CLI. */
export function runCli (args: readonly string[], timeoutMs: number): Promise<ProcessRun> {
  return runMeasured([CLI, ...args], timeoutMs, `zhsearch ${args[0]}`)
}

/** One measurement in a fresh process: see child.ts. */
export async function runChild (kind: string, workDir: string, options: Partial<ChildOptions>, timeoutMs: number, nodeFlags: readonly string[] = []): Promise<ChildResult & { load: number }> {
  const run = await runMeasured([...nodeFlags, '--expose-gc', ...TSX, join(ROOT, 'scripts', 'bench', 'child.ts'), kind, workDir, JSON.stringify(options)], timeoutMs, `${kind} child`)
  const last = run.stdout.trimEnd().split('\n').at(-1) ?? ''
  return { ...(JSON.parse(last) as ChildResult), load: run.load }
}

export interface HttpResult {
  /** From spawning the server to the answer of its first search. */
  firstAnswerMs: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  requests: number
  non2xx: number
  errors: number
  connections: number
  seconds: number
}

/**
 * Times `zhsearch serve` (the CLI) from its spawn to its first answer; then starts the
 * same server with the rate limit lifted (serve.ts) and drives it with autocannon:
 * `connections` keep-alive connections for `seconds`, cycling through the query mix,
 * after a warm-up (20 queries one by one, then a third of that time under load).
 */
export async function benchHttp (indexDir: string, queries: readonly BenchQuery[], connections: number, seconds: number): Promise<HttpResult> {
  const paths = queries.map(query => `/api/search?q=${encodeURIComponent(query.query)}`)
  const firstAnswerMs = await withServer([CLI, 'serve', '--index', indexDir, '--port', '0', '--host', '127.0.0.1'], async (url, started) => {
    await get(new URL(paths[0]!, url))
    return performance.now() - started
  })
  return await withServer([...TSX, join(ROOT, 'scripts', 'bench', 'serve.ts'), indexDir], async url => {
    const load = async (duration: number): Promise<autocannon.Result> => {
      let next = 0
      return await autocannon({
        url,
        connections,
        duration,
        requests: [{ method: 'GET', setupRequest: request => ({ ...request, path: paths[next++ % paths.length]! }) }],
      })
    }
    // Warm up: Jieba's dictionary and the first snippets load on the first queries.
    for (const path of paths.slice(0, 20)) await get(new URL(path, url))
    await load(Math.max(1, Math.round(seconds / 3)))
    const result = await load(seconds)
    return {
      firstAnswerMs,
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      connections,
      seconds,
    }
  })
}

async function get (url: URL): Promise<void> {
  const response = await fetch(url)
  await response.arrayBuffer()
  if (!response.ok) throw new Error(`the server answered ${response.status} to ${url.pathname}${url.search}`)
}

/** Starts a server process, hands its URL (and when it was spawned) to `use`, then stops it. */
export async function withServer<T> (args: readonly string[], use: (url: string, started: number, pid: number) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  const started = performance.now()
  const server = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn', ...env } })
  try {
    return await use(await serverUrl(server), started, server.pid!)
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const closed = new Promise(resolve => server.once('close', resolve))
      server.kill('SIGTERM')
      await closed
    }
  }
}

function serverUrl (server: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    server.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const url = /(http:\/\/[^\s"]+)/.exec(out)?.[1]
      if (url !== undefined) resolve(url)
    })
    server.stderr!.setEncoding('utf8').on('data', (chunk: string) => { err = (err + chunk).slice(-5_000) })
    server.once('close', code => reject(new Error(`the server exited with ${code} before listening: ${err.trim()}`)))
  })
}
