import type { Analyzer } from '../analysis/analyzer.js'
import { chooseFragments, type FragmentOptions } from './choose-fragments.js'
import { locateMatches } from './locate-matches.js'
import { renderHighlighted } from './render-html.js'

/**
 * Snippets of a text for a set of normalized terms: HTML fragments, escaped, with every
 * occurrence of a term in `<mark>`, on the original characters even where the text is
 * traditional or full-width and the terms simplified and half-width.
 */
export function buildSnippets (text: string, terms: readonly string[], analyzer: Analyzer, options: FragmentOptions = {}): string[] {
  const spans = locateMatches(analyzer.normalize(text), terms)
  return chooseFragments(text, spans, options).map(fragment =>
    (fragment.clippedStart ? '…' : '') +
    renderHighlighted(text, fragment.spans, fragment.start, fragment.end) +
    (fragment.clippedEnd ? '…' : ''))
}

/** The whole text as HTML, escaped, with every occurrence of a term in `<mark>`. */
export function highlightText (text: string, terms: readonly string[], analyzer: Analyzer): string {
  if (terms.length === 0) return renderHighlighted(text, [])
  return renderHighlighted(text, locateMatches(analyzer.normalize(text), terms))
}
