/**
 * The worker thread of a WorkerSearcher: opens the index with a SearchEngine and answers
 * its calls, one message each. Errors go back with their code, so the caller rethrows the
 * same ZhsearchError.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { SearchEngine } from './engine.js'
import type { EngineOptions } from './options.js'

/** A call of the searcher, by method name. */
export interface SearcherCall {
  id: number
  method: 'search' | 'suggest' | 'getDocument' | 'highlightDocument' | 'loadSynonyms'
  args: unknown[]
}

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string
  message: string
  code?: string
  details?: Record<string, unknown>
}

/** The thread's answers: its engine opened (or not), then one per call. */
export type SearcherMessage =
  | { type: 'opened', size: number, stats: ReturnType<SearchEngine['stats']>, manifest: SearchEngine['manifest'] }
  | { type: 'failed', error: SerializedError }
  | { type: 'answer', id: number, value: unknown }
  | { type: 'error', id: number, error: SerializedError }

function serialize (error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const { code, details } = error as Error & { code?: unknown, details?: Record<string, unknown> }
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), ...(details !== undefined ? { details } : {}) }
}

const port = parentPort!
const { indexDir, options } = workerData as { indexDir: string, options: Omit<EngineOptions, 'userWords'> }

try {
  const engine = await SearchEngine.open(indexDir, options)
  await engine.ready()
  port.on('message', (call: SearcherCall) => {
    const method = engine[call.method] as (...args: unknown[]) => Promise<unknown>
    method.apply(engine, call.args).then(
      value => port.postMessage({ type: 'answer', id: call.id, value: call.method === 'loadSynonyms' ? report(value) : value } satisfies SearcherMessage),
      (error: unknown) => port.postMessage({ type: 'error', id: call.id, error: serialize(error) } satisfies SearcherMessage),
    )
  })
  port.postMessage({ type: 'opened', size: engine.size, stats: engine.stats(), manifest: engine.manifest } satisfies SearcherMessage)
} catch (error) {
  port.postMessage({ type: 'failed', error: serialize(error) } satisfies SearcherMessage)
}

/** A synonym table as plain data (its rules and problems). */
function report (value: unknown): unknown {
  const { rules, problems } = value as { rules: number, problems: unknown[] }
  return { rules, problems }
}
