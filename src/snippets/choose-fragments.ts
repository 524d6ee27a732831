import type { Span } from './locate-matches.js'

/** A stretch of the original text to show, with the matches inside it. */
export interface Fragment {
  start: number
  end: number
  /** True when the fragment starts or ends inside a sentence (shown with an ellipsis). */
  clippedStart: boolean
  clippedEnd: boolean
  spans: Span[]
}

export interface FragmentOptions {
  /** At most this many fragments. Defaults to 3. */
  maxFragments?: number
  /** Aim for fragments of about this many characters. Defaults to 100. */
  length?: number
}

/** Sentence ends: full stops, question and exclamation marks, semicolons, ellipses, then closing quotes. */
const SENTENCE_END = /[。！？!?；;…]+[”’」』）)"']*|\n+/g

/** `[start, end)` of each sentence of the text (line breaks end sentences too). */
export function splitSentences (text: string): Array<[number, number]> {
  const sentences: Array<[number, number]> = []
  let start = 0
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length
    pushTrimmed(text, sentences, start, end)
    start = end
  }
  pushTrimmed(text, sentences, start, text.length)
  return sentences
}

function pushTrimmed (text: string, sentences: Array<[number, number]>, start: number, end: number): void {
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  if (end > start) sentences.push([start, end])
}

/**
 * Chooses up to `maxFragments` fragments of about `length` characters: the sentences with
 * the most distinct matched terms first, each grown with its neighbours while it stays
 * short, or clipped around its first match when it is long; then shown in text order.
 * Without matches, the opening of the text.
 */
export function chooseFragments (text: string, spans: readonly Span[], options: FragmentOptions = {}): Fragment[] {
  const maxFragments = options.maxFragments ?? 3
  const length = options.length ?? 100
  const sentences = splitSentences(text)
  if (sentences.length === 0) return []
  if (spans.length === 0) {
    return [window(text, sentences, 0, length, [])]
  }

  const candidates = sentences
    .map(([start, end], position) => {
      const inside = spans.filter(span => span.start < end && span.end > start)
      return { position, inside, terms: new Set(inside.map(span => span.term)).size }
    })
    .filter(candidate => candidate.inside.length > 0)
    .sort((a, b) => b.terms - a.terms || b.inside.length - a.inside.length || a.position - b.position)

  const chosen: Fragment[] = []
  for (const candidate of candidates) {
    if (chosen.length >= maxFragments) break
    const first = candidate.inside[0]!
    if (chosen.some(fragment => first.start >= fragment.start && first.end <= fragment.end)) continue
    const fragment = window(text, sentences, candidate.position, length, spans)
    if (chosen.some(other => fragment.start < other.end && fragment.end > other.start)) continue
    chosen.push(fragment)
  }
  return chosen.sort((a, b) => a.start - b.start)
}

/** The fragment around sentence `position`, about `length` characters long. */
function window (text: string, sentences: Array<[number, number]>, position: number, length: number, spans: readonly Span[]): Fragment {
  let [start, end] = sentences[position]!
  let clippedStart = false
  let clippedEnd = false
  if (end - start > length) {
    // A long sentence: keep about a third of the window before its first match.
    const first = spans.find(span => span.start < end && span.end > start)
    const anchor = first?.start ?? start
    const from = Math.max(start, anchor - Math.floor(length / 3))
    clippedStart = from > start
    const to = Math.min(end, from + length)
    clippedEnd = to < end
    // Cut between code points, never inside a surrogate pair (an emoji, a rare ideograph).
    start = isLowSurrogate(text, from) ? from - 1 : from
    end = isLowSurrogate(text, to) ? to + 1 : to
  } else {
    // Short sentences: add the following ones, then the preceding ones, while they fit.
    let next = position + 1
    while (next < sentences.length && sentences[next]![1] - start <= length && sameParagraph(text, end, sentences[next]![0])) {
      end = sentences[next]![1]
      next++
    }
    let previous = position - 1
    while (previous >= 0 && end - sentences[previous]![0] <= length && sameParagraph(text, sentences[previous]![1], start)) {
      start = sentences[previous]![0]
      previous--
    }
  }
  // Never cut through a highlighted term.
  for (const span of spans) {
    if (span.start < start && span.end > start) start = span.start
    if (span.start < end && span.end > end) end = span.end
  }
  return { start, end, clippedStart, clippedEnd, spans: spans.filter(span => span.start < end && span.end > start) }
}

function sameParagraph (text: string, from: number, to: number): boolean {
  return !text.slice(from, to).includes('\n')
}

function isLowSurrogate (text: string, at: number): boolean {
  const code = text.charCodeAt(at)
  return code >= 0xdc00 && code <= 0xdfff
}
