import { createError, describeValue as describe } from '../errors.js'
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, MAX_SUGGESTIONS } from '../options.js'
import { DEFAULT_SUGGESTIONS } from '../search/suggest.js'
import type { SearchRequest } from '../types.js'

/** A date filter as the library and the HTTP API take it: a year, a month or a day. */
export const DATE_FILTER = /^\d{4}(-\d{2}(-\d{2})?)?$/
/** How a date filter is written, for error messages. */
export const DATE_FILTER_FORMAT = 'YYYY-MM-DD (or YYYY-MM, YYYY)'
const FILTERS = ['author', 'source', 'dateFrom', 'dateTo'] as const

/**
 * A search request as the engine runs it, checked: a library caller may pass anything,
 * and each wrong argument is a ZhsearchError that names it, never a TypeError. A filter
 * that is absent, `undefined` or `''` is no filter.
 */
export function checkSearchRequest (request: unknown, maxQueryLength: number): Required<Pick<SearchRequest, 'query' | 'limit' | 'offset' | 'snippets'>> & SearchRequest {
  const given: Record<string, unknown> = typeof request === 'string' ? { query: request } : isObject(request) ? request : fail(`search() takes a query string or { query, limit?, offset?, … }, not ${describe(request)}`)
  const { query, limit = DEFAULT_LIMIT, offset = 0, snippets = true, explain = false } = given
  if (typeof query !== 'string') fail(`query must be a string, not ${describe(query)}`)
  if (query.length > maxQueryLength) throw createError('QUERY_TOO_LONG', query.length, maxQueryLength)
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) throw createError('INVALID_PAGING', `limit must be a whole number from 0 to ${MAX_LIMIT}, not ${describe(limit)}`)
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) throw createError('INVALID_PAGING', `offset must be a whole number from 0 to ${MAX_OFFSET}, not ${describe(offset)}`)
  if (typeof snippets !== 'boolean') fail(`snippets must be true or false, not ${describe(snippets)}`)
  if (typeof explain !== 'boolean') fail(`explain must be true or false, not ${describe(explain)}`)
  const filters: Partial<Record<(typeof FILTERS)[number], string>> = {}
  for (const name of FILTERS) {
    const value = given[name]
    // Absent or empty is no filter, as in the HTTP API (an empty form field sends '').
    if (value === undefined || value === '') continue
    if (typeof value !== 'string') fail(`${name} must be a string, not ${describe(value)}`)
    if ((name === 'dateFrom' || name === 'dateTo') && !DATE_FILTER.test(value)) fail(`${name} must be a date written ${DATE_FILTER_FORMAT}, not ${describe(value)}`)
    filters[name] = value
  }
  return { query, limit, offset, snippets, ...(explain ? { explain } : {}), ...filters }
}

/** The prefix of a suggest() call, checked. */
export function checkPrefix (prefix: unknown, limit: unknown, maxQueryLength: number, maxLimit = MAX_SUGGESTIONS): { prefix: string, limit: number } {
  if (typeof prefix !== 'string') fail(`suggest() takes the text typed so far as a string, not ${describe(prefix)}`)
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > maxLimit)) fail(`the number of suggestions must be a whole number from 0 to ${maxLimit}, not ${describe(limit)}`)
  return { prefix: prefix.slice(0, maxQueryLength), limit: (limit as number | undefined) ?? DEFAULT_SUGGESTIONS }
}

function isObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fail (detail: string): never {
  throw createError('INVALID_REQUEST', detail)
}
