/** The article view: one article in full, with the query's words marked. */
import type { DocumentResponse } from './api-shapes.js'
import { detailsList, metaLine } from './article-meta.js'
import { $, fill, h, highlighted } from './dom.js'
import { historyState, type Route, routeUrl } from './url-state.js'
import { showView } from './views.js'

const articleView = $('article-view')

export function renderArticle (article: DocumentResponse, route: Route): void {
  showView('article')
  document.title = `${article.title} - zhsearch`
  const back = h('a', { class: 'back-link', href: routeUrl({ q: route.q }) }, route.q !== '' ? '← 返回搜索结果' : '← 返回首页')
  back.addEventListener('click', event => {
    // Coming from a results page in this tab, going back restores that page exactly
    // (and keeps the history a person expects); a shared link goes to a fresh search.
    if (historyState().fromResults === true && !(event.metaKey || event.ctrlKey || event.shiftKey)) {
      event.preventDefault()
      history.back()
    }
  })
  const paragraphs = article.html.paragraphs.map(html => h('p', {}, highlighted(html)))
  const body = h('div', { class: 'article-body' }, ...paragraphs)
  const marks = body.querySelectorAll('mark').length
  fill(articleView,
    h('nav', { class: 'article-nav', 'aria-label': '文章导航' }, back),
    article.html.kicker !== undefined ? h('p', { class: 'article-kicker' }, highlighted(article.html.kicker)) : null,
    h('h1', { class: 'article-title', tabindex: '-1' }, highlighted(article.html.title)),
    metaLine(article, article.html.byline, 'article-meta'),
    route.q !== '' && marks > 0 ? h('p', { class: 'article-matches' }, `“${route.q}”在文中标出 ${marks} 处`) : null,
    body,
    h('footer', { class: 'article-details', 'aria-labelledby': 'article-details-title' },
      h('h2', { class: 'article-details-title', id: 'article-details-title' }, '文章信息'),
      detailsList(article)),
  )
  if (historyState().scrollY === undefined) articleView.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true })
}
