import { Router } from 'express'
import type { HealthResponse, StatsResponse } from '../api-types.js'
import { searcherHealth } from '../../index.js'
import { type EngineHandle, manifestOf } from '../engine-handle.js'

/**
 * `GET /healthz`: 200 while every search can be answered completely, 503 with the reason
 * otherwise (for load balancers and start scripts): no index loaded yet, or what the
 * searcher depends on not answering (a cluster's head, a whole shard; see
 * Searcher.health). `GET /api/stats`: what the live index holds, when it was built and
 * how old it is.
 */
export function healthRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store')
    if (!handle.ready) {
      res.status(503).json({ status: 'unavailable', reason: 'no search index is loaded yet' } satisfies HealthResponse)
      return
    }
    const health = await searcherHealth(handle.engine)
    res.status(health.status === 'ok' ? 200 : 503).json(health satisfies HealthResponse)
  })
  router.get('/api/stats', (_req, res) => {
    const engine = handle.engine
    const { documents, terms, builtAt, sizeBytes } = engine.stats()
    const manifest = manifestOf(engine)
    const answer: StatsResponse = {
      documents,
      terms,
      ...(sizeBytes !== undefined ? { sizeBytes } : {}),
      ...(builtAt !== undefined ? { builtAt, ageSeconds: Math.max(0, Math.round((Date.now() - Date.parse(builtAt)) / 1000)) } : {}),
      ...(manifest !== undefined ? { build: manifest.build, buildMs: manifest.buildMs } : {}),
      ...handle.loadInfo,
    }
    res.json(answer)
  })
  return router
}
