import { Router } from 'express'
import type { HealthResponse } from '../api-types.js'
import { searcherHealth } from '../../internal.js'
import type { EngineHandle } from '../engine-handle.js'

/**
 * `GET /healthz`: 200 while every search can be answered completely, 503 with the reason
 * otherwise (for load balancers and start scripts): no index loaded yet, or what the
 * searcher depends on not answering (a cluster's head, a whole shard; see
 * Searcher.health).
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
  return router
}
