import type { TextField } from '../types.js'

/**
 * How much a match in each text field counts. A title says what an article is about;
 * kicker and byline are short and deliberate; the body is where most words are.
 */
export const FIELD_BOOSTS: Readonly<Record<TextField, number>> = {
  title: 3,
  kicker: 1.5,
  byline: 1.5,
  body: 1,
}

/**
 * A document that holds a query word only as characters (inside a longer word, or across
 * a word boundary) scores this much of the word's inverse document frequency, so 工会 as a
 * word ranks above 工会 found inside 工会会员 or across 工/会.
 */
export const SUBSTRING_WEIGHT = 0.4

/**
 * A term of several words that is also written contiguously in the article (冬季送温暖,
 * not 冬季 … 送温暖) scores this many times more.
 */
export const ADJACENCY_BONUS = 1.5

/** How much a stop word's score counts in a term of several words. */
export const STOP_WORD_WEIGHT = 0.1

/** How much a synonym's match counts against the term as typed (it also always ranks below). */
export const SYNONYM_WEIGHT = 0.8

/**
 * How much the question rerank's character-pair score counts next to the word score (tuned
 * on DuReader train with fields' lengths in words: 0.5, 0.7, 0.8 and 1 measured worse).
 */
export const BIGRAM_WEIGHT = 0.6
