/**
 * The search page: results as you type, suggestions, paging and the article view, with
 * all state in the URL (`/?q=工会&page=2`, `/?doc=<id>&q=工会`) so that pages can be
 * shared, reloaded and navigated with the back button.
 *
 * Document text only ever reaches the page as text nodes. The server's highlighted HTML
 * (escaped text with `<mark>`) is turned into nodes by {@link highlighted}, which knows
 * exactly two tags, so even a server bug could not inject markup.
 */
import type { DocumentResponse, ErrorResponse, FacetCount, SearchHit, SearchResponse, StatsResponse, SuggestResponse } from '../api-types.js'

const PAGE_SIZE = 10
/** The API refuses deeper offsets (request-schemas.ts MAX_OFFSET). */
const MAX_OFFSET = 1000
/** Pause in typing before results are fetched: long enough to skip the middle of a word. */
const SEARCH_DELAY_MS = 220
/** Suggestions come sooner: they are what helps while the word is still being typed. */
const SUGGEST_DELAY_MS = 90
/** Show the progress bar only for slow answers, so fast ones do not flicker. */
const PROGRESS_DELAY_MS = 150

/** What the URL says to show. */
interface Route {
  q: string
  page: number
  limit: number
  author: string
  doc: string
}

/** What the page keeps in `history.state`, besides the URL. */
interface HistoryState {
  /** Scroll position to restore when coming back to this entry. */
  scrollY?: number
  /** This entry was reached from a results page in this tab, so "back to results" can use history.back(). */
  fromResults?: boolean
}

class ApiError extends Error {
  readonly status: number
  readonly code: string

  constructor (status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`the page has no #${id}`)
  return element as T
}

const form = $<HTMLFormElement>('search-form')
const input = $<HTMLInputElement>('q')
const clearButton = $<HTMLButtonElement>('clear')
const suggestionList = $<HTMLUListElement>('suggestions')
const progress = $('progress')
const main = $('main')
const homeView = $('home-view')
const resultsView = $('results-view')
const summary = $('summary')
const facets = $('facets')
const results = $<HTMLOListElement>('results')
const pager = $('pager')
const articleView = $('article-view')
const message = $('message')
const indexInfo = $('index-info')

// ---------------------------------------------------------------------------
// Small DOM helpers

type Child = Node | string | null | undefined | false

/** Creates an element; strings become text nodes, never markup. */
function h (tag: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value)
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    element.append(child)
  }
  return element
}

/** Replaces an element's content; skips the empty children that conditional rendering leaves. */
function fill (element: HTMLElement, ...children: Child[]): void {
  element.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false))
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decodeEntities (text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16))
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10))
    return ENTITIES[name.toLowerCase()] ?? entity
  })
}

/**
 * The server's highlighted HTML as nodes: escaped text with `<mark>…</mark>` around the
 * matches. Only those two tags become elements; anything else stays visible text.
 */
function highlighted (html: string): DocumentFragment {
  const fragment = document.createDocumentFragment()
  let mark: HTMLElement | undefined
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') {
      mark = document.createElement('mark')
      fragment.append(mark)
    } else if (part === '</mark>') {
      mark = undefined
    } else if (part !== '') {
      (mark ?? fragment).append(decodeEntities(part))
    }
  }
  return fragment
}

function formatNumber (value: number): string {
  return value.toLocaleString('zh-CN')
}

function formatMs (ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} 毫秒`
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} 毫秒`
  return `${(ms / 1000).toFixed(2)} 秒`
}

