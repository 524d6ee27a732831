/**
 * A query as a tree of scoring steps, made once from the analyzed clauses before any
 * backend is asked: its leaves (each word's postings, each written text's documents) are
 * what one fetch reads, and score-plan.ts evaluates the tree over what was fetched. Each
 * step says where a share of a score comes from (a word's BM25+ per field, the literal-
 * first band, the rerank, a synonym's or a stop word's weight, relaxed coverage), so an
 * explanation of a score can walk the same tree.
 */
import { type AnalyzedClause, type ClauseText, contentWords, matchesAnyWord, type MatchMode, SHORT_TERM_CHARS } from './analyze-query.js'
import { type FieldMask, fieldMaskOf, requestKey } from './postings.js'

/** A word's documents (grep's), scored BM25+ per field where they hold it as a word, plus a share for its characters. */
export interface WordStep {
  readonly kind: 'word'
  readonly word: string
  readonly mask: FieldMask
}

/** A normalized text and the fields it is looked for in: its documents are where it is written as typed. */
export interface WrittenText {
  readonly text: string
  readonly mask: FieldMask
}

/** An exact phrase: the scores of its words in the documents where it is written, times ADJACENCY_BONUS. */
export interface PhraseStep {
  readonly kind: 'phrase'
  readonly written: WrittenText
  readonly words: readonly WordStep[]
}

/**
 * A term of several words: every content word must occur; the stop words add
 * STOP_WORD_WEIGHT of their score where they occur but never decide. Literal first: the
 * documents where the term is written as typed rank above the rest (times ADJACENCY_BONUS).
 */
export interface AllWordsStep {
  readonly kind: 'all-words'
  readonly content: readonly WordStep[]
  readonly stops: readonly WordStep[]
  readonly written: WrittenText
}

/**
 * A question (or any term of several words, relaxed): documents with any of its words,
 * scored by their words (stop words at STOP_WORD_WEIGHT) times the share of content words
 * they hold; then the question's character pairs rerank the best (rerank-bigrams.ts).
 * Literal first as for AllWordsStep only when `literalFirst`: see {@link LITERAL_QUESTION_CHARS}.
 */
export interface AnyWordsStep {
  readonly kind: 'any-words'
  readonly content: readonly WordStep[]
  readonly stops: readonly WordStep[]
  readonly written: WrittenText
  readonly literalFirst: boolean
}

/**
 * A question up to this many characters (what a search box holds: 如何发海参) still ranks
 * the documents where it is written as typed above the rest; a longer one (怀孕多久会有反应)
 * is a sentence whose answers rarely repeat it word for word, so its literal occurrences
 * get no band and no bonus. Measured on DuReader train: nDCG@10 0.7369 → 0.7428 (dev
 * 0.7279 → 0.7328); the questions of up to 6 characters gained nothing from dropping it.
 */
export const LITERAL_QUESTION_CHARS = SHORT_TERM_CHARS

/** How one text of a clause is matched and scored. */
export type TextStep = WordStep | PhraseStep | AllWordsStep | AnyWordsStep

/** A clause: its text as typed, then (ranked below it, at SYNONYM_WEIGHT) the best of its synonyms. */
export interface ClauseStep {
  readonly kind: 'clause'
  readonly typed: TextStep
  readonly synonyms: readonly TextStep[]
}

/**
 * A query in one mode: `all` keeps the documents of every positive clause (scores added),
 * `any` those of any, the ones in the most clauses first (relaxed coverage); the documents
 * of a negated clause are left out.
 */
export interface QueryStep {
  readonly kind: 'query'
  readonly mode: MatchMode
  readonly positive: readonly ClauseStep[]
  readonly negated: readonly ClauseStep[]
}

/** A search: the query as typed, ranked above the documents of the words its pinyin spells (each a one-term query, the best one counting). */
export interface SearchStep {
  readonly kind: 'search'
  readonly typed: QueryStep
  readonly spelled: readonly QueryStep[]
}

/** The plan of a query in one mode, with the plans of the texts its pinyin spells (planSpelled). */
export function planSearch (clauses: readonly AnalyzedClause[], spelled: readonly QueryStep[], mode: MatchMode): SearchStep {
  return { kind: 'search', typed: planQuery(clauses, mode), spelled }
}

/** The plans of the texts a query spells in pinyin: each one a one-term query whose words must all occur, in either mode. */
export function planSpelled (texts: ReadonlyArray<readonly AnalyzedClause[]>): QueryStep[] {
  return texts.map(clauses => planQuery(clauses, 'all'))
}

function planQuery (clauses: readonly AnalyzedClause[], mode: MatchMode): QueryStep {
  return {
    kind: 'query',
    mode,
    positive: clauses.filter(clause => !clause.clause.negated).map(clause => planClause(clause, matchesAnyWord(clause, mode))),
    negated: clauses.filter(clause => clause.clause.negated).map(clause => planClause(clause, false)),
  }
}

function planClause (clause: AnalyzedClause, anyWord: boolean): ClauseStep {
  const mask = fieldMaskOf(clause.fields)
  return {
    kind: 'clause',
    typed: planText(clause, clause.clause.kind === 'phrase', mask, anyWord),
    synonyms: clause.synonyms.map(synonym => planText(synonym, false, mask, anyWord && synonym.words.length > 1)),
  }
}

function planText (text: ClauseText, isPhrase: boolean, mask: FieldMask, anyWord: boolean): TextStep {
  const words = [...new Set(text.words)]
  const step = (word: string): WordStep => ({ kind: 'word', word, mask })
  if (!isPhrase && words.length === 1) return step(words[0]!)
  const written = { text: text.phrase, mask }
  if (isPhrase) return { kind: 'phrase', written, words: words.map(step) }
  const content = contentWords(words)
  const stops = words.filter(word => !content.includes(word))
  if (!anyWord) return { kind: 'all-words', content: content.map(step), stops: stops.map(step), written }
  return { kind: 'any-words', content: content.map(step), stops: stops.map(step), written, literalFirst: [...written.text].length <= LITERAL_QUESTION_CHARS }
}

/** Every word and every written text a plan reads (each once, in the order first met). */
export function planLeaves (steps: readonly SearchStep[]): { words: WordStep[], texts: WrittenText[] } {
  const words = new Map<string, WordStep>()
  const texts = new Map<string, WrittenText>()
  const visitText = (step: TextStep): void => {
    if (step.kind === 'word') {
      words.set(requestKey(step.word, step.mask), step)
      return
    }
    if (step.kind !== 'any-words' || step.literalFirst) texts.set(requestKey(step.written.text, step.written.mask), step.written)
    for (const word of step.kind === 'phrase' ? step.words : [...step.content, ...step.stops]) words.set(requestKey(word.word, word.mask), word)
  }
  const visitQuery = (query: QueryStep): void => {
    for (const clause of [...query.positive, ...query.negated]) for (const text of [clause.typed, ...clause.synonyms]) visitText(text)
  }
  for (const step of steps) for (const query of [step.typed, ...step.spelled]) visitQuery(query)
  return { words: [...words.values()], texts: [...texts.values()] }
}
