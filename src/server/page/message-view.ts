/** The message view: a search that found nothing, or a request that failed. */
import { describeError } from './api-client.js'
import { $, type Child, fill, h } from './dom.js'
import { type Route, routeUrl } from './url-state.js'
import { showView } from './views.js'

const message = $('message')

export function renderNoResults (route: Route, alternatives: readonly string[]): void {
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

/** Says what went wrong, with a button that tries again (`retry`). */
export function renderError (error: unknown, route: Route, retry: () => void): void {
  const { title, detail } = describeError(error)
  showView('message')
  message.setAttribute('role', 'alert')
  message.className = 'message is-error'
  const retryButton = h('button', { type: 'button', class: 'retry-button' }, '重试')
  retryButton.addEventListener('click', retry)
  fill(message,
    h('h2', { class: 'message-title' }, title),
    h('p', {}, detail),
    h('p', {}, retryButton, ' ', route.doc !== '' ? h('a', { href: routeUrl({ q: route.q }) }, '返回搜索') : null),
  )
  document.title = `${title} - zhsearch`
}
