import { readFile } from 'node:fs/promises'

/** The resident set size of process `pid` in bytes, from /proc/<pid>/status (Linux). */
export async function rssBytes (pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kilobytes === undefined) throw new Error(`no VmRSS in /proc/${pid}/status: has the process ended?`)
  return Number(kilobytes) * 1024
}

/** RSS samples of a process, taken at a fixed interval until stopped. */
export interface RssSampler {
  /** Stops sampling; resolves to the samples in bytes, oldest first. */
  stop (): Promise<number[]>
}

export function sampleRss (pid: number, everyMs = 500): RssSampler {
  const samples: number[] = []
  let pending: Promise<void> = Promise.resolve()
  const timer = setInterval(() => {
    // A process that has just ended has no RSS left to read: that sample is skipped.
    pending = rssBytes(pid).then(bytes => { samples.push(bytes) }, () => {})
  }, everyMs)
  return {
    stop: async () => {
      clearInterval(timer)
      await pending
      return samples
    },
  }
}

export const mebibytes = (bytes: number): string => (bytes / 2 ** 20).toFixed(0)
