/**
 * Talking to the search API: JSON over `fetch`, errors turned into what a person reads,
 * and a few recent answers kept so the back button shows a page at once.
 */
import { API_LIMITS, type DocumentResponse, type ErrorResponse, type SearchResponse, type StatsResponse, type SuggestResponse } from './api-shapes.js'

/** An answer of the API other than 2xx, with the code from its JSON error body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

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

/** What a person reads when a request failed. */
export function describeError (error: unknown): { title: string, detail: string } {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'QUERY_TOO_LONG': return { title: '查询太长了', detail: `请把搜索词缩短到 ${API_LIMITS.maxQueryLength} 个字符以内。` }
      case 'INVALID_PAGING': return { title: '没有这一页', detail: `结果最多翻到第 ${API_LIMITS.maxOffset} 条，请缩小搜索范围。` }
      case 'RATE_LIMITED': return { title: '请求太频繁', detail: '请稍等片刻再试。' }
      case 'INDEX_UNAVAILABLE': return { title: '索引暂时不可用', detail: '服务器正在准备索引，请稍后再试。' }
      case 'DOCUMENT_NOT_FOUND': return { title: '找不到这篇文章', detail: '它可能已从语料中删除，或者链接有误。' }
      default: return { title: '搜索服务出错了', detail: `服务器返回了错误（${error.status}）。请稍后重试。` }
    }
  }
  return { title: '无法连接到搜索服务', detail: '请检查网络连接或服务器是否在运行，然后重试。' }
}

/** A few recent answers, so the back button shows a page at once and at its old scroll position. */
const cache = new Map<string, unknown>()

/** Answers from the cache, or asks the server (calling `onWait` first, for a progress bar). */
async function cachedJson<T> (url: string, signal: AbortSignal, onWait: () => void): Promise<T> {
  if (cache.has(url)) return cache.get(url) as T
  onWait()
  const value = await getJson<T>(url, signal)
  cache.delete(url)
  cache.set(url, value)
  if (cache.size > 30) cache.delete(cache.keys().next().value as string)
  return value
}

/** Forgets the remembered answers (a retry after an error asks again). */
export function clearCache (): void {
  cache.clear()
}

export interface SearchParams {
  q: string
  limit: number
  offset: number
  author: string
}

export async function searchArticles ({ q, limit, offset, author }: SearchParams, signal: AbortSignal, onWait: () => void): Promise<SearchResponse> {
  const params = new URLSearchParams({ q, limit: String(limit), offset: String(offset) })
  if (author !== '') params.set('author', author)
  return await cachedJson<SearchResponse>(`/api/search?${params.toString()}`, signal, onWait)
}

export async function getArticle (id: string, q: string, signal: AbortSignal, onWait: () => void): Promise<DocumentResponse> {
  return await cachedJson<DocumentResponse>(`/api/documents/${encodeURIComponent(id)}?${new URLSearchParams({ q }).toString()}`, signal, onWait)
}

export async function suggest (prefix: string, limit: number, signal: AbortSignal): Promise<SuggestResponse> {
  return await getJson<SuggestResponse>(`/api/suggest?${new URLSearchParams({ q: prefix, limit: String(limit) }).toString()}`, signal)
}

export async function getStats (): Promise<StatsResponse> {
  return await getJson<StatsResponse>('/api/stats')
}

/**
 * Words of the index close to a query that found nothing: completions of the start of
 * its longest term (火星 → words starting with 火). Best effort; empty when none.
 */
export async function alternativesFor (q: string, signal: AbortSignal): Promise<string[]> {
  const terms = q.split(/\s+/).filter(term => term !== '' && !term.startsWith('-')).map(term => term.replace(/^\w+:|"/g, ''))
  const longest = terms.sort((a, b) => b.length - a.length)[0] ?? ''
  for (const length of [2, 1]) {
    if (longest.length < length) continue
    try {
      const answer = await suggest(longest.slice(0, length), 5, signal)
      if (answer.words.length > 0) return answer.words
    } catch {
      return []
    }
  }
  return []
}
