import { Router } from 'express'
import { ZhsearchError } from '../../internal.js'
import type { DocumentResponse } from '../api-types.js'
import type { EngineHandle } from '../engine-handle.js'
import { DocumentParamsSchema, DocumentQuerySchema, readQuery } from '../request-schemas.js'

/**
 * `GET /api/documents/:id?q=`: one article in full. The plain fields are the article as
 * ingested; `html` holds the title, kicker, byline and paragraphs escaped, with the
 * terms of `q` in `<mark>`, which is what the page shows.
 */
export function documentRoute (handle: EngineHandle): Router {
  const router = Router()
  router.get('/api/documents/:id', async (req, res) => {
    const { id } = DocumentParamsSchema.parse(req.params)
    const { q } = DocumentQuerySchema.parse(readQuery(req.originalUrl))
    const found = await handle.engine.highlightDocument(id, q)
    if (found === undefined) throw new ZhsearchError('DOCUMENT_NOT_FOUND', `no article with id ${JSON.stringify(id)}`)
    const { body, ...article } = found.article
    const answer: DocumentResponse = { ...article, paragraphs: body.split('\n').filter(paragraph => paragraph.trim() !== ''), html: found.html }
    res.json(answer)
  })
  return router
}
