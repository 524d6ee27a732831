import type { NormalizedText } from '../analysis/normalize/normalized-text.js'
import { restoreRange } from '../analysis/normalize/text-patches.js'
import type { StoredText } from '../analysis/stored-document.js'
import { chooseFragments, type Fragment, type FragmentOptions } from './choose-fragments.js'
import { locateMatches } from './locate-matches.js'
import { renderHighlighted } from './render-html.js'

export type { StoredText } from '../analysis/stored-document.js'

/** Texts up to this long are cut into snippets whole; longer ones only around their first matches. */
const WHOLE_TEXT = 2_000
/** At most this many occurrences of the terms are looked at in a long text. */
const MAX_OCCURRENCES = 48
/** How far beyond a window a sentence boundary is looked for. */
const SENTENCE_REACH = 160
const SENTENCE_BREAK = /[。！？!?；;…\n]/

/**
 * Snippets of a stored text for a set of normalized terms: HTML fragments, escaped, with
 * every occurrence of a term in `<mark>`, on the original characters even where the text
 * is traditional or full-width and the terms simplified and half-width. The original is
 * rebuilt only around the fragments, so the cost depends on what is shown, not on the
 * article's length.
 */
export function buildSnippets (text: StoredText, terms: readonly string[], options: FragmentOptions = {}): string[] {
  const length = options.length ?? 100
  const maxFragments = options.maxFragments ?? 3
  const windows = text.normalized.length <= WHOLE_TEXT
    ? [[0, text.normalized.length] as [number, number]]
    : matchWindows(text.normalized, terms, length)
  const found: Array<{ html: string, terms: number, at: number }> = []
  for (const [from, to] of windows) {
    const range = restoreRange(text.normalized, text.patches, from, to)
    const spans = locateMatches(range.text, terms)
    for (const fragment of chooseFragments(range.text.original, spans, { maxFragments, length })) {
      found.push({ html: render(range.text, fragment, range.from > 0, range.to < text.normalized.length), terms: new Set(fragment.spans.map(span => span.term)).size, at: range.from + fragment.start })
    }
    if (spans.length === 0) break
  }
  return found
    .sort((a, b) => b.terms - a.terms || a.at - b.at)
    .slice(0, maxFragments)
    .sort((a, b) => a.at - b.at)
    .map(fragment => fragment.html)
}

/** A whole stored text as HTML, escaped, with every occurrence of a term in `<mark>`. */
export function highlightStored (text: StoredText, terms: readonly string[]): string {
  const range = restoreRange(text.normalized, text.patches, 0, text.normalized.length)
  return highlightText(range.text, terms)
}

/** The whole text as HTML, escaped, with every occurrence of a term in `<mark>`. */
export function highlightText (normalized: NormalizedText, terms: readonly string[]): string {
  return renderHighlighted(normalized.original, terms.length === 0 ? [] : locateMatches(normalized, terms))
}

function render (text: NormalizedText, fragment: Fragment, windowClippedStart: boolean, windowClippedEnd: boolean): string {
  const clippedStart = fragment.clippedStart || (windowClippedStart && fragment.start === 0)
  const clippedEnd = fragment.clippedEnd || (windowClippedEnd && fragment.end === text.original.length)
  return (clippedStart ? '…' : '') + renderHighlighted(text.original, fragment.spans, fragment.start, fragment.end) + (clippedEnd ? '…' : '')
}

/**
 * Stretches of a long normalized text around the first occurrences of the terms, widened
 * to sentence boundaries nearby and merged where they overlap; the opening of the text
 * when no term occurs.
 */
function matchWindows (normalized: string, terms: readonly string[], length: number): Array<[number, number]> {
  const positions: number[] = []
  for (const term of new Set(terms)) {
    if (term === '') continue
    for (let at = normalized.indexOf(term); at !== -1 && positions.length < MAX_OCCURRENCES; at = normalized.indexOf(term, at + term.length)) positions.push(at)
  }
  if (positions.length === 0) return [[0, Math.min(normalized.length, sentenceEnd(normalized, length * 2))]]
  positions.sort((a, b) => a - b)
  const windows: Array<[number, number]> = []
  for (const at of positions) {
    const from = sentenceStart(normalized, Math.max(0, at - length))
    const to = sentenceEnd(normalized, Math.min(normalized.length, at + length))
    const last = windows[windows.length - 1]
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to)
    else windows.push([from, to])
  }
  return windows
}

function sentenceStart (text: string, at: number): number {
  for (let i = at; i > Math.max(0, at - SENTENCE_REACH); i--) if (SENTENCE_BREAK.test(text[i - 1]!)) return i
  return at
}

function sentenceEnd (text: string, at: number): number {
  for (let i = at; i < Math.min(text.length, at + SENTENCE_REACH); i++) if (SENTENCE_BREAK.test(text[i]!)) return i + 1
  return at
}
