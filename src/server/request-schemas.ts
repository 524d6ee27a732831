import { z } from 'zod'
import { DATE_FILTER, DATE_FILTER_FORMAT, DEFAULT_OPTIONS } from '../internal.js'
import { HttpError } from './http-error.js'

/*
 * The HTTP API's own limits, tighter than the library's (MAX_LIMIT, MAX_OFFSET in
 * src/options.ts): a page is read by a person. The search page mirrors them
 * (src/server/page/api-shapes.ts, index.html), checked by page-api-contract.test.ts.
 */

/** Longest query the API accepts, in characters: the engine's own limit. */
export const API_MAX_QUERY_LENGTH = DEFAULT_OPTIONS.maxQueryLength
/** Most hits one page may ask for. */
export const API_MAX_LIMIT = 100
/**
 * Deepest offset a page may start at. Ranking is done for every match anyway, but
 * nobody reads past the thousandth result, and a bound keeps paging requests cheap to
 * validate and impossible to abuse with huge numbers.
 */
export const API_MAX_OFFSET = 1000
/** Most suggestions of each kind (words, titles). */
export const API_MAX_SUGGESTIONS = 20
/** Longest document id accepted; real ids are a corpus path and a number. */
export const API_MAX_ID_LENGTH = 512

/** The query string of a request, decoded; a key given twice holds an array. */
export type RawQuery = Record<string, string | string[]>

/**
 * Decodes the query string of `url` into a new object (Express 5's `req.query` is a
 * read-only getter, and its parser silently turns malformed percent-encoding such as
 * `%E4%B8` into replacement characters, which would then be searched for). Malformed
 * encoding is refused here, before any schema or engine code runs.
 */
export function readQuery (url: string): RawQuery {
  const at = url.indexOf('?')
  const query: RawQuery = Object.create(null) as RawQuery
  if (at === -1) return query
  for (const pair of url.slice(at + 1).split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const key = decodeComponent(equals === -1 ? pair : pair.slice(0, equals))
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1))
    const before = query[key]
    query[key] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value]
  }
  return query
}

function decodeComponent (text: string): string {
  try {
    // Forms encode spaces as `+`; a literal plus arrives as %2B.
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    throw new HttpError(400, 'MALFORMED_URL', 'the query string is not valid percent-encoded UTF-8')
  }
}

/** One query-string parameter given at most once, as text. */
const single = (name: string) => z.string({ error: issue => issue.input === undefined ? `${name} is required` : `${name} must be given once, as text` })

/** A whole number written in decimal digits only (no sign, exponent or fraction). */
const wholeNumber = (name: string, max: number) => single(name)
  .regex(/^\d{1,9}$/, `${name} must be a whole number ≥ 0`)
  .transform(Number)
  .pipe(z.number().max(max, `${name} must be at most ${max}`))

const queryText = single('q').max(API_MAX_QUERY_LENGTH, `q must be at most ${API_MAX_QUERY_LENGTH} characters`)

/** An optional filter: absent or empty (as an empty form field sends it) means no filter. */
const optionalFilter = <T extends z.ZodType<string>>(schema: T) =>
  z.preprocess(value => value === '' ? undefined : value, schema.optional())

/** A date filter, written as the library takes it. */
const dateFilter = (name: string) => optionalFilter(single(name).regex(DATE_FILTER, `${name} must be a date written ${DATE_FILTER_FORMAT}`))

/** A switch: `1`/`true` on, `0`/`false` (or absent) off. */
const flag = (name: string) => single(name)
  .regex(/^(?:1|0|true|false)$/, `${name} must be 1 or 0 (true or false)`)
  .transform(value => value === '1' || value === 'true')
  .optional()

const filterText = (name: string) => optionalFilter(single(name).max(200, `${name} must be at most 200 characters`))

/** `GET /api/search`: the query (missing means empty), paging, optional filters and `explain`. */
export const SearchQuerySchema = z.object({
  q: queryText.default(''),
  limit: wholeNumber('limit', API_MAX_LIMIT).default(10),
  offset: wholeNumber('offset', API_MAX_OFFSET).default(0),
  author: filterText('author'),
  source: filterText('source'),
  dateFrom: dateFilter('dateFrom'),
  dateTo: dateFilter('dateTo'),
  explain: flag('explain'),
})
/** A validated search request. */
export type SearchQuery = z.infer<typeof SearchQuerySchema>

/** `GET /api/suggest`: the text typed so far. */
export const SuggestQuerySchema = z.object({
  q: queryText.default(''),
  limit: wholeNumber('limit', API_MAX_SUGGESTIONS).default(8),
})
/** A validated suggest request. */
export type SuggestQuery = z.infer<typeof SuggestQuerySchema>

/** `GET /api/documents/:id`: the query whose terms to mark in the article. */
export const DocumentQuerySchema = z.object({
  q: queryText.default(''),
})

/** `:id` of `GET /api/documents/:id`. */
export const DocumentParamsSchema = z.object({
  id: z.string().min(1, 'id must not be empty').max(API_MAX_ID_LENGTH, `id must be at most ${API_MAX_ID_LENGTH} characters`),
})
