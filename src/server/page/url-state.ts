/**
 * All of the page's state is in the URL (`/?q=工会&page=2`, `/?doc=<id>&q=工会`, the page's own path before the `?`), so
 * pages can be shared, reloaded and navigated with the back button. This module reads
 * and writes it; `history.state` only adds what a URL cannot say (the scroll position,
 * whether an entry is still being typed into).
 */
import { API_LIMITS } from './api-shapes.js'

/** Hits per page when the URL does not say. */
export const PAGE_SIZE = 10

/** Where this page is: `/` on the server; a static export's page works wherever it is served from. */
const PAGE_PATH = location.pathname

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
  /** Results shown while typing, not yet settled: more typing refines this entry instead of adding one. */
  typed?: boolean
}

/**
 * How a navigation enters the history. A `link` (a page number, an article, a filter)
 * adds an entry. Results shown while `typing` add one entry where typing starts and
 * then refine it, so Back skips the half-typed queries; a `submit`ted query (Enter, a
 * chosen suggestion) settles the entry being typed into, or adds its own.
 */
export type HistoryWrite = 'link' | 'typing' | 'submit'

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
  return search === '' ? PAGE_PATH : `${PAGE_PATH}?${search}`
}

/** The URL of the entry being shown, in the form {@link routeUrl} writes. */
export function currentUrl (): string {
  return location.pathname + location.search
}

export function historyState (): HistoryState {
  return (history.state as HistoryState | null) ?? {}
}

/** Puts `url` in the history as `how` says (see {@link HistoryWrite}). */
export function writeHistory (url: string, how: HistoryWrite, state: HistoryState = {}): void {
  if (how !== 'link' && historyState().typed === true) {
    // Refine the entry being typed into. It starts at the top: the old scroll position
    // belonged to other results.
    history.replaceState(how === 'typing' ? { ...state, typed: true } : state, '', url)
    return
  }
  if (url === currentUrl()) return
  // Leaving an entry settles it, and remembers how far it was scrolled for Back.
  const { typed: _typed, ...current } = historyState()
  history.replaceState({ ...current, scrollY: window.scrollY }, '', location.href)
  history.pushState(how === 'typing' ? { ...state, typed: true } : state, '', url)
}

/** The results being typed have settled (a pause, or the box was left): more typing adds an entry. */
export function settleHistory (): void {
  const { typed, ...rest } = historyState()
  if (typed === true) history.replaceState(rest, '', location.href)
}

/**
 * Follows links to this page without reloading it, through `navigate`. New-tab and
 * modified clicks, other sites, and links to a part of the page stay the browser's.
 */
export function followPageLinks (navigate: (url: string, state: HistoryState) => void): void {
  document.addEventListener('click', event => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const link = (event.target as Element | null)?.closest('a')
    if (link === null || link === undefined || link.origin !== location.origin || link.pathname !== PAGE_PATH || link.hash !== '') return
    event.preventDefault()
    const route = readRoute()
    navigate(link.pathname + link.search, { fromResults: route.q !== '' && route.doc === '' })
  })
}
