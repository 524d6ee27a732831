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

/** The terms of one text, split by the index field they go to. */
export interface IndexTerms {
  /** The normalized text the terms were cut from. */
  normalized: string
  /** Words, subwords and alphanumeric runs, for the word fields (ranked higher). */
  words: string[]
  /** Character unigrams and bigrams, for the gram fields (recall). */
  grams: string[]
}
