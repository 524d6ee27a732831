import { createHash } from 'node:crypto'
import { createError, describeValue } from '../errors.js'
import { foldCharacters } from './normalize/fold-characters.js'
import { composeNormalized, type NormalizedText, toOriginalSpan } from './normalize/normalized-text.js'
import { toSimplifiedChinese } from './normalize/simplified-chinese.js'
import { forEachWord, queryWordsOf, type WordVisit } from './word-walk.js'
import { createChineseSegmenter, segmenterVersion } from './segment/chinese-segmenter.js'
import { splitScriptRuns } from './segment/script-runs.js'
import { diffNormalized } from './normalize/text-patches.js'
import type { IndexedText, Token } from './token.js'

/**
 * Bump when a change to the analysis chain changes the terms it produces: indexes built
 * by another version are then refused with a message to reindex.
 */
export const ANALYZER_VERSION = 3

/** Settings of an analyzer. */
export interface AnalyzerOptions {
  /**
   * Extra words for the Chinese segmenter (names and terms of the corpus), usually read
   * from the corpus folder's `user.dict`. They change which words are whole words, and so
   * ranking; recall does not depend on them. They belong to this analyzer alone: another
   * analyzer in the process, with other words or none, cuts as if these did not exist.
   * Defaults to none.
   */
  userWords?: readonly string[] | undefined
}

/**
 * The one analysis chain, used for documents and queries alike:
 *
 * 1. character folds, per character: NFKC (full-width → half-width), then lowercase;
 * 2. traditional → simplified Chinese (after NFKC, so that compatibility ideographs are
 *    already their unified forms when OpenCC looks them up);
 * 3. script runs: Han text to the Chinese segmenter, letters and digits kept whole;
 * 4. terms: words (+ dictionary subwords of long words) and character unigrams/bigrams.
 *
 * Every token keeps its offsets into the original text through all of these steps.
 */
export interface Analyzer {
  /** Hash of everything that decides which terms come out: the index records it. */
  readonly fingerprint: string
  readonly userWords: readonly string[]
  /** Steps 1-2, with the map back to the original text. */
  normalize (text: string): NormalizedText
  /**
   * The same as `normalize(text)`, given `normalize(text).text` computed earlier (the index
   * stores it): only the cheap character folds run again to rebuild the offset map.
   */
  renormalize (text: string, normalizedText: string): NormalizedText
  /** Steps 1-2 for a partial term (a prefix typed so far): no segmentation. */
  normalizeTerm (term: string): string
  /** All tokens of `text` with their original offsets; grams only when asked for. */
  analyze (text: string, options?: { grams?: boolean }): Token[]
  /** The normalized text, its patches and its words, without offsets (the indexing fast path). */
  indexText (text: string): IndexedText
  /** Loads the segmenter's dictionary now (about a second) instead of on first use. */
  warmUp (): void
  /** Loads what reading queries needs (OpenCC's tables; Jieba's model constants where Jieba is not loaded), not Jieba's dictionary. */
  warmUpQueries (): void
  /** The words of a query text: Jieba words and alphanumeric runs, normalized, in order. */
  queryWords (text: string): string[]
}

/**
 * Creates an analyzer. Cheap: the segmenter's dictionary loads on first use. Refuses
 * (INVALID_REQUEST) user words that are not an array of strings.
 */
