import type { ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/*
 * Every process a test starts is recorded here, so that it is stopped also when the test
 * fails, times out or its worker dies (issue 20, item 10): a file per process (or per folder
 * of daemons) in a registry folder of this checkout, removed when the process ends as
 * planned. The test worker kills its children when it exits; vitest's globalSetup
 * (tests/helpers/global-setup.ts) sweeps what earlier runs left when a run starts, and at the
 * end of a run stops whatever is still recorded and fails the run, naming it.
 *
 * Only recorded processes are ever stopped, each checked against its command line (a pid
 * can be reused), and the registry is per checkout: other checkouts' tests are left alone.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The registry folder: per checkout, or ZHSEARCH_TEST_REGISTRY (a test that runs the suite's machinery on its own fixtures). */
export const REGISTRY = process.env.ZHSEARCH_TEST_REGISTRY ?? join(tmpdir(), `zhsearch-test-processes-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`)

/** A recorded process: its pid and a piece of its command line; or a folder whose daemons (searchd) are ours. */
type Entry =
  | { kind: 'child', pid: number, command: string, what: string, owner: number, stoppedAtExit?: boolean }
  | { kind: 'daemons', dir: string, what: string, owner: number }

const children = new Map<number, string>()
let exitHook = false

function entryPath (key: string): string {
  return join(REGISTRY, `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`)
}

function record (key: string, entry: Entry): void {
  mkdirSync(REGISTRY, { recursive: true })
  writeFileSync(entryPath(key), JSON.stringify(entry))
}

function forget (key: string): void {
  rmSync(entryPath(key), { force: true })
}

/** Records a child process until it exits; the test worker kills it when it exits first. */
export function trackChild (child: ChildProcess, what: string): void {
  const pid = child.pid
  if (pid === undefined) return
  // What names it in /proc/<pid>/cmdline: its script (a path), else its first argument.
  const args = child.spawnargs.slice(1)
  const command = args.find(arg => arg.includes('/') && !arg.startsWith('-')) ?? args.find(arg => !arg.startsWith('-')) ?? child.spawnfile
  record(`child:${pid}`, { kind: 'child', pid, command, what, owner: process.pid })
  children.set(pid, command)
  child.once('exit', () => {
    children.delete(pid)
    forget(`child:${pid}`)
  })
  if (!exitHook) {
    exitHook = true
    // Synchronous: all an 'exit' handler may do. The entry stays, marked, so that the run
    // still reports the test that left its process running.
    process.once('exit', () => {
      for (const [childPid, childCommand] of children) {
        if (!killIfOurs(childPid, childCommand)) continue
        const entry = JSON.parse(readFileSync(entryPath(`child:${childPid}`), 'utf8')) as Entry
        writeFileSync(entryPath(`child:${childPid}`), JSON.stringify({ ...entry, stoppedAtExit: true }))
      }
    })
  }
}

/** Records a folder whose daemons (searchd, started with a config file inside it) are the test's. */
export function trackDaemonFolder (dir: string, what: string): void {
  record(`daemons:${dir}`, { kind: 'daemons', dir, what, owner: process.pid })
}

/** The folder's daemons were stopped as planned: forget it. */
export function untrackDaemonFolder (dir: string): void {
  forget(`daemons:${dir}`)
}

/**
 * Stops every recorded process that still runs (SIGKILL: a leftover has had its chance to
 * stop) and clears the registry; returns what was still running, for the report.
 */
export function sweepRecordedProcesses (): string[] {
  let files: string[]
  try {
    files = readdirSync(REGISTRY)
  } catch {
    return []
  }
  const left: string[] = []
  for (const file of files) {
    const path = join(REGISTRY, file)
    let entry: Entry
    try {
      entry = JSON.parse(readFileSync(path, 'utf8')) as Entry
    } catch {
      rmSync(path, { force: true })
      continue
    }
    if (entry.kind === 'child' && (killIfOurs(entry.pid, entry.command) || entry.stoppedAtExit === true)) left.push(`${entry.what} (pid ${entry.pid}${entry.stoppedAtExit === true ? ', stopped when its test worker exited' : ''})`)
    if (entry.kind === 'daemons') {
      const pids = daemonsIn(entry.dir)
      for (const pid of pids) killIfOurs(pid, entry.dir)
      if (pids.length > 0) left.push(`${entry.what}: ${pids.length} searchd process(es) in ${entry.dir} (pids ${pids.join(', ')})`)
    }
    rmSync(path, { force: true })
  }
  return left
}

/** Kills `pid` when it runs and its command line contains `command`; true when it did. */
function killIfOurs (pid: number, command: string): boolean {
  if (!commandLine(pid)?.includes(command)) return false
  try {
    process.kill(pid, 'SIGKILL')
    return true
  } catch {
    return false
  }
}

/** The processes whose command line names a file inside `dir` (searchd --config DIR/…/searchd.conf). */
function daemonsIn (dir: string): number[] {
  const pids: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const pid = Number(name)
    if (pid !== process.pid && commandLine(pid)?.includes(`${dir}/`) === true && commandLine(pid)!.includes('searchd')) pids.push(pid)
  }
  return pids
}

function commandLine (pid: number): string | undefined {
  try {
    // A zombie has an empty command line, and is no longer running.
    const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
    return line === '' ? undefined : line
  } catch {
    return undefined
  }
}
