/**
 * The JSON the page reads from the search API: the fields it uses and the limits it
 * must respect. Declared here rather than imported from the server, so the page
 * compiles on its own (browser library, no Node types, no engine source).
 * tests/integration/http/page-api-contract.test.ts checks that the server's types and
 * limits still satisfy these, so a change on either side fails the type check.
 */

/** Limits of the API's request parameters (src/server/request-schemas.ts). */
export const API_LIMITS = {
  /** Longest query, in characters. */
  maxQueryLength: 256,
  /** Most hits one request may ask for. */
  maxLimit: 100,
  /** Deepest offset a request may start at. */
  maxOffset: 1000,
} as const

/** Where an article came from in the corpus. */
export interface Origin {
  file: string
  ordinal: number
  line?: number
}

/** The metadata of an article that the page shows beside its title. */
export interface ArticleMeta {
  id: string
  title: string
  kicker?: string
  byline?: string
  reporters?: string[]
  correspondents?: string[]
  author?: string
  source?: string
  date?: string
  url?: string
  /** Where the article came from in the corpus folder (absent for articles added through the library). */
  origin?: Origin
}

/** One hit of `GET /api/search`. Highlights and snippets are escaped HTML with `<mark>`. */
export interface SearchHit extends ArticleMeta {
  snippets: string[]
  highlights: { title: string, kicker?: string, byline?: string }
}

export interface FacetCount {
  value: string
  count: number
}

/** `GET /api/search`. */
export interface SearchResponse {
  total: number
  relaxed?: boolean
  partial?: boolean
  offset: number
  limit: number
  hits: SearchHit[]
  facets: { authors: FacetCount[] }
  tookMs: number
}

/** `GET /api/documents/:id`: `html` is escaped HTML with the query's words in `<mark>`. */
export interface DocumentResponse extends ArticleMeta {
  html: { title: string, kicker?: string, byline?: string, paragraphs: string[] }
}

/** `GET /api/suggest`. */
export interface SuggestResponse {
  words: string[]
  titles: Array<{ id: string, title: string }>
}

/** `GET /api/stats`. */
export interface StatsResponse {
  documents: number
  terms: number
  ageSeconds?: number
}

/** Every 4xx/5xx answer of the API. */
export interface ErrorResponse {
  error: { code: string, message: string }
}
