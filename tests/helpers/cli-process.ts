import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { trackChild } from './test-processes.js'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The built command line: what `npx zhsearch` runs. */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js')
/** The seed newspaper page of the default corpus: seven articles. */
export const SEED_PAGE = join(ROOT, 'corpus', 'laodong-wubao-page.txt')

/** How a finished `zhsearch` process ended. */
export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  /** Working folder; the default corpus/ and index/ are resolved from it. */
  cwd: string
  /** Extra environment variables (the rest is inherited, minus colour switches). */
  env?: Record<string, string | undefined>
  timeoutMs?: number
  /** A Node script to run instead of the CLI (with the same environment and cleanup). */
  script?: string
}

/**
 * The environment of a spawned CLI: inherited, but without what would change its output
 * (colour switches, CI), so that tests see the plain output a pipe gets.
 */
function cliEnv (extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'DEBUG']) delete env[name]
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/** Runs `zhsearch <args…>` to the end. */
export async function runCli (args: readonly string[], options: CliOptions): Promise<CliResult> {
  const running = spawnCli(args, options)
  return running.done
}

/** A `zhsearch` process still running. */
export interface RunningCli {
  child: ChildProcess
  stdout (): string
  stderr (): string
  /** Resolves when stderr (where progress goes) matches `pattern`; rejects if the process ends first. */
  waitForStderr (pattern: RegExp): Promise<void>
  done: Promise<CliResult>
}

/** Starts `zhsearch <args…>` without waiting for it. */
export function spawnCli (args: readonly string[], options: CliOptions): RunningCli {
  const child = spawn(process.execPath, [options.script ?? CLI, ...args], { cwd: options.cwd, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] })
  trackChild(child, `zhsearch ${args.join(' ')}`)
  let stdout = ''
  let stderr = ''
  const watchers: Array<{ pattern: RegExp, resolve: () => void }> = []
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const watcher of [...watchers]) {
      if (watcher.pattern.test(stderr)) {
        watchers.splice(watchers.indexOf(watcher), 1)
        watcher.resolve()
      }
    }
  })
  const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const done = once(child, 'close').then(([code, signal]) => {
    clearTimeout(timeout)
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr }
  })
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr: pattern => new Promise<void>((resolve, reject) => {
      if (pattern.test(stderr)) {
        resolve()
        return
      }
      watchers.push({ pattern, resolve })
      void done.then(result => reject(new Error(`zhsearch ended (code ${result.code}) before stderr matched ${pattern}:\n${result.stderr}`)))
    }),
    done,
  }
}

/** Parses the stdout of a `--json` run, with the output in the error when it is not JSON. */
export function parseJson<T = unknown> (result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`stdout is not JSON (exit code ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`)
  }
}

/** A temporary working folder holding `corpus/` with a copy of the seed page. */
export interface Workspace {
  dir: string
  corpus: string
  index: string
  remove (): Promise<void>
}

export async function createWorkspace (options: { seedPage?: boolean } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'zhsearch-cli-'))
  const corpus = join(dir, 'corpus')
  await mkdir(corpus)
  if (options.seedPage ?? true) await copyFile(SEED_PAGE, join(corpus, 'laodong-wubao-page.txt'))
  return { dir, corpus, index: join(dir, 'index'), remove: () => rm(dir, { recursive: true, force: true }) }
}

/** A workspace whose seed-page corpus the built CLI has already indexed (`zhsearch reindex`). */
export async function createIndexedWorkspace (): Promise<Workspace> {
  await buildCli()
  const workspace = await createWorkspace()
  const built = await runCli(['reindex'], { cwd: workspace.dir })
  if (built.code !== 0) throw new Error(`zhsearch reindex failed (exit code ${built.code}):\n${built.stderr}`)
  return workspace
}

/**
 * Builds `dist/` with `tsc -b tsconfig.build.json` unless its build-info file is newer than
 * every file in `src/` (incremental builds rewrite only the outputs that changed, so the
 * build-info file, written on every build, is what tells when it last ran). Test files run
 * in parallel processes, so the build is guarded by a lock folder: one process builds, the
 * others wait and then find it fresh.
 */
export async function buildCli (): Promise<void> {
  const lock = join(tmpdir(), `zhsearch-cli-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`)
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      await mkdir(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // A lock left by a process that died mid-build is stale after two minutes.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
      if (age > 120_000) await rm(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`waited two minutes for ${lock}; remove it if no build is running`)
      await new Promise(resolve => setTimeout(resolve, 200))
    }
  }
  try {
    if (await distIsFresh()) return
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    await promisify(execFile)(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: ROOT })
    // As `npm run build` does: the command runs without `node` in front.
    await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'mark-bin-executable.mjs')], { cwd: ROOT })
  } finally {
    await rm(lock, { recursive: true, force: true })
  }
}

async function distIsFresh (): Promise<boolean> {
  if (!existsSync(CLI)) return false
  const built = await stat(join(ROOT, 'dist', '.tsbuildinfo')).catch(() => undefined)
  if (built === undefined) return false
  const src = join(ROOT, 'src')
  for (const entry of await readdir(src, { recursive: true })) {
    if (!entry.endsWith('.ts')) continue
    if ((await stat(join(src, entry))).mtimeMs > built.mtimeMs) return false
  }
  return true
}
