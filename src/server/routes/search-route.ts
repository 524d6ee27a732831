import { Router } from 'express'
import type { EngineHandle } from '../engine-handle.js'
import { readQuery, SearchQuerySchema } from '../request-schemas.js'

/**
 * `GET /api/search?q=&limit=&offset=&author=&source=&dateFrom=&dateTo=&explain=`: ranked
 * hits with highlighted snippets and facet counts (with `explain=1`, each hit's score
 * explained), the same shape as `zhsearch search --json`.
 */
export function searchRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/api/search', async (req, res) => {
    const { q, ...rest } = SearchQuerySchema.parse(readQuery(req.originalUrl))
    const response = await handle.engine.search({ query: q, ...rest })
    res.json(response)
  })
  return router
}
