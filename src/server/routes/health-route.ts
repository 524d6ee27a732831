import { Router } from 'express'
import type { HealthResponse, StatsResponse } from '../api-types.js'
import { type EngineHandle, manifestOf } from '../engine-handle.js'

/**
 * `GET /healthz`: 200 while an index is loaded, 503 otherwise (for load balancers and
 * start scripts). `GET /api/stats`: what the live index holds, when it was built and
 * how old it is.
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
