/**
 * The search thread of a WorkerSearcher: one SearchEngine at a time, swapped for another
 * when an index arrives from the loader thread, for as long as the thread lives. Jieba's
 * dictionary loads here once (nodejieba keeps one per thread and never frees it), so a
 * new index costs its own memory and no more.
 *
 * Requests: `call` (a method of the engine, started in the order the calls arrive),
 * `swap` (the next index comes on the port that travels with it), `reset` (drop the
 * engine; the thread waits for its next owner), `warm` (load Jieba's dictionary now),
 * `memory` (its heap).
 */
import { type MessagePort, parentPort } from 'node:worker_threads'
import { createAnalyzer } from '../analysis/analyzer.js'
import { SearchEngine } from './search-engine.js'
import { createError } from '../errors.js'
import { type PackedIndex, unpackIndex } from '../indexing/index-transfer.js'
import type { EngineOptions } from '../options.js'
import type { SearcherStats, ThreadMemory } from '../searcher/searcher.js'
import { type Answer, answerRequests } from '../threads/thread-link.js'

/** The engine methods a WorkerSearcher forwards. */
export type SearcherMethod = 'search' | 'suggest' | 'getDocument' | 'highlightDocument' | 'loadSynonyms' | 'add' | 'update' | 'remove' | 'save'

/** What the caller keeps of the engine, sent after every change. */
export interface SearcherState {
  size: number
  stats: SearcherStats
  manifest: SearchEngine['manifest']
}

export type { ThreadMemory } from '../searcher/searcher.js'

/** The methods that change the engine: their answers carry its new state. */
const CHANGES: ReadonlySet<SearcherMethod> = new Set(['loadSynonyms', 'add', 'update', 'remove', 'save'])

let engine: SearchEngine | undefined
/** The synonyms file last loaded: a new index is searched with it too. */
let synonymsPath: string | undefined
/** Counts resets: a swap still waiting for its index when its searcher closed installs nothing. */
let owner = 0

answerRequests(parentPort!, async (message): Promise<Answer> => {
  switch (message.type) {
    case 'call': {
      const { method, args } = message as unknown as { method: SearcherMethod, args: unknown[] }
      if (engine === undefined) throw createError('SEARCHER_STOPPED', 'no index is open')
      const live = engine
      const value = await (live[method] as (...a: unknown[]) => Promise<unknown>).apply(live, args)
      if (method === 'loadSynonyms') synonymsPath = args[0] as string
      if (!CHANGES.has(method)) return { value }
      return { value: method === 'loadSynonyms' ? report(value) : value, state: stateOf(live) }
    }
    case 'swap': {
      const { port, options } = message as unknown as { port: MessagePort, options: Omit<EngineOptions, 'userWords'> }
      const forOwner = owner
      const packed = await receive(port)
      if (forOwner !== owner) throw createError('SEARCHER_STOPPED', 'the searcher was closed')
      const next = SearchEngine.fromIndex(unpackIndex(packed), packed.manifest, options)
      // Loads Jieba's dictionary the first time (about a second); a no-op afterwards.
      await next.ready()
      if (synonymsPath !== undefined) await next.loadSynonyms(synonymsPath)
      if (forOwner !== owner) throw createError('SEARCHER_STOPPED', 'the searcher was closed')
      engine = next
      return { state: stateOf(next) }
    }
    case 'memory': {
      const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
      return { value: { heapUsed, heapTotal, external, arrayBuffers } satisfies ThreadMemory }
    }
    case 'warm':
      // Jieba's dictionary, while the loader thread reads the first index.
      createAnalyzer().warmUp()
      return {}
    case 'reset':
      owner++
      engine = undefined
      synonymsPath = undefined
      return {}
    default:
      throw new Error(`the search thread has no request ${String(message.type)}`)
  }
})

/** The index the loader sends on `port`; rejects if the loader stops first. */
function receive (port: MessagePort): Promise<PackedIndex> {
  return new Promise((resolve, reject) => {
    port.once('message', (packed: PackedIndex) => {
      port.close()
      resolve(packed)
    })
    port.once('close', () => reject(new Error('the index loader stopped before it sent the index')))
  })
}

function stateOf (live: SearchEngine): SearcherState {
  return { size: live.size, stats: live.stats(), manifest: live.manifest }
}

/** A synonym table as plain data (its rules and problems). */
function report (value: unknown): unknown {
  const { rules, problems } = value as { rules: number, problems: unknown[] }
  return { rules, problems }
}
