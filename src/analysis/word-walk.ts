import { splitScriptRuns } from './segment/script-runs.js'
import type { Segment } from './segment/user-word-overlay.js'

/** A word of a normalized text as the walk gives it. */
export type WordVisit = (word: string, kind: 'word' | 'subword' | 'alnum', start: number) => void

/**
 * The words of a normalized text, in text order: Han runs cut by `cutHan` (for the index,
 * with the dictionary subwords of its longer words as well), letters and digits whole.
 * The one walk the index side, the query side and analyze() share, so they cannot drift
 * apart; the browser's stand-in for the analyzer (the static export) walks queries with
 * it too.
 */
export function forEachWord (text: string, cutHan: (run: string) => readonly Segment[], visit: WordVisit): void {
  for (const run of splitScriptRuns(text)) {
    if (run.kind !== 'han') {
      visit(run.text, 'alnum', run.start)
      continue
    }
    for (const segment of cutHan(run.text)) visit(segment.word, segment.whole === false ? 'subword' : 'word', run.start + segment.start)
  }
}

/** The words of a normalized query text (forEachWord's words, in order). */
export function queryWordsOf (text: string, cutHan: (run: string) => readonly Segment[]): string[] {
  const words: string[] = []
  forEachWord(text, cutHan, word => { words.push(word) })
  return words
}
