import type { Analyzer } from '../analysis/analyzer.js'
import type { SegmentedIndex } from '../indexing/segmented-index.js'
import { TEXT_FIELDS, type TextField } from '../types.js'
import { inverseDocumentFrequency } from './bm25.js'
import { addScores, type DocScores, intersectScores, NO_DOCS, rankAbove, subtractDocs, unionByCoverage, unionMax } from './doc-scores.js'
import { matchText } from './match-text.js'
import { matchWord } from './match-words.js'
import type { ParsedQuery, QueryClause } from './parse-query.js'
import { type QueryBudget, UNLIMITED_BUDGET } from './query-budget.js'
import { rerankByBigrams } from './rerank-bigrams.js'
import { ADJACENCY_BONUS, SUBSTRING_WEIGHT } from './ranking-weights.js'

/** A text to match: its normalized words, and the normalized text they make together. */
export interface ClauseText {
  words: string[]
  /** The normalized text, trimmed: what an exact occurrence looks like. */
  phrase: string
}

/**
 * A clause after analysis: the normalized words that must each occur, and for a phrase
 * (or a term of several words) the normalized text that occurs when they stand together.
 */
export interface AnalyzedClause extends ClauseText {
  clause: QueryClause
  fields: readonly TextField[]
  /** Other ways of saying an unquoted term (synonyms.txt): matched too, ranked below the term as typed. */
  synonyms: ClauseText[]
}

/** Where the other ways of saying a term come from: the terms a normalized term stands for. */
export interface SynonymSource {
  synonymsOf (normalizedTerm: string): readonly string[]
}

/**
 * How far a query relaxes. `all`: every clause matches, and every non-stop word of a term
 * (the default). `any`: a document with any clause, or any word of a term, matches, those
 * with the most first; the engine falls back to this when `all` finds nothing.
 */
export type MatchMode = 'all' | 'any'

/**
 * An unquoted term of this many distinct words or more that is also longer than
 * SHORT_TERM_CHARS (a question or a sentence typed as one string) matches articles with
 * any of its words, scored by the share of its words they contain (then reranked by the
 * question's character pairs, rerank-bigrams.ts). Measured on the DuReader judged queries,
 * requiring every word of a question left a quarter of the relevant documents unfound;
 * on DuReader train, weighting by the share (not its square) and the rerank measured best.
 */
export const LONG_TERM_WORDS = 3

/**
 * A term up to this many characters is what people type into a search box (a name, a
 * phrase): every one of its words must occur, unless no article has them all.
 */
export const SHORT_TERM_CHARS = 6

/**
 * Words that occur in nearly every Chinese text, and the words a question is asked with:
 * they weigh little in ranking and never decide which articles a term matches (a query of
 * one of them alone still finds what contains it, and phrases containing them match exactly).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '在', '是', '和', '与', '及', '也', '就', '都', '而', '又', '把', '被', '对', '从', '向', '等', '之', '其', '或', '但', '并', '很',
  '吗', '呢', '吧', '啊', '个', '这', '那', '有', '我', '你', '他', '她', '它', '们', '一个',
  '什么', '怎么', '怎样', '如何', '为什么', '哪', '哪里', '哪个', '哪些', '多少', '几', '是否', '是不是', '能否', '可以',
])

/** How much a stop word's score counts in a term of several words. */
export const STOP_WORD_WEIGHT = 0.1

/** How much a synonym's match counts against the term as typed (it also always ranks below). */
export const SYNONYM_WEIGHT = 0.8

/** What a query's execution may use: how far it relaxes, and how long it may work. */
export interface QueryOptions {
  mode?: MatchMode
  budget?: QueryBudget
}

/** What every scoring step reads: the index and the query's time budget. */
interface QueryContext {
  index: SegmentedIndex
  budget: QueryBudget
}

/**
 * Analyzes each clause; clauses with nothing searchable in them (punctuation) are dropped.
 * Unquoted terms found in `synonyms` carry their synonyms, analyzed the same way.
 */