function formatAge (seconds: number): string {
  if (seconds < 60) return '刚刚'
  if (seconds < 3600) return `${Math.round(seconds / 60)} 分钟前`
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} 小时前`
  return `${Math.round(seconds / 86_400)} 天前`
}

// ---------------------------------------------------------------------------
// The URL

function readRoute (): Route {
  const params = new URLSearchParams(location.search)
  const positive = (name: string, fallback: number): number => {
    const value = Number(params.get(name))
    return Number.isInteger(value) && value > 0 ? value : fallback
  }
  return {
    q: (params.get('q') ?? '').slice(0, 256),
    page: positive('page', 1),
    limit: Math.min(positive('limit', PAGE_SIZE), 100),
    author: params.get('author') ?? '',
    doc: params.get('doc') ?? '',
  }
}

/** The page URL for a route; defaults are left out so shared links stay short. */
function routeUrl (route: Partial<Route>): string {
  const params = new URLSearchParams()
  if (route.doc !== undefined && route.doc !== '') params.set('doc', route.doc)
  if (route.q !== undefined && route.q.trim() !== '') params.set('q', route.q)
  if (route.author !== undefined && route.author !== '') params.set('author', route.author)
  if (route.page !== undefined && route.page > 1) params.set('page', String(route.page))
  if (route.limit !== undefined && route.limit !== PAGE_SIZE) params.set('limit', String(route.limit))
  const search = params.toString()
  return search === '' ? '/' : `/?${search}`
}

function historyState (): HistoryState {
  return (history.state as HistoryState | null) ?? {}
}

/**
 * Goes to `url`. Typing refines the entry it is on (replace) instead of leaving one
 * entry per keystroke; everything else (Enter, a page, an article) adds an entry.
 */
function navigate (url: string, { replace = false, state = {}, typing = false }: { replace?: boolean, state?: HistoryState, typing?: boolean } = {}): void {
  if (url === location.pathname + location.search) {
    void render({ typing })
    return
  }
  if (replace) {
    // The refined page starts at the top; the old scroll position belonged to other results.
    const { scrollY: _old, ...rest } = historyState()
    history.replaceState({ ...rest, ...state }, '', url)
  } else {
    // Remember where this entry was scrolled to, for when the back button returns to it.
    history.replaceState({ ...historyState(), scrollY: window.scrollY }, '', location.href)
    history.pushState(state, '', url)
  }
  void render({ typing })
}

/** Follows same-page links without reloading, but leaves new-tab and modified clicks alone. */
function followLink (event: MouseEvent, state: HistoryState = {}): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  const link = (event.target as Element | null)?.closest('a')
  if (link === null || link === undefined || link.origin !== location.origin || link.pathname !== '/') return
  event.preventDefault()
  navigate(link.pathname + link.search, { state })
}

// ---------------------------------------------------------------------------
// Talking to the API

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
function describeError (error: unknown): { title: string, detail: string } {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'QUERY_TOO_LONG': return { title: '查询太长了', detail: '请把搜索词缩短到 256 个字符以内。' }
      case 'INVALID_PAGING': return { title: '没有这一页', detail: '结果最多翻到第 1000 条，请缩小搜索范围。' }
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
function remember (url: string, value: unknown): void {
  cache.delete(url)
  cache.set(url, value)
  if (cache.size > 30) cache.delete(cache.keys().next().value as string)
}

// ---------------------------------------------------------------------------
// Rendering

let renderController: AbortController | undefined
let progressTimer: number | undefined

function showProgress (on: boolean): void {
  window.clearTimeout(progressTimer)
  if (on) {
    progressTimer = window.setTimeout(() => { progress.hidden = false }, PROGRESS_DELAY_MS)
    main.setAttribute('aria-busy', 'true')
  } else {
    progress.hidden = true
    main.removeAttribute('aria-busy')
  }
}

type View = 'home' | 'results' | 'article' | 'message'

function showView (view: View): void {
  document.body.className = `view-${view === 'message' ? 'results' : view}`
  homeView.hidden = view !== 'home'
  resultsView.hidden = view !== 'results'
  articleView.hidden = view !== 'article'
  message.hidden = view !== 'message'
}

/**
 * Shows what the URL says. Every navigation, the back button and the first load end
 * here. While `typing`, the box and its suggestions are the person's and stay as they are.
 */
async function render ({ typing = false }: { typing?: boolean } = {}): Promise<void> {
  const route = readRoute()
  renderController?.abort()
  const controller = new AbortController()
  renderController = controller
  if (!typing) {
    setInputValue(route.q)
    closeSuggestions()
  }
  try {
    if (route.doc !== '') await renderArticle(route, controller.signal)
    else if (route.q.trim() !== '') await renderResults(route, controller.signal)
    else renderHome()
  } catch (error) {
    if (controller.signal.aborted) return
    renderError(error, route)
  } finally {
    if (renderController === controller) showProgress(false)
  }
  if (controller.signal.aborted) return
  const { scrollY } = historyState()
  window.scrollTo(0, scrollY ?? 0)
}

function renderHome (): void {
  document.title = 'zhsearch · 中文全文检索'
  showView('home')
}

async function renderResults (route: Route, signal: AbortSignal): Promise<void> {
  const offset = Math.min((route.page - 1) * route.limit, MAX_OFFSET)
  const params = new URLSearchParams({ q: route.q, limit: String(route.limit), offset: String(offset) })
  if (route.author !== '') params.set('author', route.author)
  const url = `/api/search?${params.toString()}`
  let answer = cache.get(url) as SearchResponse | undefined
  if (answer === undefined) {
    showProgress(true)
    answer = await getJson<SearchResponse>(url, signal)
    remember(url, answer)
  }
  if (signal.aborted) return
  document.title = `${route.q} - zhsearch 搜索`
  if (answer.total === 0) {
    const alternatives = await alternativesFor(route.q, signal)
    if (signal.aborted) return
    renderNoResults(route, alternatives)
    return
  }
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
  const href = routeUrl({ doc: hit.id, q })
  const meta = [hit.date, hit.source].filter((value): value is string => value !== undefined && value !== '')
  return h('li', { class: 'hit' },
    h('p', { class: 'hit-origin' }, hit.origin !== undefined ? `${hit.origin.file} › 第 ${hit.origin.ordinal} 篇` : ""),
    hit.highlights.kicker !== undefined ? h('p', { class: 'hit-kicker' }, highlighted(hit.highlights.kicker)) : null,
    h('h2', { class: 'hit-title' }, h('a', { href }, highlighted(hit.highlights.title))),
    hit.highlights.byline !== undefined || meta.length > 0
      ? h('p', { class: 'hit-byline' },
        hit.highlights.byline !== undefined ? highlighted(hit.highlights.byline) : null,
        ...meta.map(value => h('span', { class: 'hit-meta' }, value)))
      : null,
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
  const lastPage = Math.min(Math.ceil(answer.total / route.limit), Math.floor(MAX_OFFSET / route.limit) + 1)
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

function renderNoResults (route: Route, alternatives: readonly string[]): void {
  showView('message')
  message.setAttribute('role', 'status')
  message.className = 'message is-empty'
  const hints: Child[] = [
    h('li', {}, '检查是否有错别字'),
    h('li', {}, '换一个更常用的词，或减少关键词'),
  ]
  if (/(^|\s)-\S/.test(route.q)) hints.push(h('li', {}, '去掉以 “-” 开头的排除词'))
  if (route.author !== '') hints.push(h('li', {}, h('a', { href: routeUrl({ q: route.q }) }, `取消“${route.author}”筛选`)))
  fill(message,
    h('h2', { class: 'message-title' }, '没有找到与“', h('span', { class: 'message-query' }, route.q), '”相关的文章'),
    h('ul', { class: 'message-hints' }, ...hints),
    alternatives.length > 0
      ? h('p', { class: 'message-try' }, '或者试试：', ...alternatives.map(word => h('a', { class: 'chip', href: routeUrl({ q: word }) }, word)))
      : null,
  )
}

/**
 * Words of the index close to a query that found nothing: completions of the start of
 * its longest term (火星 → words starting with 火). Best effort; empty when none.
 */
async function alternativesFor (q: string, signal: AbortSignal): Promise<string[]> {
  const terms = q.split(/\s+/).filter(term => term !== '' && !term.startsWith('-')).map(term => term.replace(/^\w+:|"/g, ''))
  const longest = terms.sort((a, b) => b.length - a.length)[0] ?? ''
  for (const length of [2, 1]) {
    if (longest.length < length) continue
    try {
      const answer = await getJson<SuggestResponse>(`/api/suggest?${new URLSearchParams({ q: longest.slice(0, length), limit: '5' }).toString()}`, signal)
      if (answer.words.length > 0) return answer.words
    } catch {
      return []
    }
  }
  return []
}

function renderError (error: unknown, route: Route): void {
  const { title, detail } = describeError(error)
  showView('message')
  message.setAttribute('role', 'alert')
  message.className = 'message is-error'
  const retry = h('button', { type: 'button', class: 'retry-button' }, '重试')
  retry.addEventListener('click', () => {
    cache.clear()
    void render()
  })
  fill(message,
    h('h2', { class: 'message-title' }, title),
    h('p', {}, detail),
    h('p', {}, retry, ' ', route.doc !== '' ? h('a', { href: routeUrl({ q: route.q }) }, '返回搜索') : null),
  )
  document.title = `${title} - zhsearch`
}

async function renderArticle (route: Route, signal: AbortSignal): Promise<void> {
  const url = `/api/documents/${encodeURIComponent(route.doc)}?${new URLSearchParams({ q: route.q }).toString()}`
  let article = cache.get(url) as DocumentResponse | undefined
  if (article === undefined) {
    showProgress(true)
    article = await getJson<DocumentResponse>(url, signal)
    remember(url, article)
  }
  if (signal.aborted) return
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
  const meta = [article.date, article.source].filter((value): value is string => value !== undefined && value !== '')
  fill(articleView,
    h('nav', { class: 'article-nav', 'aria-label': '文章导航' }, back),
    article.html.kicker !== undefined ? h('p', { class: 'article-kicker' }, highlighted(article.html.kicker)) : null,
    h('h1', { class: 'article-title', tabindex: '-1' }, highlighted(article.html.title)),
    h('p', { class: 'article-byline' },
      article.html.byline !== undefined ? highlighted(article.html.byline) : null,
      ...meta.map(value => h('span', { class: 'hit-meta' }, value))),
    route.q !== '' && marks > 0 ? h('p', { class: 'article-matches' }, `“${route.q}”在文中标出 ${marks} 处`) : null,
    body,
    h('p', { class: 'article-origin' }, article.origin !== undefined ? `来源：${article.origin.file} · 第 ${article.origin.ordinal} 篇` : ""),
  )
  if (historyState().scrollY === undefined) articleView.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true })
}

// ---------------------------------------------------------------------------
// The search box: results as you type, suggestions, keyboard

let searchTimer: number | undefined
let suggestTimer: number | undefined
let suggestController: AbortController | undefined
let composing = false
let activeOption = -1

function setInputValue (value: string): void {
  if (input.value !== value) input.value = value
  clearButton.hidden = value === ''
}

/** Shows results for what is in the box now. */
function searchNow ({ replace }: { replace: boolean }): void {
  window.clearTimeout(searchTimer)
  const q = input.value
  const route = readRoute()
  if (q.trim() === '') {
    if (route.q !== '' || route.doc !== '') navigate('/', { replace, typing: true })
    return
  }
  navigate(routeUrl({ q, limit: route.limit }), { replace, typing: true })
}

function onTyping (): void {
  clearButton.hidden = input.value === ''
  window.clearTimeout(searchTimer)
  window.clearTimeout(suggestTimer)
  suggestTimer = window.setTimeout(() => { void updateSuggestions() }, SUGGEST_DELAY_MS)
  searchTimer = window.setTimeout(() => {
    // Refine the results entry being typed into; the first results from the home page
    // or an article get their own entry, so back returns there.
    const route = readRoute()
    searchNow({ replace: route.q !== '' && route.doc === '' })
  }, SEARCH_DELAY_MS)
}

/** The word being typed: the last one in the box, without an exclusion sign or field prefix. */
function lastWord (text: string): { before: string, prefix: string, word: string } {
  const match = /^(.*?)(-?(?:title:)?)("?)([^\s"]*)$/su.exec(text)
  if (match === null) return { before: text, prefix: '', word: '' }
  return { before: match[1] ?? '', prefix: (match[2] ?? '') + (match[3] ?? ''), word: match[4] ?? '' }
}

async function updateSuggestions (): Promise<void> {
  suggestController?.abort()
  const { word } = lastWord(input.value)
  if (word === '' || document.activeElement !== input) {
    closeSuggestions()
    return
  }
  const controller = new AbortController()
  suggestController = controller
  let answer: SuggestResponse
  try {
    answer = await getJson<SuggestResponse>(`/api/suggest?${new URLSearchParams({ q: word, limit: '6' }).toString()}`, controller.signal)
  } catch {
    // Suggestions are a convenience: when they fail, the results say why.
    if (!controller.signal.aborted) closeSuggestions()
    return
  }
  if (controller.signal.aborted || document.activeElement !== input) return
  renderSuggestions(answer, word)
}

function renderSuggestions (answer: SuggestResponse, typed: string): void {
  const options: HTMLElement[] = []
  for (const word of answer.words.slice(0, 6)) {
    const option = h('li', { role: 'option', class: 'suggestion suggestion-word', 'data-word': word, 'aria-selected': 'false' },
      h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '⌕'),
      word.startsWith(typed) ? h('span', { class: 'suggestion-text' }, typed, h('b', {}, word.slice(typed.length))) : h('span', { class: 'suggestion-text' }, word))
    options.push(option)
  }
  for (const { id, title } of answer.titles.slice(0, 3)) {
    options.push(h('li', { role: 'option', class: 'suggestion suggestion-title', 'data-doc': id, 'aria-selected': 'false' },
      h('span', { class: 'suggestion-icon', 'aria-hidden': 'true' }, '¶'),
      h('span', { class: 'visually-hidden' }, '文章：'), h('span', { class: 'suggestion-text' }, title)))
  }
  options.forEach((option, i) => { option.id = `suggestion-${i}` })
  suggestionList.replaceChildren(...options)
  activeOption = -1
  input.removeAttribute('aria-activedescendant')
  const open = options.length > 0
  suggestionList.hidden = !open
  input.setAttribute('aria-expanded', String(open))
}

function closeSuggestions (): void {
  suggestController?.abort()
  window.clearTimeout(suggestTimer)
  suggestionList.hidden = true
  suggestionList.replaceChildren()
  activeOption = -1
  input.setAttribute('aria-expanded', 'false')
  input.removeAttribute('aria-activedescendant')
}

function moveActive (step: number): void {
  const options = Array.from(suggestionList.querySelectorAll<HTMLElement>('[role="option"]'))
  if (options.length === 0) return
  // -1 is "no option", so the cycle has one more stop than there are options.
  activeOption = (activeOption + 1 + step + options.length + 1) % (options.length + 1) - 1
  options.forEach((option, i) => option.setAttribute('aria-selected', String(i === activeOption)))
  const active = options[activeOption]
  if (active === undefined) input.removeAttribute('aria-activedescendant')
  else {
    input.setAttribute('aria-activedescendant', active.id)
    active.scrollIntoView({ block: 'nearest' })
  }
}

function choose (option: HTMLElement): void {
  closeSuggestions()
  const doc = option.dataset.doc
  if (doc !== undefined) {
    navigate(routeUrl({ doc, q: input.value }), { state: { fromResults: readRoute().q !== '' } })
    return
  }
  const { before, prefix } = lastWord(input.value)
  setInputValue(`${before}${prefix}${option.dataset.word ?? ''}`)
  searchNow({ replace: false })
  input.focus()
}

input.addEventListener('compositionstart', () => { composing = true })
input.addEventListener('compositionend', () => {
  // An IME (pinyin, zhuyin…) is done: what it committed is the text to search for.
  composing = false
  onTyping()
})
input.addEventListener('input', event => {
  // While an IME is composing, the box holds pinyin letters, not the word meant.
  if (composing || (event as InputEvent).isComposing) return
  onTyping()
})
input.addEventListener('keydown', event => {
  if (event.isComposing || event.keyCode === 229) return
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (!suggestionList.hidden) {
      event.preventDefault()
      moveActive(event.key === 'ArrowDown' ? 1 : -1)
    }
  } else if (event.key === 'Escape') {
    if (!suggestionList.hidden) {
      event.preventDefault()
      closeSuggestions()
    }
  } else if (event.key === 'Enter' && activeOption >= 0) {
    const option = suggestionList.querySelector<HTMLElement>(`#suggestion-${activeOption}`)
    if (option !== null) {
      event.preventDefault()
      choose(option)
    }
  }
})
input.addEventListener('focus', () => {
  if (input.value !== '') void updateSuggestions()
})
input.addEventListener('blur', () => {
  // Clicks on a suggestion keep focus (mousedown is prevented), so a blur means leaving.
  closeSuggestions()
})
suggestionList.addEventListener('mousedown', event => event.preventDefault())
suggestionList.addEventListener('click', event => {
  const option = (event.target as Element).closest<HTMLElement>('[role="option"]')
  if (option !== null) choose(option)
})

