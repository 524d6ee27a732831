import { Router } from 'express'
import type { HealthResponse } from '../api-types.js'
import type { EngineHandle } from '../engine-handle.js'

/**
 * `GET /healthz`: 200 while an index is loaded, 503 otherwise (for load balancers and
 * start scripts).
 */
export function healthRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/healthz', (_req, res) => {
    if (!handle.ready) {
      res.status(503).json({ status: 'unavailable' } satisfies HealthResponse)
      return
    }
    res.json({ status: 'ok', documents: handle.engine.size } satisfies HealthResponse)
  })
  return router
}
