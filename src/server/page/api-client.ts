/**
 * Talking to the search API (api-calls.ts), errors turned into what a person reads, and a
 * few recent answers kept so the back button shows a page at once.
 */
import { fetchDocument, fetchSearch, fetchStats, fetchSuggestions, type SearchParams } from './api-calls.js'
import { ApiError } from './api-error.js'
import { API_LIMITS, type DocumentResponse, type SearchResponse, type StatsResponse, type SuggestResponse } from './api-shapes.js'

export { ApiError } from './api-error.js'
export type { SearchParams } from './api-calls.js'

/** What a person reads when a request failed. */
export function describeError (error: unknown): { title: string, detail: string } {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'QUERY_TOO_LONG': return { title: '查询太长了', detail: `请把搜索词缩短到 ${API_LIMITS.maxQueryLength} 个字符以内。` }
      case 'INVALID_PAGING': return { title: '没有这一页', detail: `结果最多翻到第 ${API_LIMITS.maxOffset} 条，请缩小搜索范围。` }
      case 'RATE_LIMITED': return { title: '请求太频繁', detail: '请稍等片刻再试。' }
      case 'INDEX_UNAVAILABLE': return { title: '索引暂时不可用', detail: '服务器正在准备索引，请稍后再试。' }
      case 'DOCUMENT_NOT_FOUND': return { title: '找不到这篇文章', detail: '它可能已从语料中删除，或者链接有误。' }
      case 'STATIC_INDEX_UNREADABLE': return { title: '索引文件无法读取', detail: '搜索需要的文件没有加载成功。请检查网络连接，然后重试。' }
      default: return { title: '搜索服务出错了', detail: `服务器返回了错误（${error.status}）。请稍后重试。` }
    }
  }
  return { title: '无法连接到搜索服务', detail: '请检查网络连接或服务器是否在运行，然后重试。' }
}

/** A few recent answers, so the back button shows a page at once and at its old scroll position. */
const cache = new Map<string, unknown>()

/** Answers from the cache, or asks (calling `onWait` first, for a progress bar). */
async function cached<T> (key: string, ask: () => Promise<T>, onWait: () => void): Promise<T> {
  if (cache.has(key)) return cache.get(key) as T
  onWait()
  const value = await ask()
  cache.delete(key)
  cache.set(key, value)
  if (cache.size > 30) cache.delete(cache.keys().next().value as string)
  return value
}

/** Forgets the remembered answers (a retry after an error asks again). */
export function clearCache (): void {
  cache.clear()
}

export async function searchArticles (params: SearchParams, signal: AbortSignal, onWait: () => void): Promise<SearchResponse> {
  return await cached(`search ${JSON.stringify(params)}`, async () => await fetchSearch(params, signal), onWait)
}

export async function getArticle (id: string, q: string, signal: AbortSignal, onWait: () => void): Promise<DocumentResponse> {
  return await cached(`document ${JSON.stringify([id, q])}`, async () => await fetchDocument(id, q, signal), onWait)
}

export async function suggest (prefix: string, limit: number, signal: AbortSignal): Promise<SuggestResponse> {
  return await fetchSuggestions(prefix, limit, signal)
}

export async function getStats (): Promise<StatsResponse> {
  return await fetchStats()
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
