import type { Analyzer } from '../analysis/analyzer.js'
import type { SynonymSource } from '../analysis/synonyms.js'
import { TEXT_FIELDS, type TextField } from '../types.js'
import type { ParsedQuery, QueryClause } from './parse-query.js'

/**
 * What reads a query the way the index was written: the analyzer, or a stand-in for it (a
 * browser has no Jieba). `warmUp`, where there is one, loads what the first query needs
 * (Jieba's dictionary): a search calls it before its clock and its time budget start.
 */
export type QueryAnalyzer = Pick<Analyzer, 'queryWords' | 'normalizeTerm'> & Partial<Pick<Analyzer, 'warmUp'>>

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

export type { SynonymSource } from '../analysis/synonyms.js'

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


/**
 * Analyzes each clause; clauses with nothing searchable in them (punctuation) are dropped.
 * Unquoted terms found in `synonyms` carry their synonyms, analyzed the same way.
 */
export function analyzeClauses (query: ParsedQuery, analyzer: QueryAnalyzer, synonyms?: SynonymSource): AnalyzedClause[] {
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

function analyzeText (text: string, analyzer: QueryAnalyzer): ClauseText | undefined {
  const words = analyzer.queryWords(text)
  return words.length === 0 ? undefined : { words, phrase: analyzer.normalizeTerm(text).trim() }
}

/**
 * The words a question is asked with: a term holding one is a question however short
 * (如何发海参, 壁虎是益虫吗), matched on any of its words and reranked as one. Measured on
 * DuReader train (nDCG@10 0.729 → 0.737; dev 0.724 → 0.728), where short questions lost
 * relevant pages that do not repeat the question word.
 */
const QUESTION_WORDS: ReadonlySet<string> = new Set(['吗', '呢', '什么', '怎么', '怎样', '如何', '为什么', '哪', '哪里', '哪个', '哪些', '多少', '几', '是否', '是不是', '能否'])

/**
 * True when an unquoted term of several words matches on any of them: a question (a
 * question word, or LONG_TERM_WORDS content words in more than SHORT_TERM_CHARS characters).
 */
export function matchesAnyWord (clause: ClauseText & { clause: QueryClause }, mode: MatchMode): boolean {
  if (clause.clause.kind !== 'term' || clause.clause.negated || new Set(clause.words).size < 2) return false
  if (mode === 'any') return true
  if (clause.words.some(word => QUESTION_WORDS.has(word))) return true
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
