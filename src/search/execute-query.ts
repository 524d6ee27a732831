import type { Analyzer } from '../analysis/analyzer.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { TEXT_FIELDS, type TextField } from '../types.js'
import { inverseDocumentFrequency } from './bm25.js'
import { containsDoc, type DocScores, intersectScores, NO_DOCS, subtractDocs } from './doc-scores.js'
import { matchText } from './match-text.js'
import { matchWord } from './match-words.js'
import type { ParsedQuery, QueryClause } from './parse-query.js'
import { ADJACENCY_BONUS, SUBSTRING_WEIGHT } from './ranking-weights.js'

/**
 * A clause after analysis: the normalized words that must each occur, and for a phrase
 * (or a term of several words) the normalized text that occurs when they stand together.
 */
export interface AnalyzedClause {
  clause: QueryClause
  words: string[]
  /** The clause's normalized text, trimmed: what an exact occurrence looks like. */
  phrase: string
  fields: readonly TextField[]
}

/**
 * How the words of an unquoted term of two words combine. `all`: both must occur (the
 * default). `any`: one is enough; the engine falls back to this when `all` finds nothing.
 * Whitespace-separated terms and phrases always all match.
 */
export type MatchMode = 'all' | 'any'

/**
 * An unquoted term of this many words or more (a question or a sentence typed as one
 * string) matches articles with any of its words, scored by the square of the share of
 * its words they contain, so articles with all of them come first. Measured on the
 * DuReader judged queries (npm run eval:ranking), requiring every word left a quarter of
 * the relevant documents unfound (recall@10 0.73, nDCG@10 0.59); this gives recall@10
 * 1.00 and nDCG@10 0.74, level with plain BM25. Shorter terms, what people type into a
 * search box, keep requiring every word.
 */
export const LONG_TERM_WORDS = 3

/**
 * Words that occur in nearly every Chinese text: they weigh little in ranking and never
 * decide which articles a question matches (a query of one of them alone still finds
 * what contains it, and phrases containing them match exactly).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(['的', '了', '在', '是', '和', '与', '及', '也', '就', '都', '而', '又', '把', '被', '对', '从', '向', '等', '之', '其', '或', '但', '并', '很', '吗', '呢', '吧', '啊', '个', '这', '那', '有', '我', '你', '他', '她', '它', '们', '什么', '怎么', '哪', '一个'])

/** How much a stop word's score counts in a term of several words. */
export const STOP_WORD_WEIGHT = 0.1

/** Analyzes each clause; clauses with nothing searchable in them (punctuation) are dropped. */
export function analyzeClauses (query: ParsedQuery, analyzer: Analyzer): AnalyzedClause[] {
  const analyzed: AnalyzedClause[] = []
  for (const clause of query.clauses) {
    const words = analyzer.queryWords(clause.text)
    if (words.length === 0) continue
    analyzed.push({
      clause,
      words,
      phrase: analyzer.normalizeTerm(clause.text).trim(),
      fields: clause.field !== undefined ? [clause.field] : TEXT_FIELDS,
    })
  }
  return analyzed
}

/**
 * Finds and scores the articles that match every positive clause and no negated one.
 *
 * Recall is grep's: each word is found in the character index (confirmed against the
 * stored text), so a document segmented differently from the query is still found.
 * Scores: BM25+ of the word where the document holds it as a word, plus a smaller share
 * for holding its characters, so whole-word matches rank above character-only ones.
 */
export function executeQuery (clauses: readonly AnalyzedClause[], index: SegmentedIndex, mode: MatchMode = 'all'): DocScores {
  const positive = clauses.filter(c => !c.clause.negated)
  if (positive.length === 0) return NO_DOCS
  let result: DocScores | undefined
  for (const clause of positive) {
    const clauseScores = scoreClause(clause, index, matchesAnyWord(clause, mode))
    result = result === undefined ? clauseScores : intersectScores(result, clauseScores)
    if (result.docs.length === 0) return NO_DOCS
  }
  for (const clause of clauses.filter(c => c.clause.negated)) {
    result = subtractDocs(result!, scoreClause(clause, index, false).docs)
  }
  return result!
}

/** True when an unquoted term of several words matches on any of them (see LONG_TERM_WORDS). */
export function matchesAnyWord (clause: AnalyzedClause, mode: MatchMode): boolean {
  if (clause.clause.kind !== 'term' || clause.words.length < 2) return false
  if (mode === 'any') return true
  return new Set(clause.words).size >= LONG_TERM_WORDS
}

/** The words of a term that are not stop words (all of them if every one is). */
function contentWords (words: readonly string[]): string[] {
  const content = [...new Set(words)].filter(word => !STOP_WORDS.has(word))
  return content.length > 0 ? content : [...new Set(words)]
}

function fieldMaskOf (fields: readonly TextField[]): number {
  let mask = 0
  for (const field of fields) mask |= 1 << TEXT_FIELDS.indexOf(field)
  return mask
}