export function analyzeClauses (query: ParsedQuery, analyzer: Analyzer, synonyms?: SynonymSource): AnalyzedClause[] {
  const analyzed: AnalyzedClause[] = []
  for (const clause of query.clauses) {
    const text = analyzeText(clause.text, analyzer)
    if (text === undefined) continue
    const others = clause.kind === 'term' && synonyms !== undefined ? synonyms.synonymsOf(text.phrase) : []
    analyzed.push({
      clause,
      ...text,
      fields: clause.field !== undefined ? [clause.field] : TEXT_FIELDS,
      synonyms: others.map(other => analyzeText(other, analyzer)).filter(other => other !== undefined),
    })
  }
  return analyzed
}

function analyzeText (text: string, analyzer: Analyzer): ClauseText | undefined {
  const words = analyzer.queryWords(text)
  return words.length === 0 ? undefined : { words, phrase: analyzer.normalizeTerm(text).trim() }
}

/**
 * Finds and scores the articles that match every positive clause and no negated one (in
 * `any` mode: at least one positive clause, those with the most clauses first).
 *
 * Recall is grep's: each word is found in the character index (confirmed against the
 * stored text), so a document segmented differently from the query is still found.
 * Scores: BM25+ of the word where the document holds it as a word, plus a smaller share
 * for holding its characters, so whole-word matches rank above character-only ones.
 * When the budget runs out, what was found so far is scored and returned.
 */
export function executeQuery (clauses: readonly AnalyzedClause[], index: SegmentedIndex, options: QueryOptions = {}): DocScores {
  const mode = options.mode ?? 'all'
  const context: QueryContext = { index, budget: options.budget ?? UNLIMITED_BUDGET }
  const positive = clauses.filter(c => !c.clause.negated)
  if (positive.length === 0) return NO_DOCS
  let result: DocScores | undefined
  if (mode === 'any') {
    result = unionByCoverage(positive.map(clause => scoreClause(clause, context, matchesAnyWord(clause, mode))))
  } else {
    for (const clause of positive) {
      const clauseScores = scoreClause(clause, context, matchesAnyWord(clause, mode))
      result = result === undefined ? clauseScores : intersectScores(result, clauseScores)
      if (result.docs.length === 0) return NO_DOCS
    }
  }
  for (const clause of clauses.filter(c => c.clause.negated)) {
    result = subtractDocs(result!, scoreClause(clause, context, false).docs)
  }
  return result!
}

/**
 * The articles with any of several texts (the words a pinyin query spells), each run as a
 * one-term query, a document scored by its best text: matches a caller ranks below those
 * of the query as typed.
 */
export function executeAnyText (texts: readonly string[], index: SegmentedIndex, options: QueryOptions = {}): DocScores {
  let result = NO_DOCS
  for (const text of texts) {
    const clauses = analyzeClauses({ clauses: [{ kind: 'term', text, negated: false }] }, index.analyzer)
    result = unionMax(result, executeQuery(clauses, index, options))
  }
  return result
}

/** True when an unquoted term of several words matches on any of them (see LONG_TERM_WORDS). */
export function matchesAnyWord (clause: ClauseText & { clause: QueryClause }, mode: MatchMode): boolean {
  if (clause.clause.kind !== 'term' || clause.clause.negated || new Set(clause.words).size < 2) return false
  if (mode === 'any') return true
  return contentWords(clause.words).length >= LONG_TERM_WORDS && [...clause.phrase].length > SHORT_TERM_CHARS
}

/** True when relaxing (`any` mode) could find more: several positive clauses, or a term of several words. */
export function canRelax (clauses: readonly AnalyzedClause[]): boolean {
  const positive = clauses.filter(c => !c.clause.negated)
  return positive.length > 1 || positive.some(c => c.clause.kind === 'term' && new Set(c.words).size > 1)
}

/** The words of a term that are not stop words (all of them if every one is). */
export function contentWords (words: readonly string[]): string[] {
  const content = [...new Set(words)].filter(word => !STOP_WORDS.has(word))
  return content.length > 0 ? content : [...new Set(words)]
}

function fieldMaskOf (fields: readonly TextField[]): number {
  let mask = 0
  for (const field of fields) mask |= 1 << TEXT_FIELDS.indexOf(field)
  return mask
}

