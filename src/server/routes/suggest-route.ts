import { Router } from 'express'
import type { SuggestResponse } from '../api-types.js'
import type { EngineHandle } from '../engine-handle.js'
import { readQuery, SuggestQuerySchema } from '../request-schemas.js'

/** `GET /api/suggest?q=&limit=`: index words that start with what is typed, and matching titles. */
export function suggestRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/api/suggest', async (req, res) => {
    const { q, limit } = SuggestQuerySchema.parse(readQuery(req.originalUrl))
    const { words, titles } = await handle.engine.suggest(q, limit)
    const answer: SuggestResponse = { query: q, words, titles }
    res.json(answer)
  })
  return router
}
