/**
 * Why a document scored what it did (issue 24): a tree of the plan's steps, read from the
 * scores each step produced in the search (ScoreTrace), as Lucene's and tantivy's explain
 * give. Every node's `value` is the score that step gave the document, so the root's is
 * the hit's score exactly; a node whose description starts "sum of" adds its details, one
 * that starts "product of" multiplies them.
 */
import { indexOfSorted } from '../collections/sorted.js'
import { containsDoc, type DocScores } from './doc-scores.js'
import type { FieldMask } from './postings.js'
import type { AnyWordsStep, AllWordsStep, ClauseStep, PhraseStep, QueryStep, SearchStep, TextStep, WordStep } from './query-plan.js'
import { ADJACENCY_BONUS, BIGRAM_WEIGHT, FIELD_BOOSTS, STOP_WORD_WEIGHT, SYNONYM_WEIGHT } from './ranking-weights.js'
import { RERANK_DEPTH } from './rerank-bigrams.js'
import { fieldScore, type ScoreTrace, type ScoringInputs, type TraceStage, wordWeights } from './score-plan.js'
import { type Explanation, FIELD_COUNT, TEXT_FIELDS } from '../types.js'
import { BM25 } from './bm25.js'

export type { Explanation }

/**
 * Explains `doc`'s score under `plan`, from the trace of the search that scored it; every
 * value passes through `round`, as the hit's score does.
 */
export function explainScore (plan: SearchStep, doc: number, trace: ScoreTrace, inputs: ScoringInputs, round: (value: number) => number): Explanation {
  return shown(new Explainer(trace, inputs, doc).search(plan), round)
}

/** A part being explained: how its details combine (`sum`, `product`, or none for a leaf) and what it is. */
interface Part {
  value: number
  combine?: 'sum' | 'product'
  label: string
  details?: Part[]
}

/**
 * A part; one whose only detail has its value is that detail, under both labels (a query
 * of one term is that term), so the tree has a level only where something is added.
 */
function part (value: number, combine: 'sum' | 'product' | undefined, label: string, details: Part[] = []): Part {
  if (details.length === 1 && details[0]!.value === value) {
    const only = details[0]!
    return { ...only, label: [label, only.label].filter(text => text !== '').join('; ') }
  }
  return details.length === 0 ? { value, label } : { value, ...(combine !== undefined ? { combine } : {}), label, details }
}

const leaf = (value: number, label: string): Part => ({ value, label })

/** A band that puts one group of documents above another: what it added to this document (nothing when it added nothing). */
const band = (value: number, below: number, label: string): Part[] =>
  value === below ? [] : [leaf(value - below, label)]

function shown ({ value, combine, label, details }: Part, round: (value: number) => number): Explanation {
  const description = combine === undefined ? label : `${combine} of${label === '' ? '' : `: ${label}`}`
  return details === undefined ? { value: round(value), description } : { value: round(value), description, details: details.map(detail => shown(detail, round)) }
}

class Explainer {
  constructor (private readonly trace: ScoreTrace, private readonly inputs: ScoringInputs, private readonly doc: number) {}

  /** The score `stage` of `step` gave the document, undefined when it did not match there. */
  private score (step: object, stage: TraceStage = 'out'): number | undefined {
    const scores = this.trace.get(step, stage)
    return scores === undefined ? undefined : scoreOf(scores, this.doc)
  }

  search (step: SearchStep): Part {
    const value = this.score(step)!
    const typed = this.score(step.typed)
    if (typed === undefined) {
      const spelled = step.spelled.filter(query => this.score(query) !== undefined).map(query => this.query(query))
      const best = spelled.reduce((a, b) => (b.value > a.value ? b : a))
      return part(value, undefined, 'the best of the words the query spells in pinyin', [best])
    }
    return part(value, 'sum', '', [this.query(step.typed), ...band(value, typed, 'ranked above the documents only the pinyin finds')])
  }

  private query (step: QueryStep): Part {
    const value = this.score(step)!
    const clauses = step.positive.filter(clause => this.score(clause) !== undefined).map(clause => this.clause(clause))
    const negated = step.negated.length === 0 ? '' : `, none of ${step.negated.length} excluded term(s)`
    if (step.mode === 'all') return part(value, 'sum', clauses.length > 1 || negated !== '' ? `every term${negated}` : '', clauses)
    const sum = clauses.reduce((total, clause) => total + clause.value, 0)
    return part(value, 'sum', `relaxed: ${clauses.length} of ${step.positive.length} terms${negated}`, [
      ...clauses,
      ...band(value, sum, `ranked above the documents with fewer terms (${clauses.length} of ${step.positive.length})`),
    ])
  }

