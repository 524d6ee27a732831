import type { WordMatch, WordTrie } from './word-trie.js'

/** A word cut from Chinese text, with its offset in that text. */
export interface Segment {
  word: string
  start: number
  /** False for a dictionary word found inside a longer word (cutForIndex only). */
  whole?: boolean
}

/** A whole word and the dictionary words inside it (offsets in the text cut). */
export interface Cut {
  word: string
  start: number
  subwords: Segment[]
}

/** Cuts of a piece of text that starts at `base` in the text being segmented. */
export type CutRange = (text: string, base: number) => Cut[]

/**
 * User words over Jieba's cut of `text`: found in the text leftmost-longest (a name is
 * taken out of a line as a reader takes it), each becomes a whole word (`userWordCut`), and
 * the words Jieba cut across its edges are cut again (`cutRange`) from what is left of
 * them. A user word that lies inside a longer word of Jieba's (总工会 in 北京市总工会)
 * leaves that word whole. The same steps on the server (Jieba itself) and in the browser
 * (its port over an export's tables), so a query splits the same way in both.
 * `overlaid` is called with the result when the text held a user word (and only then).
 */
export function overlayUserWords (text: string, trie: WordTrie, cutRange: CutRange, userWordCut: (match: WordMatch) => Cut, overlaid?: (cuts: Cut[]) => void): Cut[] {
  const cuts = cutRange(text, 0)
  if (trie.size === 0) return cuts
  const matches = trie.leftmostLongest(text)
  // No user word starts anywhere in the text: none lies inside a word either.
  if (matches.length === 0) return cuts
  const forced = forcedMatches(matches, cuts)
  const result: Cut[] = []
  let next = 0
  // What lies between user words: Jieba's words that fit in it, and its edges cut again.
  const fill = (from: number, to: number): void => {
    while (next < cuts.length && cuts[next]!.start < from) next++
    let at = from
    for (; next < cuts.length && cuts[next]!.start + cuts[next]!.word.length <= to; next++) {
      const cut = cuts[next]!
      if (cut.start > at) result.push(...cutRange(text.slice(at, cut.start), at))
      result.push(cut)
      at = cut.start + cut.word.length
    }
    if (at < to) result.push(...cutRange(text.slice(at, to), at))
  }
  let at = 0
  for (const match of forced) {
    fill(at, match.start)
    result.push(userWordCut(match))
    at = match.end
  }
  fill(at, text.length)
  overlaid?.(result)
  return result
}

/**
 * The words of a query text: Jieba's words (`jiebaWords`, which concatenate back to the
 * text) with the user words over them, as the analyzer's queryWords cuts Chinese runs.
 */
export function cutQueryText (text: string, trie: WordTrie, jiebaWords: (text: string) => readonly string[]): Segment[] {
  const cutRange: CutRange = (piece, base) => {
    const cuts: Cut[] = []
    let offset = base
    for (const word of jiebaWords(piece)) {
      cuts.push({ word, start: offset, subwords: [] })
      offset += word.length
    }
    return cuts
  }
  return overlayUserWords(text, trie, cutRange, match => ({ word: text.slice(match.start, match.end), start: match.start, subwords: [] }))
    .map(({ word, start }) => ({ word, start }))
}

/** The user-word matches that become words: those not inside a longer word of Jieba's cut. */
function forcedMatches (matches: readonly WordMatch[], cuts: readonly Cut[]): WordMatch[] {
  const forced: WordMatch[] = []
  let i = 0
  for (const match of matches) {
    while (i < cuts.length && cuts[i]!.start + cuts[i]!.word.length <= match.start) i++
    const cut = cuts[i]
    const inside = cut !== undefined && cut.start <= match.start && cut.start + cut.word.length >= match.end && cut.word.length > match.end - match.start
    if (!inside) forced.push(match)
  }
  return forced
}