form.addEventListener('submit', event => {
  event.preventDefault()
  closeSuggestions()
  window.clearTimeout(searchTimer)
  const route = readRoute()
  // Enter on the query already shown keeps the entry; a new query gets its own.
  if (input.value === route.q && route.doc === '' && route.page === 1) {
    void render()
    return
  }
  searchNow({ replace: false })
})

clearButton.addEventListener('click', () => {
  setInputValue('')
  closeSuggestions()
  input.focus()
  searchNow({ replace: false })
})

document.addEventListener('keydown', event => {
  // "/" jumps to the search box from anywhere on the page, as on most search sites.
  const target = event.target as HTMLElement
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && target !== input && !target.isContentEditable && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
    event.preventDefault()
    input.focus()
    input.select()
  }
})

document.addEventListener('click', event => {
  const fromResults = readRoute().q !== '' && readRoute().doc === ''
  followLink(event, { fromResults })
})

window.addEventListener('popstate', () => { void render() })

// ---------------------------------------------------------------------------
// Start

history.scrollRestoration = 'manual'

async function showIndexInfo (): Promise<void> {
  try {
    const stats = await getJson<StatsResponse>('/api/stats')
    const age = stats.ageSeconds !== undefined ? ` · 索引更新于${formatAge(stats.ageSeconds)}` : ''
    indexInfo.textContent = `已索引 ${formatNumber(stats.documents)} 篇文章、${formatNumber(stats.terms)} 个词项${age}`
  } catch {
    indexInfo.textContent = ''
  }
}

void render()
void showIndexInfo()
