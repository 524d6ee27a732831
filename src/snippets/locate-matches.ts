import { type NormalizedText, toOriginalSpan } from '../analysis/normalize/normalized-text.js'

/** A span of the original text, `[start, end)`. */
export interface Span {
  start: number
  end: number
  /** The normalized term that matched here. */
  term: string
}

/**
 * Every occurrence of each term in the normalized text, as spans of the original text.
 * Overlapping and touching spans are merged, so a highlight never nests; the merged span
 * keeps the term of its first part.
 */
export function locateMatches (normalized: NormalizedText, terms: readonly string[]): Span[] {
  const spans: Span[] = []
  for (const term of new Set(terms)) {
    if (term === '') continue
    let from = normalized.text.indexOf(term)
    while (from !== -1) {
      const [start, end] = toOriginalSpan(normalized, from, from + term.length)
      spans.push({ start, end, term })
      from = normalized.text.indexOf(term, from + term.length)
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  const merged: Span[] = []
  for (const span of spans) {
    const last = merged[merged.length - 1]
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end)
    else merged.push({ ...span })
  }
  return merged
}
