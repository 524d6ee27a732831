import type { Span } from './locate-matches.js'

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, char => ESCAPES[char]!)
}

/**
 * `text.slice(start, end)` as HTML: escaped, with each span wrapped in `<mark>…</mark>`.
 * Escaping happens piece by piece, so a mark never splits an entity and document text
 * never becomes markup.
 */
export function renderHighlighted (text: string, spans: readonly Span[], start = 0, end = text.length): string {
  let html = ''
  let at = start
  for (const span of spans) {
    const from = Math.max(span.start, start)
    const to = Math.min(span.end, end)
    if (to <= from || from < at) continue
    html += escapeHtml(text.slice(at, from)) + '<mark>' + escapeHtml(text.slice(from, to)) + '</mark>'
    at = to
  }
  return html + escapeHtml(text.slice(at, end))
}