/** A clause's documents: the text as typed, then (ranked below) its synonyms. */
function scoreClause (clause: AnalyzedClause, context: QueryContext, anyWord: boolean): DocScores {
  const mask = fieldMaskOf(clause.fields)
  const asTyped = scoreText(clause, clause.clause.kind === 'phrase', context, mask, anyWord)
  if (clause.synonyms.length === 0) return asTyped
  let others = NO_DOCS
  for (const synonym of clause.synonyms) {
    others = unionMax(others, scoreText(synonym, false, context, mask, anyWord && synonym.words.length > 1))
  }
  return rankAbove(asTyped, scale(others, () => SYNONYM_WEIGHT))
}

function scoreText (text: ClauseText, isPhrase: boolean, context: QueryContext, mask: number, anyWord: boolean): DocScores {
  const words = [...new Set(text.words)]
  if (!isPhrase && words.length === 1) return scoreWord(words[0]!, context, mask)
  const adjacent = matchText(context.index, text.phrase, mask, undefined, context.budget)
  if (isPhrase) {
    // Every word of a phrase is inside it: score the phrase's documents by their words.
    let scores: DocScores = { docs: adjacent, scores: new Float64Array(adjacent.length) }
    for (const word of words) scores = intersectScores(scores, scoreWord(word, context, mask))
    return scale(scores, () => ADJACENCY_BONUS)
  }
  if (anyWord) return literalFirst(rerankByBigrams(scoreAnyWord(words, context, mask), text.phrase, context.index, mask), adjacent)
  return literalFirst(scoreAllWords(words, context, mask), adjacent)
}

/**
 * Documents with every content word of a term; its stop words add a little where they
 * occur but never decide (我的工会 finds 工会 in articles without 我 or 的).
 */
function scoreAllWords (words: readonly string[], context: QueryContext, mask: number): DocScores {
  const content = contentWords(words)
  let scores: DocScores | undefined
  for (const word of content) {
    const wordScores = scoreWord(word, context, mask)
    scores = scores === undefined ? wordScores : intersectScores(scores, wordScores)
    if (scores.docs.length === 0) return NO_DOCS
  }
  for (const word of words.filter(word => !content.includes(word))) {
    scores = addScores(scores!, scale(scoreWord(word, context, mask), () => STOP_WORD_WEIGHT))
  }
  return scores!
}

/**
 * Puts the documents where a term of several words is written as typed (冬季送温暖)
 * above every document that only has its words apart, keeping BM25's order within each
 * group: a reader who typed the words together means them together.
 */
function literalFirst (scores: DocScores, literal: Int32Array): DocScores {
  const written = intersectScores(scores, { docs: literal, scores: new Float64Array(literal.length) })
  return rankAbove(scale(written, () => ADJACENCY_BONUS), subtractDocs(scores, literal))
}

/**
 * Documents with any of the words, scored by their words' scores times the share of
 * non-stop words they hold: stop words add only a little, and a document with
 * nothing but stop words ranks last.
 */
function scoreAnyWord (words: readonly string[], context: QueryContext, mask: number): DocScores {
  const totals = new Map<number, { score: number, words: number }>()
  const content = new Set(contentWords(words))
  // Content words first: a stop word only adds to documents they matched.
  for (const word of [...content, ...words.filter(word => !content.has(word))]) {
    const { docs, scores } = scoreWord(word, context, mask)
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
    scores[i] = score * coverage
  })
  return { docs, scores }
}

/** The documents containing a word: BM25+ where it is a word, plus a share for its characters. */
function scoreWord (word: string, { index, budget }: QueryContext, mask: number): DocScores {
  const asWord = matchWord(index, word, mask, budget)
  const containing = matchText(index, word, mask, asWord.docs, budget)
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
  for (const { clause, words, phrase, synonyms } of clauses) {
    if (clause.negated) continue
    if (clause.kind === 'phrase') terms.push(phrase)
    else terms.push(...words, ...synonyms.flatMap(synonym => synonym.words))
  }
  return terms
}
