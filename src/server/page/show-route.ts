/** What each kind of URL shows: an article, results (or the lack of them), or the home page. */
import { alternativesFor, getArticle, searchArticles } from './api-client.js'
import { API_LIMITS } from './api-shapes.js'
import { renderArticle } from './article-view.js'
import { renderNoResults } from './message-view.js'
import { renderResults } from './results-view.js'
import type { Route } from './url-state.js'
import { showView } from './views.js'

/**
 * Fetches what `route` needs and shows it, unless `signal` aborts first (a newer
 * navigation). `wait` is called before any request the cache cannot answer. Throws
 * what the API throws; the caller shows the error.
 */
export async function showRoute (route: Route, signal: AbortSignal, wait: () => void): Promise<void> {
  if (route.doc !== '') {
    const article = await getArticle(route.doc, route.q, signal, wait)
    if (!signal.aborted) renderArticle(article, route)
  } else if (route.q.trim() !== '') {
    const offset = Math.min((route.page - 1) * route.limit, API_LIMITS.maxOffset)
    const answer = await searchArticles({ ...route, offset }, signal, wait)
    const alternatives = answer.total === 0 ? await alternativesFor(route.q, signal) : []
    if (signal.aborted) return
    document.title = `${route.q} - zhsearch 搜索`
    if (answer.total === 0) renderNoResults(route, alternatives)
    else renderResults(answer, route)
  } else {
    document.title = 'zhsearch · 中文全文检索'
    showView('home')
  }
}
