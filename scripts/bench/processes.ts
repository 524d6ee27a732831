/**
 * Running things in other processes and measuring them from the outside: wall time, peak
 * resident memory (VmHWM from /proc, Linux), the load average seen meanwhile; servers
 * started, handed to a measurement, and stopped.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { CLI, ROOT } from '../lib/paths.js'
import { mean } from '../lib/stats.js'
import type { ChildOptions, ChildResult, ProcessRun } from './types.js'

/** Node's flags that run a TypeScript file. */
export const TSX = ['--import', 'tsx']

/** What a process holds, as `/proc/<pid>/status` tells it (Linux). */
export interface ProcStatus {
  /** Resident set size now (VmRSS). */
  rssBytes: number
  /** The most it has held (VmHWM). */
  peakRssBytes: number
  /** Its OS threads: the main thread, libuv's pool, V8's helpers, one per worker thread. */
  threads: number
}

/** Reads `/proc/<pid>/status` (`self` for this process); undefined without /proc or once the process has ended. */
export async function procStatus (pid: number | 'self' = 'self'): Promise<ProcStatus | undefined> {
  let text: string
  try {
    text = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const field = (name: string): number | undefined => {
    const value = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1]
    return value === undefined ? undefined : Number(value)
  }
  const rss = field('VmRSS')
  const peak = field('VmHWM')
  const threads = field('Threads')
  if (rss === undefined || peak === undefined || threads === undefined) return undefined
  return { rssBytes: rss * 1024, peakRssBytes: peak * 1024, threads }
}

/** Runs `node <args>` to its end; rejects with its stderr when it fails or outlives `timeoutMs`. */
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
    void procStatus(child.pid!).then(status => { if (status !== undefined) peakRssBytes = status.peakRssBytes })
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
  return { wallMs, stdout, ...(peakRssBytes !== undefined ? { peakRssBytes } : {}), load: mean(loads) }
}

/** `zhsearch <args>` through the built CLI. */
export function runCli (args: readonly string[], timeoutMs: number): Promise<ProcessRun> {
  return runMeasured([CLI, ...args], timeoutMs, `zhsearch ${args[0]}`)
}

/** A TypeScript script of scripts/ in a fresh process; its stdout's last line parsed as JSON. */
export async function runScript<T> (script: string, args: readonly string[], timeoutMs: number, nodeFlags: readonly string[] = []): Promise<T & { load: number }> {
  const run = await runMeasured([...nodeFlags, ...TSX, join(ROOT, 'scripts', script), ...args], timeoutMs, script)
  const last = run.stdout.trimEnd().split('\n').at(-1) ?? ''
  return { ...(JSON.parse(last) as T), load: run.load }
}

/** One measurement in a fresh process: see child.ts. */
export function runChild (kind: string, workDir: string, options: Partial<ChildOptions>, timeoutMs: number): Promise<ChildResult & { load: number }> {
  return runScript<ChildResult>('bench/child.ts', [kind, workDir, JSON.stringify(options)], timeoutMs, ['--expose-gc'])
}

/** Starts a server process, hands its URL (and when it was spawned, and its pid) to `use`, then stops it. */
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

/** The bench's own server (serve.ts: the built server, rate limit lifted), over `indexDir`. */
export function withBenchServer<T> (indexDir: string, use: (url: string, started: number, pid: number) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  return withServer([...TSX, join(ROOT, 'scripts', 'bench', 'serve.ts'), indexDir], use, env)
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
