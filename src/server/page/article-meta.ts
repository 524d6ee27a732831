/**
 * What an article is, as a reader of news expects to see it: the paper (source), the
 * date and the byline beside the title, and the rest (reporters, the original link,
 * the corpus file it came from) in the article's details.
 */
import type { ArticleMeta } from './api-shapes.js'
import { type Child, h, highlighted } from './dom.js'
import { formatDate } from './format.js'

/**
 * Source · date · byline, for under a title; `bylineHtml` is the byline with the
 * query's words marked. Undefined when the article has none of them.
 */
export function metaLine (article: ArticleMeta, bylineHtml: string | undefined, className: string): HTMLElement | undefined {
  const parts: Child[] = [
    present(article.source) ? h('span', { class: 'meta-source' }, article.source) : null,
    present(article.date) ? dateElement(article.date) : null,
    bylineHtml !== undefined ? h('span', { class: 'meta-byline' }, highlighted(bylineHtml)) : null,
  ]
  if (parts.every(part => part === null)) return undefined
  return h('p', { class: `meta ${className}` }, ...parts)
}

/** The article's details, for the foot of the article view. */
export function detailsList (article: ArticleMeta): HTMLElement {
  const { source, date, reporters = [], correspondents = [], author, url, origin } = article
  const rows: Array<[string, Child]> = []
  if (present(source)) rows.push(['来源', source])
  if (present(date)) rows.push(['日期', dateElement(date)])
  if (reporters.length > 0) rows.push(['记者', reporters.join('、')])
  if (correspondents.length > 0) rows.push(['通讯员', correspondents.join('、')])
  if (present(author) && reporters.length === 0) rows.push(['作者', author])
  if (present(url)) rows.push(['原文', externalLink(url)])
  if (origin !== undefined) rows.push(['文件', `${origin.file} · 第 ${origin.ordinal} 篇` + (origin.line !== undefined ? `（第 ${origin.line} 行）` : '')])
  return h('dl', { class: 'details-list' }, ...rows.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))))
}

function present (value: string | undefined): value is string {
  return value !== undefined && value.trim() !== ''
}

function dateElement (date: string): HTMLElement {
  return h('time', { class: 'meta-date', datetime: /^\d{4}-\d{2}(-\d{2})?$/.test(date) ? date : undefined }, formatDate(date))
}

/**
 * The article's original address: a link only when it is a web address (http or
 * https); anything else (`javascript:`, `data:`, a typo) is shown as text, never followed.
 */
function externalLink (url: string): Child {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url
  return h('a', { class: 'external-link', href: parsed.href, rel: 'noopener noreferrer nofollow' }, url)
}
