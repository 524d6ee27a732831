import type { TextPatch } from './normalize/text-patches.js'

/**
 * What a term is:
 * - `word`: a Jieba word of Chinese text;
 * - `subword`: a dictionary word inside a longer Jieba word (工会 in 北京市总工会), indexed
 *   with the words so the shorter word matches as a word;
 * - `alnum`: a run of letters and digits of other scripts (2023, 1184.19, long, iphone15);
 * - `gram`: one or two consecutive characters of a run, the index's grep-like recall net.
 */
export type TokenKind = 'word' | 'subword' | 'alnum' | 'gram'

/** One index term with its place in the original (un-normalized) text. */
export interface Token {
  /** The normalized term as indexed (simplified, half-width, lowercase). */
  term: string
  kind: TokenKind
  /** Start of the term in the original text (UTF-16 offset). */
  start: number
  /** End (exclusive) of the term in the original text. */
  end: number
}

/** A text as the index takes it: normalized, with the way back to the original, and its words. */
export interface IndexedText {
  /** The normalized text (simplified, half-width, lowercase). */
  normalized: string
  /** Where the original differs from `normalized` (see text-patches.ts). */
  patches: TextPatch[]
  /** Words, dictionary subwords of long words, and alphanumeric runs, in text order. */
  words: string[]
  /** `whole[i]`: `words[i]` is a word of the text as Jieba cut it (not a subword inside one). */
  whole: boolean[]
}
