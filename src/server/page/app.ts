/**
 * The search page: results as you type, suggestions, paging and the article view, with
 * all state in the URL (url-state.ts). This file only wires the parts together: every
 * navigation, the back button and the first load end in {@link render}, which shows
 * what the URL says.
 */
import { alternativesFor, clearCache, getArticle, getStats, searchArticles } from './api-client.js'
import { API_LIMITS } from './api-shapes.js'
import { renderArticle } from './article-view.js'
import { $ } from './dom.js'
import { formatAge, formatNumber } from './format.js'
import { renderError, renderNoResults } from './message-view.js'
import { renderResults } from './results-view.js'
import { createSearchBox } from './search-box.js'
import { historyState, type HistoryState, type HistoryWrite, readRoute, routeUrl, settleHistory, writeHistory } from './url-state.js'
import { focusMainContent, showProgress, showView } from './views.js'

let renderController: AbortController | undefined

/** Shows what the URL says. While `typing`, the box and its suggestions are the person's and stay as they are. */
async function render ({ typing = false }: { typing?: boolean } = {}): Promise<void> {
  const route = readRoute()
  renderController?.abort()
  const controller = renderController = new AbortController()
  const { signal } = controller
  const wait = (): void => showProgress(true)
  if (!typing) {
    searchBox.setValue(route.q)
    searchBox.closeSuggestions()
  }
  try {
    if (route.doc !== '') {
      const article = await getArticle(route.doc, route.q, signal, wait)
      if (!signal.aborted) renderArticle(article, route)
    } else if (route.q.trim() !== '') {
      const answer = await searchArticles({ ...route, offset: Math.min((route.page - 1) * route.limit, API_LIMITS.maxOffset) }, signal, wait)
      const alternatives = answer.total === 0 ? await alternativesFor(route.q, signal) : []
      if (signal.aborted) return
      document.title = `${route.q} - zhsearch 搜索`
      if (answer.total === 0) renderNoResults(route, alternatives)
      else renderResults(answer, route)
    } else {
      document.title = 'zhsearch · 中文全文检索'
      showView('home')
    }
  } catch (error) {
    if (!signal.aborted) renderError(error, route, () => { clearCache(); void render() })
  } finally {
    if (renderController === controller) showProgress(false)
  }
  if (!signal.aborted) window.scrollTo(0, historyState().scrollY ?? 0)
}

/** Goes to `url`, entering it in the history as `how` says, and shows it. */
function navigate (url: string, how: HistoryWrite, state: HistoryState = {}): void {
  writeHistory(url, how, state)
  void render({ typing: how === 'typing' })
}

const searchBox = createSearchBox({
  search: (q, how) => { navigate(routeUrl({ q, limit: readRoute().limit }), how) },
  openArticle: (doc, q) => { navigate(routeUrl({ doc, q }), 'link', { fromResults: readRoute().q !== '' }) },
  settle: settleHistory,
})

document.addEventListener('click', event => {
  // Same-page links are followed without reloading; new-tab and modified clicks, and
  // links to a part of the page, are the browser's.
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const link = (event.target as Element | null)?.closest('a')
  if (link === null || link === undefined || link.origin !== location.origin || link.pathname !== '/' || link.hash !== '') return
  event.preventDefault()
  const route = readRoute()
  navigate(link.pathname + link.search, 'link', { fromResults: route.q !== '' && route.doc === '' })
})
$('skip-link').addEventListener('click', event => {
  // The view decides where its main content starts; the URL keeps no #main.
  event.preventDefault()
  focusMainContent()
})
window.addEventListener('popstate', () => { void render() })
history.scrollRestoration = 'manual'

void render()
void getStats().then(stats => {
  const age = stats.ageSeconds !== undefined ? ` · 索引更新于${formatAge(stats.ageSeconds)}` : ''
  $('index-info').textContent = `已索引 ${formatNumber(stats.documents)} 篇文章、${formatNumber(stats.terms)} 个词项${age}`
}, () => { /* The footer line is a nicety; without stats it stays empty. */ })
