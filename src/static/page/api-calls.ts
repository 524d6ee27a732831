/**
 * The search page's four questions, answered in the browser by a static export instead of
 * the search API: scripts/build-static.mjs builds the server's page with this module in
 * place of src/server/page/api-calls.ts, and everything else of the page is the same.
 * Answers have the API's shapes, errors are ApiErrors with the API's codes and statuses.
 * The page is at the top of the export, so the index is the page's own folder.
 */
import { ApiError } from '../../server/page/api-error.js'
import type { DocumentResponse, SearchResponse, StatsResponse, SuggestResponse } from '../../server/page/api-shapes.js'
// Built as an external import of ./zhsearch-static.js, the module beside the page.
import { openStaticIndex, type StaticSearch } from '../open-static-index.js'

export interface SearchParams {
  q: string
  limit: number
  offset: number
  author: string
}

/** The HTTP status the search API answers each error code with (src/server/error-handler.ts). */
const STATUS: Record<string, number> = {
  QUERY_TOO_LONG: 400,
  INVALID_PAGING: 400,
  INVALID_REQUEST: 400,
  DOCUMENT_NOT_FOUND: 404,
  STATIC_INDEX_UNREADABLE: 503,
}

let opened: Promise<StaticSearch> | undefined

/** The export, opened on first use (and again after a failure: the network may be back). */
function staticIndex (): Promise<StaticSearch> {
  if (opened === undefined) {
    // The page's folder (openStaticIndex takes a relative URL against the page).
    opened = openStaticIndex('.')
    opened.catch(() => { opened = undefined })
  }
  return opened
}

/** Runs a question against the export, its errors as the API's. */
async function ask<T> (question: (index: StaticSearch) => Promise<T>): Promise<T> {
  try {
    return await question(await staticIndex())
  } catch (error) {
    const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'STATIC_ERROR'
    throw new ApiError(STATUS[code] ?? 500, code, error instanceof Error ? error.message : String(error))
  }
}

// `signal` is not passed on: a search in the page cannot be interrupted halfway, and the
// page drops the answer of a request it aborted.
export async function fetchSearch ({ q, limit, offset, author }: SearchParams, _signal: AbortSignal): Promise<SearchResponse> {
  return await ask(async index => await index.search(q, { limit, offset, author }))
}

export async function fetchDocument (id: string, q: string, _signal: AbortSignal): Promise<DocumentResponse> {
  return await ask(async index => {
    const found = await index.highlightDocument(id, q)
    if (found === undefined) throw Object.assign(new Error(`no article with id ${JSON.stringify(id)}`), { code: 'DOCUMENT_NOT_FOUND' })
    const { body, ...article } = found.article
    return { ...article, paragraphs: body.split('\n').filter(paragraph => paragraph.trim() !== ''), html: found.html }
  })
}

export async function fetchSuggestions (prefix: string, limit: number, _signal: AbortSignal): Promise<SuggestResponse> {
  return await ask(async index => await index.suggest(prefix, limit))
}

export async function fetchStats (): Promise<StatsResponse> {
  return await ask(async index => {
    const { documents, terms, exportedAt } = index.stats()
    return { documents, terms, ageSeconds: Math.max(0, Math.round((Date.now() - Date.parse(exportedAt)) / 1000)) }
  })
}
