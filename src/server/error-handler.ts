import type { ErrorRequestHandler, RequestHandler } from 'express'
import { ZodError } from 'zod'
import { isZhsearchError, type ErrorCode, type ZhsearchError } from '../internal.js'
import { errorBody, HttpError } from './http-error.js'

/** HTTP status of each engine error code; a code missing here is a server fault (500). */
const ENGINE_STATUS: Partial<Record<ErrorCode, number>> = {
  QUERY_TOO_LONG: 400,
  INVALID_PAGING: 400,
  DOCUMENT_NOT_FOUND: 404,
  // The index on disk is missing or unreadable: the server is up but cannot answer.
  INDEX_NOT_FOUND: 503,
  INDEX_CORRUPT: 503,
  INDEX_OPEN_TIMEOUT: 503,
  SEARCHER_STOPPED: 503,
  INDEX_FORMAT_MISMATCH: 503,
  INDEX_ANALYZER_MISMATCH: 503,
  // The search cluster (--engine) does not answer, or refuses a query.
  ENGINE_UNREACHABLE: 503,
  CLUSTER_ERROR: 503,
}

/** Answers requests no route took: 404 with the same JSON error shape as everything else. */
export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, 'NOT_FOUND', `no such resource: ${req.method} ${req.path}`)
}

/**
 * The one error middleware, registered last (Express recognises it by its four
 * parameters). Known errors become 4xx JSON `{ error: { code, message } }`; anything
 * else is logged with its stack and answered with a generic 500, so no stack trace or
 * internal path ever reaches a client.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (res.headersSent) {
    // Too late to answer with JSON; let Express close the connection.
    next(error)
    return
  }
  const { status, code, message } = describe(error)
  if (status >= 500) req.log.error({ err: error }, 'request failed')
  // A static file may fail after its headers were set (serve-static sets the file's type,
  // caching and validators before it finds a Range unsatisfiable); none of them describe
  // this JSON answer, and no error answer may be cached.
  for (const header of FILE_HEADERS) res.removeHeader(header)
  res.set('Cache-Control', 'no-store')
  res.status(status).json(errorBody(code, message))
}

/** Headers that describe a file being sent, not an error answer. Content-Range stays: a 416 names the file's length in it. */
const FILE_HEADERS = ['Content-Type', 'Content-Length', 'Cache-Control', 'ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Disposition'] as const

function describe (error: unknown): { status: number, code: string, message: string } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.message }
  if (error instanceof ZodError) return describeValidation(error)
  if (isZhsearchError(error)) {
    const status = ENGINE_STATUS[error.code] ?? 500
    if (status === 503) return { status, code: 'INDEX_UNAVAILABLE', message: unavailable(error) }
    if (status >= 500) return internal()
    return { status, code: error.code, message: error.message.replace(/^zhsearch: /, '') }
  }
  // Errors raised inside Express and its middleware carry a client status: an
  // undecodable path parameter (URIError, 400), a path serve-static refuses (400/403).
  const status = (error as { status?: unknown, statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (error instanceof URIError || status === 400) return { status: 400, code: 'MALFORMED_URL', message: 'the URL is not valid percent-encoded UTF-8' }
    if (status === 404) return { status, code: 'NOT_FOUND', message: 'no such resource' }
    if (status === 416) return { status, code: 'RANGE_NOT_SATISFIABLE', message: 'the requested byte range is outside the file' }
    return { status, code: 'BAD_REQUEST', message: 'the request cannot be answered' }
  }
  return internal()
}

/**
 * What a 503 says: which node of the search cluster does not answer (its host and port,
 * for whoever runs it), else only that the index is not available (no file paths or
 * details of a damaged index reach a client).
 */
function unavailable (error: ZhsearchError): string {
  if (error.code === 'ENGINE_UNREACHABLE') return error.message.replace(/^zhsearch: /, '')
  return 'the search index is not available right now; try again shortly'
}

/** A validation failure names the first bad parameter; paging and query length get the engine's codes. */
function describeValidation (error: ZodError): { status: number, code: string, message: string } {
  const issue = error.issues[0]
  const field = String(issue?.path[0] ?? '')
  const code = field === 'q' && issue?.code === 'too_big'
    ? 'QUERY_TOO_LONG'
    : field === 'limit' || field === 'offset' ? 'INVALID_PAGING' : 'INVALID_REQUEST'
  return { status: 400, code, message: issue?.message ?? 'invalid request' }
}

function internal (): { status: number, code: string, message: string } {
  return { status: 500, code: 'INTERNAL_ERROR', message: 'something went wrong on the server; the error was logged' }
}
