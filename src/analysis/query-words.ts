import { splitScriptRuns } from './segment/script-runs.js'

/**
 * The words of a normalized query text: each Han run cut into words (`cutHan`), each
 * alphanumeric run whole, in order. One definition for the analyzer and for the browser's
 * stand-in for it (the static export), so both read a query alike.
 */
export function queryWordsOf (normalizedText: string, cutHan: (run: string) => ReadonlyArray<{ word: string }>): string[] {
  const words: string[] = []
  for (const run of splitScriptRuns(normalizedText)) {
    if (run.kind === 'han') {
      for (const segment of cutHan(run.text)) words.push(segment.word)
    } else {
      words.push(run.text)
    }
  }
  return words
}
