import { mkdir, open, readFile, rm, rmdir } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { createError } from '../errors.js'
import { isProcessAlive } from '../threads/process-alive.js'

/** The lock file of an index folder while a zhsearch process writes it. */
export const LOCK_FILE = '.zhsearch-lock'

/** What a lock file says about its holder. */
interface LockHolder {
  pid: number
  host: string
  since: string
  what: string
}

/** The writes of this process, per index folder, in the order they were called. */
const queues = new Map<string, Promise<unknown>>()

/**
 * Runs `work` as the only writer of the index folder `dir`. In this process the writers of
 * one folder run one after the other, in call order. Across processes a lock file
 * (`.zhsearch-lock`, created exclusively, naming the holder's pid, host and what it does)
 * keeps a second process out: it is refused with INDEX_LOCKED, which names the holder, and
 * nothing of the folder is touched (two saves at once would each remove the other's files
 * as leftovers of a crashed save). A lock left by a process of this machine that no longer
 * runs is taken over. `check` runs in this process's turn, before the lock file is written
 * (a refused folder gets nothing). The folder is created for the lock if missing, and
 * removed again if `work` failed and left it empty.
 */
export function withIndexLock<T> (dir: string, what: string, work: () => Promise<T>, check?: () => Promise<void>): Promise<T> {
  // The place in this process's queue is taken now, synchronously: in call order.
  const key = resolve(dir)
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.catch(() => {}).then(() => holdLock(key, what, work, check))
  const tail = run.catch(() => {})
  queues.set(key, tail)
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key)
  })
  return run
}

async function holdLock<T> (dir: string, what: string, work: () => Promise<T>, check?: () => Promise<void>): Promise<T> {
  // A folder the caller refuses (not an index) is refused before the lock file is written into it.
  await check?.()
  const created = await mkdir(dir, { recursive: true }) !== undefined
  const path = join(dir, LOCK_FILE)
  try {
    await takeLock(path, dir, what)
  } catch (error) {
    if (created) await rmdir(dir).catch(() => {})
    throw error
  }
  let failed = true
  try {
    const result = await work()
    failed = false
    return result
  } finally {
    await rm(path, { force: true })
    if (failed && created) await rmdir(dir).catch(() => {})
  }
}

async function takeLock (path: string, dir: string, what: string): Promise<void> {
  const holder: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what }
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx')
      try {
        await handle.writeFile(JSON.stringify(holder) + '\n')
      } finally {
        await handle.close()
      }
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const current = await readHolder(path)
    // Gone between our open and our read: try again.
    if (current === 'missing' && attempt < 3) continue
    if (current !== 'missing' && current !== undefined && isStale(current) && attempt < 3) {
      await rm(path, { force: true })
      continue
    }
    const who = current === undefined || current === 'missing'
      ? 'another process (its lock file cannot be read)'
      : `${current.what} (pid ${current.pid} on ${current.host}, since ${current.since})`
    throw createError('INDEX_LOCKED', dir, who, path)
  }
}

/** A lock of this machine whose process has ended (a crash or a kill). */
function isStale (holder: LockHolder): boolean {
  return holder.host === hostname() && holder.pid !== process.pid && !isProcessAlive(holder.pid)
}

async function readHolder (path: string): Promise<LockHolder | 'missing' | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    return undefined
  }
  try {
    const holder = JSON.parse(text) as Partial<LockHolder>
    if (typeof holder.pid === 'number' && typeof holder.host === 'string' && typeof holder.since === 'string' && typeof holder.what === 'string') return holder as LockHolder
  } catch {}
  return undefined
}
