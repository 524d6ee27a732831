/**
 * The search page: results as you type, suggestions, paging and the article view, with
 * all state in the URL (url-state.ts). This file only wires the parts together: every
 * navigation, the back button and the first load end in {@link render}.
 */
import { clearCache, getStats } from './api-client.js'
import { $ } from './dom.js'
import { renderError } from './message-view.js'
import { createSearchBox } from './search-box.js'
import { showRoute } from './show-route.js'
import { followPageLinks, historyState, type HistoryState, type HistoryWrite, readRoute, routeUrl, settleHistory, writeHistory } from './url-state.js'
import { focusMainContent, showIndexInfo, showProgress } from './views.js'

let current: AbortController | undefined

/** Shows what the URL says. While `typing`, the box and its suggestions are the person's and stay as they are. */
async function render ({ typing = false }: { typing?: boolean } = {}): Promise<void> {
  const route = readRoute()
  current?.abort()
  const controller = current = new AbortController()
  if (!typing) {
    searchBox.setValue(route.q)
    searchBox.closeSuggestions()
  }
  try {
    await showRoute(route, controller.signal, () => showProgress(true))
  } catch (error) {
    if (!controller.signal.aborted) renderError(error, route, () => { clearCache(); void render() })
  } finally {
    if (current === controller) showProgress(false)
  }
  if (!controller.signal.aborted) window.scrollTo(0, historyState().scrollY ?? 0)
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
followPageLinks((url, state) => { navigate(url, 'link', state) })
$('skip-link').addEventListener('click', event => {
  // The view decides where its main content starts; the URL keeps no #main.
  event.preventDefault()
  focusMainContent()
})
window.addEventListener('popstate', () => { void render() })
history.scrollRestoration = 'manual'

// On a page that asks for nothing, text already in the box was typed before this script ran:
// it is the person's, kept and searched as typed.
const opened = readRoute()
const typedEarly = opened.q === '' && opened.doc === '' && searchBox.resumeTyping()
void render({ typing: typedEarly })
// The footer line is a nicety: without stats it stays empty.
getStats().then(showIndexInfo, () => {})