  private clause (step: ClauseStep): Part {
    const value = this.score(step)!
    const typed = this.score(step.typed)
    if (typed !== undefined) return part(value, 'sum', '', [this.text(step.typed), ...band(value, typed, 'ranked above the documents only its synonyms find')])
    const synonyms = step.synonyms.filter(synonym => this.score(synonym) !== undefined).map(synonym => this.text(synonym))
    const best = synonyms.reduce((a, b) => (b.value > a.value ? b : a))
    return part(value, 'product', 'a synonym', [best, leaf(SYNONYM_WEIGHT, 'synonym weight')])
  }

  private text (step: TextStep): Part {
    switch (step.kind) {
      case 'word': return this.word(step)
      case 'phrase': return this.phrase(step)
      case 'all-words': return this.literalFirst(step, part(this.score(step, 'matched')!, 'sum', 'every content word', this.words(step)))
      case 'any-words': return step.literalFirst ? this.literalFirst(step, this.rerank(step)) : this.rerank(step)
    }
  }

  private phrase (step: PhraseStep): Part {
    const words = part(step.words.reduce((sum, word) => sum + this.score(word)!, 0), 'sum', `the words of the phrase "${step.written.text}"`, step.words.map(word => this.word(word)))
    return part(this.score(step)!, 'product', '', [words, leaf(ADJACENCY_BONUS, 'written as a phrase')])
  }

  /** A term's words (and its stop words, weighted), those the document holds. */
  private words (step: AllWordsStep | AnyWordsStep): Part[] {
    const held = step.content.filter(word => this.score(word) !== undefined).map(word => this.word(word))
    const stops = step.stops.filter(word => this.score(word) !== undefined)
      .map(word => part(this.score(word)! * STOP_WORD_WEIGHT, 'product', 'a stop word', [this.word(word), leaf(STOP_WORD_WEIGHT, 'stop word weight')]))
    return [...held, ...stops]
  }

  private rerank (step: AnyWordsStep): Part {
    const matched = this.score(step, 'matched')!
    const covered = step.content.filter(word => this.score(word) !== undefined).length
    const words = this.words(step)
    const sum = part(words.reduce((total, word) => total + word.value, 0), 'sum', 'the words it holds', words)
    const coverage = leaf(step.content.length === 0 ? 0 : covered / step.content.length, `coverage: ${covered} of ${step.content.length} content words`)
    const scored = part(matched, 'product', '', [sum, coverage])
    const reranked = this.score(step, 'reranked')!
    return part(reranked, 'sum', '', [scored, ...band(reranked, matched, `the question's character pairs (BM25 × ${BIGRAM_WEIGHT}, the best ${RERANK_DEPTH} only)`)])
  }

  /** Literal first: where the term is written as typed, times ADJACENCY_BONUS, above the rest. */
  private literalFirst (step: AllWordsStep | AnyWordsStep, inner: Part): Part {
    const value = this.score(step)!
    const written = containsDoc(this.inputs.written(step.written.text, step.written.mask), this.doc)
    if (!written) return part(value, undefined, `"${step.written.text}" not written as typed`, [inner])
    const scaled = part(inner.value * ADJACENCY_BONUS, 'product', `"${step.written.text}" written as typed`, [inner, leaf(ADJACENCY_BONUS, 'written as typed')])
    return part(value, 'sum', '', [scaled, ...band(value, scaled.value, 'ranked above the documents where it is not written as typed')])
  }

  /** A word: the share its characters give, plus BM25+ in each field where it is a word. */
  private word (step: WordStep): Part {
    const postings = this.inputs.postings(step.word, step.mask)
    const { stats } = this.inputs
    const weights = wordWeights(postings, stats)
    const i = indexOfSorted(postings.docs, this.doc)
    const fields: Part[] = []
    for (let f = 0; f < FIELD_COUNT; f++) {
      const value = fieldScore(postings, weights, stats, step.mask, i, f)
      if (value === 0) continue
      const frequency = postings.frequencies[i * FIELD_COUNT + f]!
      const length = postings.lengths[i * FIELD_COUNT + f]!
      fields.push(leaf(value, `BM25+ of "${step.word}" in ${TEXT_FIELDS[f]}: tf ${frequency}, idf ${round(weights.idf[f]!)}, field length ${length} words (average ${round(stats.averageFieldLengths[f]!)}), k1 ${BM25.k}, b ${BM25.b}, δ ${BM25.d}, × ${FIELD_BOOSTS[TEXT_FIELDS[f]!]} for the field`))
    }
    const characters = leaf(weights.characterScore, `its characters "${step.word}" ${fieldNames(step.mask)}`)
    return part(this.score(step)!, 'sum', `the word "${step.word}"`, [characters, ...fields])
  }
}

function fieldNames (mask: FieldMask): string {
  const names = TEXT_FIELDS.filter((_, f) => (mask & (1 << f)) !== 0)
  return names.length === TEXT_FIELDS.length ? 'in the article' : `in ${names.join(', ')}`
}

function round (value: number): number {
  return Math.round(value * 1000) / 1000
}

function scoreOf ({ docs, scores }: DocScores, doc: number): number | undefined {
  const i = indexOfSorted(docs, doc)
  return i < 0 ? undefined : scores[i]
}
