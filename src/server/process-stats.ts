import { readFileSync } from 'node:fs'

/** What a process holds, as `/proc/<pid>/status` tells it (Linux). */
export interface ProcStatus {
  /** Resident set size, bytes (VmRSS). */
  rssBytes: number
  /** The process's OS threads: the main thread, libuv's pool, V8's helpers, one per worker thread. */
  threads: number
}

/**
 * Reads `/proc/<pid>/status` (`self` for this process). Undefined where there is no /proc
 * (not Linux) or the process has ended.
 */
export function readProcStatus (pid: number | 'self' = 'self'): ProcStatus | undefined {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(text)?.[1]
  const threads = /^Threads:\s+(\d+)$/m.exec(text)?.[1]
  if (kilobytes === undefined || threads === undefined) return undefined
  return { rssBytes: Number(kilobytes) * 1024, threads: Number(threads) }
}
