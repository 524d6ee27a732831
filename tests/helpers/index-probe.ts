import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { rssBytes } from './process-memory.js'
import { trackChild } from './test-processes.js'

/*
 * Opens index folders in a child process and searches them, so that a test can watch
 * for what must never happen: a hang (the child is killed after a deadline), a crash (the
 * child dies), an error that is not a ZhsearchError, or memory running away (the child's
 * RSS is read after each probe). One child serves many probes; a new one is started after
 * a hang or a crash.
 */

/** What a probe does with an index folder. */
export interface ProbeRequest {
  dir: string
  queries: readonly string[]
  limit: number
  /** A prefix to ask suggestions for. */
  suggest?: string
}

/** One search of an opened index. */
export type ProbeAnswer =
  | { query: string, ok: true, total: number, partial: boolean, hits: Array<{ id: string, title: string }>, document: { id: string } | null | undefined }
  | { query: string, ok: false, code: string, message: string }

/** What a probe found. */
export type ProbeResult = {
  kind: 'refused'
  code: string
  message: string
} | {
  kind: 'answered'
  size: number
  answers: ProbeAnswer[]
  suggestions: number
} | {
  /** An error that is not a ZhsearchError: a crash as far as a user can tell. */
  kind: 'raw-error'
  name: string
  message: string
} | {
  kind: 'hang'
} | {
  kind: 'crash'
  detail: string
}

/** What a probe found, and what it cost: its time, and the child's RSS after it. */
export type ProbeOutcome = ProbeResult & { ms: number, rssBytes: number }

export interface IndexProbe {
  probe (request: ProbeRequest): Promise<ProbeOutcome>
  close (): Promise<void>
}

const CHILD = fileURLToPath(new URL('./index-probe-child.ts', import.meta.url))

/** Starts the probing child; `timeoutMs` is the deadline of each probe. */
export async function startIndexProbe (options: { timeoutMs: number }): Promise<IndexProbe> {
  let child = await startChild()
  return {
    async probe (request) {
      const started = Date.now()
      // Cancels the waits that lose the race, so that no listener outlives its probe.
      const settled = new AbortController()
      const { signal } = settled
      const reply = once(child, 'message', { signal }).then(([message]) => message as ProbeResult)
      const exit = once(child, 'exit', { signal }).then(([code, signal]) => ({ kind: 'crash' as const, detail: `the child exited (code ${code}, signal ${signal}): ${stderrOf(child)}` }))
      const deadline = new Promise<{ kind: 'hang' }>(resolve => {
        const timer = setTimeout(() => resolve({ kind: 'hang' }), options.timeoutMs)
        signal.addEventListener('abort', () => clearTimeout(timer))
      })
      // The losers reject when the waits are cancelled: nothing to handle.
      reply.catch(() => {})
      exit.catch(() => {})
      child.send(request)
      const outcome = await Promise.race([reply, exit, deadline])
      settled.abort()
      const ms = Date.now() - started
      if (outcome.kind === 'hang' || outcome.kind === 'crash') {
        await stopChild(child)
        child = await startChild()
        return { ...outcome, ms, rssBytes: 0 }
      }
      return { ...outcome, ms, rssBytes: await rssBytes(child.pid!) }
    },
    close: () => stopChild(child),
  }
}

/** The last of each child's stderr, for the report of a crash. */
const STDERR = new WeakMap<ChildProcess, string>()

function stderrOf (child: ChildProcess): string {
  return STDERR.get(child) ?? ''
}

async function startChild (): Promise<ChildProcess> {
  const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
  trackChild(child, 'an index probe child')
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => STDERR.set(child, (stderrOf(child) + chunk).slice(-4000)))
  const [message] = await once(child, 'message') as [{ ready: boolean }]
  if (!message.ready) throw new Error('the probe child did not start')
  return child
}

async function stopChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
}
