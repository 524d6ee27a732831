import { Router } from 'express'
import type { Searcher } from '../../internal.js'
import type { StatsResponse } from '../api-types.js'
import type { EngineHandle } from '../engine-handle.js'
import { readProcStatus } from '../process-stats.js'

/**
 * `GET /api/stats`: what the live index holds, when it was built and how old it is, its
 * reloads, and the server process itself (memory, OS threads), so an operator can watch a
 * server that runs for months.
 */
export function statsRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/api/stats', async (_req, res) => {
    const engine = handle.engine
    const { documents, terms, builtAt, sizeBytes } = engine.stats()
    const { manifest } = engine
    const answer: StatsResponse = {
      documents,
      terms,
      ...(sizeBytes !== undefined ? { sizeBytes } : {}),
      ...(builtAt !== undefined ? { builtAt, ageSeconds: Math.max(0, Math.round((Date.now() - Date.parse(builtAt)) / 1000)) } : {}),
      ...(manifest !== undefined ? { build: manifest.build, buildMs: manifest.buildMs } : {}),
      ...handle.loadInfo,
      process: await processInfo(engine),
    }
    res.json(answer)
  })
  return router
}

async function processInfo (engine: Searcher): Promise<StatsResponse['process']> {
  const memory = process.memoryUsage()
  const status = readProcStatus()
  // The search thread's heap holds the index; a thread that does not answer is left out.
  const searchThread = engine.memoryUsage !== undefined ? await engine.memoryUsage().catch(() => undefined) : undefined
  return {
    rssBytes: memory.rss,
    ...(status !== undefined ? { threads: status.threads } : {}),
    uptimeSeconds: Math.round(process.uptime()),
    heap: { usedBytes: memory.heapUsed, totalBytes: memory.heapTotal, externalBytes: memory.external },
    ...(searchThread !== undefined ? { searchThreadHeap: { usedBytes: searchThread.heapUsed, totalBytes: searchThread.heapTotal, externalBytes: searchThread.external } } : {}),
  }
}
