/**
 * The child process of {@link reindexInChild}: one `reindex` with the options it is sent,
 * its summary (without the engine) sent back, then the process ends, and with it
 * everything the reindex loaded.
 */
import { reindex, type ReindexOptions } from '../internal.js'
import type { ChildAnswer } from './reindex-process.js'

// The parent is gone: nobody waits for this index any more.
process.once('disconnect', () => process.exit(1))

process.once('message', (options: Omit<ReindexOptions, 'onProgress'>) => {
  reindex(options).then(
    ({ engine: _engine, ...summary }) => answer({ ok: true, summary }),
    (error: unknown) => {
      const { name, message, code, details } = error as Error & { code?: string, details?: Record<string, unknown> }
      answer({ ok: false, error: { name: name ?? 'Error', message: message ?? String(error), ...(code !== undefined ? { code } : {}), ...(details !== undefined ? { details } : {}) } })
    },
  )
})

function answer (message: ChildAnswer): void {
  process.send!(message, () => process.exit(0))
}
