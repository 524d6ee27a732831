import { Worker, type MessagePort } from 'node:worker_threads'
import { createError, isZhsearchError } from '../errors.js'
import type { LoadResult } from './index-loader-thread.js'
import type { PackedIndex } from '../indexing/index-transfer.js'
import { ThreadLink } from '../threads/thread-link.js'
import { workerEntry } from '../threads/worker-entry.js'

/** What {@link IndexLoader.load} found: the same build, or a new index ready to send. */
export type LoadOutcome =
  | Extract<LoadResult, { status: 'unchanged' }>
  | Extract<LoadResult, { status: 'loaded' }> & {
    /** Moves the index to `port` (another thread), or, without one, to this thread. */
    send (port?: MessagePort): Promise<PackedIndex | undefined>
    /** Lets the loader forget it. */
    drop (): void
  }

/** The longest timer Node keeps (about 24.8 days); longer deadlines are no deadline. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * Opens index folders on a thread of its own (see index-loader-thread.ts), one thread for
 * the loader's life. An open that outlives its deadline is abandoned: the thread is
 * terminated, which stops even a loop that never yields, and the next load starts a new
 * one. Nothing it did stays behind: the thread never loads Jieba.
 */
export class IndexLoader {
  private link: ThreadLink | undefined
  private closed = false

  /**
   * Opens and checks the index in `indexDir` within `timeoutMs` (0: no deadline). With
   * `unlessBuild`, a folder that still holds that build answers `unchanged` after reading
   * only its manifest. Rejects with the error of the open (INDEX_NOT_FOUND, INDEX_CORRUPT, …)
   * or INDEX_OPEN_TIMEOUT.
   */
  async load (indexDir: string, timeoutMs: number, unlessBuild?: string): Promise<LoadOutcome> {
    const link = this.start()
    const answer = link.request({ type: 'load', indexDir, ...(unlessBuild !== undefined ? { unlessBuild } : {}) })
    let timer: NodeJS.Timeout | undefined
    const deadline = timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS
      ? new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(createError('INDEX_OPEN_TIMEOUT', indexDir, timeoutMs))
          this.abandon(link, `opening ${indexDir} took longer than ${timeoutMs} ms`)
        }, timeoutMs)
      })
      : undefined
    let reply
    try {
      reply = deadline === undefined ? await answer : await Promise.race([answer, deadline])
    } catch (error) {
      // The thread died under the open (out of memory on a segment's counts, say): the index's doing.
      if (isZhsearchError(error) && error.code === 'SEARCHER_STOPPED' && !this.closed) throw createError('INDEX_CORRUPT', indexDir, `opening it stopped its thread: ${error.message}`)
      throw error
    } finally {
      clearTimeout(timer)
    }
    const result = reply.value as LoadResult
    if (result.status === 'unchanged') return result
    const load = reply.id
    return {
      ...result,
      send: async port => (await link.request({ type: 'send', load, ...(port !== undefined ? { port } : {}) }, port !== undefined ? [port] : [])).value as PackedIndex | undefined,
      drop: () => { link.request({ type: 'drop', load }).catch(() => {}) },
    }
  }

  /** Stops the thread. */
  async close (): Promise<void> {
    this.closed = true
    const link = this.link
    this.link = undefined
    await link?.terminate(new Error('the index loader was closed'))
  }

  private start (): ThreadLink {
    if (this.closed) throw createError('SEARCHER_STOPPED', 'the index loader was closed')
    if (this.link === undefined || !this.link.alive) {
      const entry = workerEntry(import.meta.url, 'index-loader-thread')
      this.link = new ThreadLink(new Worker(entry.script, { eval: entry.eval, execArgv: entry.execArgv }))
    }
    return this.link
  }

  private abandon (link: ThreadLink, why: string): void {
    if (this.link === link) this.link = undefined
    void link.terminate(new Error(why))
  }
}
