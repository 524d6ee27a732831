/** The results view: summary, author filter, hits with snippets, and the pager. */
import { API_LIMITS, type FacetCount, type SearchHit, type SearchResponse } from './api-shapes.js'
import { metaLine } from './article-meta.js'
import { $, type Child, fill, h, highlighted } from './dom.js'
import { formatMs, formatNumber } from './format.js'
import { type Route, routeUrl } from './url-state.js'
import { showView } from './views.js'

const summary = $('summary')
const facets = $('facets')
const results = $<HTMLOListElement>('results')
const pager = $('pager')

export function renderResults (answer: SearchResponse, route: Route): void {
  showView('results')
  const first = answer.offset + 1
  const last = answer.offset + answer.hits.length
  fill(summary,
    h('span', { class: 'summary-total' }, '找到 ', h('strong', {}, formatNumber(answer.total)), ' 篇文章'),
    h('span', { class: 'summary-time' }, `用时 ${formatMs(answer.tookMs)}`),
    answer.total > answer.limit && answer.hits.length > 0 ? h('span', { class: 'summary-range' }, `第 ${first}–${last} 篇`) : null,
    // The engine fell back to articles with only some of the words: say so, or the
    // results look wrong.
    answer.relaxed === true ? h('span', { class: 'summary-note' }, '没有文章包含全部词语，以下结果只包含其中一部分。') : null,
    answer.partial === true ? h('span', { class: 'summary-note' }, '搜索超时，结果可能不完整。') : null,
  )
  renderFacets(answer.facets.authors, route)
  results.setAttribute('start', String(first))
  fill(results, ...answer.hits.map(hit => renderHit(hit, route.q)))
  if (answer.hits.length === 0) {
    fill(results, h('li', { class: 'hit hit-empty' }, '这一页没有结果了。', h('a', { href: routeUrl({ ...route, page: 1 }) }, '回到第一页')))
  }
  renderPager(answer, route)
}

function renderHit (hit: SearchHit, q: string): HTMLElement {
  return h('li', { class: 'hit', 'data-id': hit.id },
    hit.highlights.kicker !== undefined ? h('p', { class: 'hit-kicker' }, highlighted(hit.highlights.kicker)) : null,
    h('h2', { class: 'hit-title' }, h('a', { href: routeUrl({ doc: hit.id, q }) }, highlighted(hit.highlights.title))),
    metaLine(hit, hit.highlights.byline, 'hit-meta'),
    // The engine cuts fragments at sentence ends and marks its own cuts with "…": they
    // are shown whole, never clipped again to a number of lines.
    hit.snippets.length > 0
      ? h('p', { class: 'hit-snippet' }, ...hit.snippets.flatMap((snippet, i) => [i > 0 ? snippetGap(hit.snippets[i - 1]!, snippet) : null, highlighted(snippet)]))
      : null,
  )
}

/** Between two fragments: an ellipsis, unless one of them already shows where it was cut. */
function snippetGap (before: string, after: string): HTMLElement {
  const cut = before.endsWith('…') || after.startsWith('…')
  return h('span', { class: 'gap', 'aria-hidden': 'true' }, cut ? ' ' : ' … ')
}

function renderFacets (authors: readonly FacetCount[], route: Route): void {
  // A filter that everything shares filters nothing; show the facet only when it can narrow.
  const useful = authors.length > 1 || route.author !== ''
  facets.hidden = !useful
  if (!useful) {
    facets.replaceChildren()
    return
  }
  const shown = authors.slice(0, 8)
  if (route.author !== '' && !shown.some(facet => facet.value === route.author)) shown.unshift({ value: route.author, count: 0 })
  facets.replaceChildren(
    h('span', { class: 'facets-label', id: 'facets-label' }, '记者/作者'),
    h('ul', { class: 'facet-list', 'aria-labelledby': 'facets-label' }, ...shown.map(facet => {
      const active = facet.value === route.author
      const link = h('a', {
        class: 'chip facet' + (active ? ' is-active' : ''),
        href: routeUrl({ ...route, author: active ? '' : facet.value, page: 1 }),
        'aria-current': active ? 'true' : undefined,
        title: active ? `取消筛选：${facet.value}` : `只看 ${facet.value} 的文章`,
      }, facet.value, facet.count > 0 ? h('span', { class: 'facet-count' }, String(facet.count)) : null, active ? h('span', { 'aria-hidden': 'true', class: 'facet-clear' }, ' ×') : null)
      return h('li', {}, link)
    })),
  )
}

function renderPager (answer: SearchResponse, route: Route): void {
  const lastPage = Math.min(Math.ceil(answer.total / route.limit), Math.floor(API_LIMITS.maxOffset / route.limit) + 1)
  pager.hidden = lastPage <= 1
  if (lastPage <= 1) {
    fill(pager)
    return
  }
  const current = route.page
  const pageLink = (page: number, label: string, extra: Record<string, string | undefined> = {}): HTMLElement =>
    h('a', { href: routeUrl({ ...route, page }), class: 'page-link', ...extra }, label)
  const numbers: Child[] = []
  for (const page of visiblePages(current, lastPage)) {
    if (page === undefined) numbers.push(h('span', { class: 'page-gap', 'aria-hidden': 'true' }, '…'))
    else if (page === current) numbers.push(h('a', { href: routeUrl({ ...route, page }), class: 'page-link is-current', 'aria-current': 'page', 'aria-label': `第 ${page} 页，当前页` }, String(page)))
    else numbers.push(pageLink(page, String(page), { 'aria-label': `第 ${page} 页` }))
  }
  fill(pager,
    current > 1 ? pageLink(current - 1, '‹ 上一页', { rel: 'prev', class: 'page-link page-step' }) : h('span', { class: 'page-link page-step is-disabled', 'aria-hidden': 'true' }, '‹ 上一页'),
    ...numbers,
    current < lastPage ? pageLink(current + 1, '下一页 ›', { rel: 'next', class: 'page-link page-step' }) : h('span', { class: 'page-link page-step is-disabled', 'aria-hidden': 'true' }, '下一页 ›'),
  )
}

/** Page numbers around the current one, the first and the last; `undefined` marks a gap. */
function visiblePages (current: number, last: number): Array<number | undefined> {
  const pages: Array<number | undefined> = []
  for (let page = 1; page <= last; page++) {
    if (page === 1 || page === last || Math.abs(page - current) <= 2) pages.push(page)
    else if (pages[pages.length - 1] !== undefined) pages.push(undefined)
  }
  return pages
}