export function createAnalyzer (options: AnalyzerOptions = {}): Analyzer {
  const given: unknown = options?.userWords ?? []
  if (!Array.isArray(given) || given.some(word => typeof word !== 'string')) throw createError('INVALID_REQUEST', `userWords must be an array of strings, not ${describeValue(given)}`)
  const userWords = [...new Set(given as string[])]
  const normalize = (text: string): NormalizedText => {
    const folded = foldCharacters(text)
    return composeNormalized(folded, toSimplifiedChinese(folded.text))
  }
  // Matched in normalized text, so normalized the same way: 總工會 finds 总工会.
  const segmenter = createChineseSegmenter({ userWords: userWords.map(word => normalize(word).text) })
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({
      version: ANALYZER_VERSION,
      folds: ['nfkc', 'lowercase', 'opencc:tw->cn'],
      segmenter: 'jieba+hmm+subwords, user words leftmost-longest over it',
      jieba: segmenterVersion(),
      grams: [1, 2],
      userWords: [...userWords].sort(),
    }))
    .digest('hex')
    .slice(0, 16)

  const renormalize = (text: string, normalizedText: string): NormalizedText => {
    const folded = foldCharacters(text)
    // Traditional → simplified keeps the length almost always, and then maps each character
    // to itself: the folds' map is the whole map.
    if (folded.text.length !== normalizedText.length) return normalize(text)
    return { ...folded, text: normalizedText }
  }

  const walk = (text: string, forIndex: boolean, visit: WordVisit): void => {
    forEachWord(text, run => (forIndex ? segmenter.cutForIndex(run) : segmenter.cut(run)), visit)
  }

  const analyze = (text: string, analyzeOptions: { grams?: boolean } = {}): Token[] => {
    const normalized = normalize(text)
    const tokens: Token[] = []
    const push = (term: string, kind: Token['kind'], from: number): void => {
      const [start, end] = toOriginalSpan(normalized, from, from + term.length)
      tokens.push({ term, kind, start, end })
    }
    walk(normalized.text, true, push)
    if (analyzeOptions.grams === true) {
      for (const run of splitScriptRuns(normalized.text)) {
        for (const gram of characterGrams(run.text)) push(gram.term, 'gram', run.start + gram.start)
      }
    }
    // In text order; where several terms start together, the longest first.
    return tokens.sort((a, b) => a.start - b.start || b.end - a.end)
  }

  const indexText = (text: string): IndexedText => {
    const normalized = normalize(text)
    const words: string[] = []
    const whole: boolean[] = []
    walk(normalized.text, true, (word, kind) => {
      words.push(word)
      whole.push(kind !== 'subword')
    })
    return { normalized: normalized.text, patches: diffNormalized(normalized), words, whole }
  }

  const queryWords = (text: string): string[] => queryWordsOf(normalize(text).text, run => segmenter.cut(run))

  return {
    fingerprint,
    userWords,
    normalize: text => normalize(checkText(text, 'normalize()')),
    renormalize: (text, normalizedText) => renormalize(checkText(text, 'renormalize()'), checkText(normalizedText, 'renormalize()')),
    normalizeTerm: term => normalize(checkText(term, 'normalizeTerm()')).text,
    analyze: (text, analyzeOptions) => analyze(checkText(text, 'analyze()'), analyzeOptions ?? {}),
    indexText: text => indexText(checkText(text, 'indexText()')),
    warmUp: () => segmenter.warmUp(),
    warmUpQueries: () => {
      // Simplified text: the conversion's tables are read, OpenCC's tries are built only
      // for a query that holds a character they change.
      normalize('预热')
      segmenter.warmUpQueries()
    },
    queryWords: text => queryWords(checkText(text, 'queryWords()')),
  }
}

/** A text argument of the analyzer, checked: a library caller may pass anything. */
function checkText (text: unknown, method: string): string {
  if (typeof text !== 'string') throw createError('INVALID_REQUEST', `${method} takes a string, not ${describeValue(text)}`)
  return text
}


/**
 * Every character and every pair of adjacent characters of a run (by code point, so
 * that ideographs outside the BMP count as one character). Any substring of a run is
 * then found through its grams: one character by its unigram, longer ones by all their
 * bigrams.
 */
export function characterGrams (run: string): Array<{ term: string, start: number }> {
  const grams: Array<{ term: string, start: number }> = []
  let previous: { char: string, start: number } | undefined
  let offset = 0
  for (const char of run) {
    grams.push({ term: char, start: offset })
    if (previous !== undefined) grams.push({ term: previous.char + char, start: previous.start })
    previous = { char, start: offset }
    offset += char.length
  }
  return grams
}

/**
 * A character gram as a number: `first * GRAM_KEY_BASE + second` for a bigram, and
 * `first * GRAM_KEY_BASE` for a single character (no run holds U+0000). Exact in a double.
 */
export const GRAM_KEY_BASE = 0x200000

/**
 * Calls `visit` with the key of every character and every pair of adjacent characters of
 * each script run of a normalized text: the character index's terms.
 */
export function forEachGramKey (normalizedText: string, visit: (key: number) => void): void {
  for (const run of splitScriptRuns(normalizedText)) {
    let previous = -1
    for (const char of run.text) {
      const code = char.codePointAt(0)!
      visit(code * GRAM_KEY_BASE)
      if (previous >= 0) visit(previous * GRAM_KEY_BASE + code)
      previous = code
    }
  }
}

/**
 * The gram keys that every text containing `normalizedText` holds: each run's single
 * character, or its bigrams. Empty when the text has no run (punctuation only).
 */
export function queryGramKeys (normalizedText: string): number[] {
  const keys = new Set<number>()
  for (const run of splitScriptRuns(normalizedText)) {
    const codes = [...run.text].map(char => char.codePointAt(0)!)
    if (codes.length === 1) keys.add(codes[0]! * GRAM_KEY_BASE)
    for (let i = 1; i < codes.length; i++) keys.add(codes[i - 1]! * GRAM_KEY_BASE + codes[i]!)
  }
  return [...keys]
}

/**
 * The gram terms that find a query word: its unigram when it is one character, else its
 * bigrams (all must match; a candidate is then checked for the whole word).
 */
export function queryGrams (word: string): string[] {
  const chars = [...word]
  if (chars.length === 1) return chars
  const grams: string[] = []
  for (let i = 1; i < chars.length; i++) grams.push(chars[i - 1]! + chars[i]!)
  return [...new Set(grams)]
}
