/**
 * All of the page's state is in the URL (`/?q=工会&page=2`, `/?doc=<id>&q=工会`), so
 * pages can be shared, reloaded and navigated with the back button. This module reads
 * and writes it; `history.state` only adds what a URL cannot say (the scroll position).
 */
import { API_LIMITS } from './api-shapes.js'

/** Hits per page when the URL does not say. */
export const PAGE_SIZE = 10

/** What the URL says to show. */
export interface Route {
  q: string
  page: number
  limit: number
  author: string
  doc: string
}

/** What the page keeps in `history.state`, besides the URL. */
export interface HistoryState {
  /** Scroll position to restore when coming back to this entry. */
  scrollY?: number
  /** This entry was reached from a results page in this tab, so "back to results" can use history.back(). */
  fromResults?: boolean
}

export function readRoute (): Route {
  const params = new URLSearchParams(location.search)
  const positive = (name: string, fallback: number): number => {
    const value = Number(params.get(name))
    return Number.isInteger(value) && value > 0 ? value : fallback
  }
  return {
    q: (params.get('q') ?? '').slice(0, API_LIMITS.maxQueryLength),
    page: positive('page', 1),
    limit: Math.min(positive('limit', PAGE_SIZE), API_LIMITS.maxLimit),
    author: params.get('author') ?? '',
    doc: params.get('doc') ?? '',
  }
}

/** The page URL for a route; defaults are left out so shared links stay short. */
export function routeUrl (route: Partial<Route>): string {
  const params = new URLSearchParams()
  if (route.doc !== undefined && route.doc !== '') params.set('doc', route.doc)
  if (route.q !== undefined && route.q.trim() !== '') params.set('q', route.q)
  if (route.author !== undefined && route.author !== '') params.set('author', route.author)
  if (route.page !== undefined && route.page > 1) params.set('page', String(route.page))
  if (route.limit !== undefined && route.limit !== PAGE_SIZE) params.set('limit', String(route.limit))
  const search = params.toString()
  return search === '' ? '/' : `/?${search}`
}

/** The URL of the entry being shown, in the form {@link routeUrl} writes. */
export function currentUrl (): string {
  return location.pathname + location.search
}

export function historyState (): HistoryState {
  return (history.state as HistoryState | null) ?? {}
}

/**
 * Puts `url` in the history: in place of the current entry (`replace`), or as a new
 * entry after it, remembering how far the current one was scrolled.
 */
export function writeHistory (url: string, { replace = false, state = {} }: { replace?: boolean, state?: HistoryState } = {}): void {
  if (replace) {
    // The refined page starts at the top; the old scroll position belonged to other results.
    const { scrollY: _old, ...rest } = historyState()
    history.replaceState({ ...rest, ...state }, '', url)
  } else {
    history.replaceState({ ...historyState(), scrollY: window.scrollY }, '', location.href)
    history.pushState(state, '', url)
  }
}
