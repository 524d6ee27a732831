/**
 * The page's four questions, asked of the search API over `fetch`. The static export's
 * page is built with its own module in this one's place (src/static/page/api-calls.ts):
 * everything else of the page is the same.
 */
import { ApiError } from './api-error.js'
import type { DocumentResponse, ErrorResponse, SearchResponse, StatsResponse, SuggestResponse } from './api-shapes.js'

async function getJson<T> (url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal: signal ?? null, headers: { Accept: 'application/json' } })
  if (!response.ok) {
    let code = 'HTTP_ERROR'
    let text = `HTTP ${response.status}`
    try {
      const body = await response.json() as Partial<ErrorResponse>
      code = body.error?.code ?? code
      text = body.error?.message ?? text
    } catch {
      // Not JSON (a proxy's error page): keep the status.
    }
    throw new ApiError(response.status, code, text)
  }
  return await response.json() as T
}

export interface SearchParams {
  q: string
  limit: number
  offset: number
  author: string
}

export async function fetchSearch ({ q, limit, offset, author }: SearchParams, signal: AbortSignal): Promise<SearchResponse> {
  const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset) })
  if (author !== '') params.set('author', author)
  return await getJson<SearchResponse>(`/api/search?${params.toString()}`, signal)
}

export async function fetchDocument (id: string, q: string, signal: AbortSignal): Promise<DocumentResponse> {
  return await getJson<DocumentResponse>(`/api/documents/${encodeURIComponent(id)}?${new URLSearchParams({ q }).toString()}`, signal)
}

export async function fetchSuggestions (prefix: string, limit: number, signal: AbortSignal): Promise<SuggestResponse> {
  return await getJson<SuggestResponse>(`/api/suggest?${new URLSearchParams({ q: prefix, limit: String(limit) }).toString()}`, signal)
}

export async function fetchStats (): Promise<StatsResponse> {
  return await getJson<StatsResponse>('/api/stats')
}
