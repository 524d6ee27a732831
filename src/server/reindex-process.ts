import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { type ErrorCode, type ReindexOptions, type ReindexSummary, ZhsearchError } from '../internal.js'

/** What a reindex in a child process did: its summary, less the engine (which stayed there). */
export type ChildSummary = Omit<ReindexSummary, 'engine'>

/** The child's one message. */
export type ChildAnswer =
  | { ok: true, summary: ChildSummary }
  | { ok: false, error: { name: string, message: string, code?: string, details?: Record<string, unknown> } }

/**
 * Runs `reindex` in a child process. A reindex loads Jieba's dictionary on each thread it
 * analyses on (about 240 MB each, which nodejieba never frees while the process lives):
 * done before serving, in the server's own process, it would stay there for the server's
 * life. A child's memory goes back to the system when it ends. Rejects with the reindex's
 * own error (its ZhsearchError code kept).
 */
export async function reindexInChild (options: Omit<ReindexOptions, 'onProgress'>): Promise<ChildSummary> {
  const script = new URL(import.meta.url.endsWith('.ts') ? './reindex-child.ts' : './reindex-child.js', import.meta.url)
  // Run from src/ (tsx, vitest), the child needs tsx's loader too.
  const execArgv = import.meta.url.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : []
  const child = fork(script, [], { execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
  const answer = await new Promise<ChildAnswer>((resolve, reject) => {
    child.once('message', (message: ChildAnswer) => resolve(message))
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new Error(`the reindex process ended (${signal ?? `exit code ${code}`}) before it answered`)))
    child.send(options)
  }).finally(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  })
  if (answer.ok) return answer.summary
  const { name, message, code, details } = answer.error
  if (name === 'ZhsearchError' && code !== undefined) throw new ZhsearchError(code as ErrorCode, message, details)
  throw Object.assign(new Error(message), { name })
}