function scoreClause (clause: AnalyzedClause, index: SegmentedIndex, anyWord: boolean): DocScores {
  const mask = fieldMaskOf(clause.fields)
  const words = [...new Set(clause.words)]
  const isPhrase = clause.clause.kind === 'phrase'
  if (!isPhrase && words.length === 1) return scoreWord(words[0]!, index, mask)
  const adjacent = matchText(index, clause.phrase, mask)
  if (isPhrase) {
    // Every word of a phrase is inside it: score the phrase's documents by their words.
    let scores: DocScores = { docs: adjacent, scores: new Float64Array(adjacent.length) }
    for (const word of words) scores = intersectScores(scores, scoreWord(word, index, mask))
    return scale(scores, () => ADJACENCY_BONUS)
  }
  if (!anyWord) {
    let scores: DocScores | undefined
    for (const word of words) {
      const weight = STOP_WORDS.has(word) && words.length > 1 ? STOP_WORD_WEIGHT : 1
      const wordScores = scale(scoreWord(word, index, mask), () => weight)
      scores = scores === undefined ? wordScores : intersectScores(scores, wordScores)
      if (scores.docs.length === 0) return NO_DOCS
    }
    return literalFirst(scores!, adjacent)
  }
  return literalFirst(scoreAnyWord(words, index, mask), adjacent)
}

/**
 * Puts the documents where a term of several words is written as typed (冬季送温暖)
 * above every document that only has its words apart, keeping BM25's order within each
 * group: a reader who typed the words together means them together.
 */
function literalFirst (scores: DocScores, literal: Int32Array): DocScores {
  let apartBest = 0
  for (let i = 0; i < scores.docs.length; i++) {
    if (!containsDoc(literal, scores.docs[i]!)) apartBest = Math.max(apartBest, scores.scores[i]!)
  }
  const ranked = new Float64Array(scores.scores.length)
  for (let i = 0; i < ranked.length; i++) {
    ranked[i] = containsDoc(literal, scores.docs[i]!) ? scores.scores[i]! * ADJACENCY_BONUS + apartBest : scores.scores[i]!
  }
  return { docs: scores.docs, scores: ranked }
}

/**
 * Documents with any of the words, scored by their words' scores times the square of the
 * share of non-stop words they hold: stop words add only a little, and a document with
 * nothing but stop words ranks last.
 */
function scoreAnyWord (words: readonly string[], index: SegmentedIndex, mask: number): DocScores {
  const totals = new Map<number, { score: number, words: number }>()
  const content = new Set(contentWords(words))
  // Content words first: a stop word only adds to documents they matched.
  for (const word of [...content, ...words.filter(word => !content.has(word))]) {
    const { docs, scores } = scoreWord(word, index, mask)
    const counted = content.has(word)
    const weight = counted ? 1 : STOP_WORD_WEIGHT
    for (let i = 0; i < docs.length; i++) {
      const entry = totals.get(docs[i]!)
      if (entry === undefined) {
        // A document with only stop words of a question still matches (as grep and the
        // cluster find it), but with none of its words counted it scores nothing.
        totals.set(docs[i]!, { score: scores[i]! * weight, words: counted ? 1 : 0 })
      } else {
        entry.score += scores[i]! * weight
        if (counted) entry.words++
      }
    }
  }
  const docs = Int32Array.from(totals.keys()).sort()
  const scores = new Float64Array(docs.length)
  docs.forEach((doc, i) => {
    const { score, words: matched } = totals.get(doc)!
    const coverage = matched / content.size
    scores[i] = score * coverage * coverage
  })
  return { docs, scores }
}

/** The documents containing a word: BM25+ where it is a word, plus a share for its characters. */
function scoreWord (word: string, index: SegmentedIndex, mask: number): DocScores {
  const asWord = matchWord(index, word, mask)
  const containing = matchText(index, word, mask, asWord.docs)
  const characterScore = SUBSTRING_WEIGHT * inverseDocumentFrequency(containing.length, index.size)
  const scores = new Float64Array(containing.length)
  let j = 0
  for (let i = 0; i < containing.length; i++) {
    const doc = containing[i]!
    while (j < asWord.docs.length && asWord.docs[j]! < doc) j++
    scores[i] = characterScore + (j < asWord.docs.length && asWord.docs[j] === doc ? asWord.scores[j]! : 0)
  }
  return { docs: containing, scores }
}

function scale (scores: DocScores, factor: (doc: number) => number): DocScores {
  const scaled = new Float64Array(scores.scores.length)
  for (let i = 0; i < scaled.length; i++) scaled[i] = scores.scores[i]! * factor(scores.docs[i]!)
  return { docs: scores.docs, scores: scaled }
}

/** What to mark in results: the words of terms, the whole text of phrases; nothing excluded. */
export function highlightTerms (clauses: readonly AnalyzedClause[]): string[] {
  const terms: string[] = []
  for (const { clause, words, phrase } of clauses) {
    if (clause.negated) continue
    if (clause.kind === 'phrase') terms.push(phrase)
    else terms.push(...words)
  }
  return terms
}
