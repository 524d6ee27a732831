import type { NormalizedText } from '../analysis/normalize/normalized-text.js'
import { chooseFragments, type FragmentOptions } from './choose-fragments.js'
import { locateMatches } from './locate-matches.js'
import { renderHighlighted } from './render-html.js'

/**
 * Snippets of a text for a set of normalized terms: HTML fragments, escaped, with every
 * occurrence of a term in `<mark>`, on the original characters even where the text is
 * traditional or full-width and the terms simplified and half-width.
 */
export function buildSnippets (normalized: NormalizedText, terms: readonly string[], options: FragmentOptions = {}): string[] {
  const text = normalized.original
  const spans = locateMatches(normalized, terms)
  return chooseFragments(text, spans, options).map(fragment =>
    (fragment.clippedStart ? '…' : '') +
    renderHighlighted(text, fragment.spans, fragment.start, fragment.end) +
    (fragment.clippedEnd ? '…' : ''))
}

/** The whole text as HTML, escaped, with every occurrence of a term in `<mark>`. */
export function highlightText (normalized: NormalizedText, terms: readonly string[]): string {
  return renderHighlighted(normalized.original, terms.length === 0 ? [] : locateMatches(normalized, terms))
}
