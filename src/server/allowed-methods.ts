import type { RequestHandler } from 'express'
import { HttpError } from './http-error.js'

/** What every route of the server answers: it only reads. */
const ALLOW = 'GET, HEAD'

/**
 * Answers what is not a GET or a HEAD before any route sees it: `OPTIONS` with 204 and
 * `Allow: GET, HEAD` (no body: Express's own answer was 200 with the list as text/html),
 * any other method with 405 and the same header, as a JSON error.
 */
export const allowedMethods: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') {
    next()
    return
  }
  res.set('Allow', ALLOW)
  if (req.method === 'OPTIONS') {
    res.status(204).end()
    return
  }
  throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported here; this server answers ${ALLOW}`)
}
