/**
 * Scores a query plan (query-plan.ts) over what one fetch read: every step of the tree
 * turns its children's DocScores into its own, in one function per kind of step, so a
 * score can be traced back through the same steps (issue 24's explain).
 *
 * Recall is grep's: a word's documents are those with its characters (the backend
 * confirms them against the stored text), so a document segmented differently from the
 * query is still found. Scores: BM25+ of the word where the document holds it as a word,
 * plus a smaller share for holding its characters, so whole-word matches rank above
 * character-only ones; collection statistics are the whole index's, whatever holds it.
 */
import { bm25, inverseDocumentFrequency } from './bm25.js'
import { addScores, type DocScores, intersectScores, NO_DOCS, rankAbove, subtractDocs, sumByDoc, unionByCoverage, unionMax } from './doc-scores.js'
import type { CollectionStats, FieldMask, TermPostings } from './postings.js'
import { requestKey } from './postings.js'
import type { AllWordsStep, AnyWordsStep, ClauseStep, PhraseStep, QueryStep, SearchStep, TextStep, WordStep } from './query-plan.js'
import { ADJACENCY_BONUS, FIELD_BOOSTS, STOP_WORD_WEIGHT, SUBSTRING_WEIGHT, SYNONYM_WEIGHT } from './ranking-weights.js'
import { FIELD_COUNT, TEXT_FIELDS } from '../types.js'

const BOOSTS = TEXT_FIELDS.map(field => FIELD_BOOSTS[field])

/** What scoring reads: the statistics, the fetched postings and written texts, and the question rerank. */
export interface ScoringInputs {
  readonly stats: CollectionStats
  /** A word's postings in the fields of `mask`, as fetched. */
  postings (word: string, mask: FieldMask): TermPostings
  /** The documents where a normalized text is written in the fields of `mask`, as fetched. */
  written (text: string, mask: FieldMask): Int32Array
  /** The question rerank of a question's scores (rerank-bigrams.ts). */
  rerank (scores: DocScores, phrase: string, mask: FieldMask): Promise<DocScores>
}

/**
 * What a step of a plan produced, kept when a search is explained: `out` is the step's
 * result; a step of several stages keeps the stages before it (`matched`: a term's
 * documents before literal first, `reranked`: after the question rerank, `synonyms`: the
 * best of a clause's synonyms, `spelled`: the best of the pinyin's texts).
 */
export type TraceStage = 'out' | 'matched' | 'reranked' | 'synonyms' | 'spelled'

/** The scores each step of a plan produced in one search (explanation.ts reads them). */
export class ScoreTrace {
  private readonly outputs = new Map<object, Map<TraceStage, DocScores>>()

  record (step: object, stage: TraceStage, scores: DocScores): DocScores {
    let stages = this.outputs.get(step)
    if (stages === undefined) this.outputs.set(step, stages = new Map())
    stages.set(stage, scores)
    return scores
  }

  get (step: object, stage: TraceStage): DocScores | undefined {
    return this.outputs.get(step)?.get(stage)
  }
}

/** Evaluates plans over one search's inputs; each word is scored once, however many steps read it. */
export class PlanScorer {
  private readonly wordScores = new Map<string, DocScores>()
  private spelledScores: { steps: readonly QueryStep[], scores: DocScores } | undefined

  /** With a `trace`, every step's scores are kept in it, to explain them. */
  constructor (readonly inputs: ScoringInputs, readonly trace?: ScoreTrace) {}

  private record (step: object, stage: TraceStage, scores: DocScores): DocScores {
    return this.trace === undefined ? scores : this.trace.record(step, stage, scores)
  }

  /** The query as typed, ranked above the best of the texts its pinyin spells. */
  async search (step: SearchStep): Promise<DocScores> {
    const typed = await this.query(step.typed)
    const spelled = this.record(step, 'spelled', await this.spelled(step.spelled))
    return this.record(step, 'out', rankAbove(typed, spelled))
  }

  /**
   * The documents of every positive clause and no negated one (`all`; scores added), or of
   * at least one positive clause, those in the most clauses first (`any`, relaxed).
   */
  async query (step: QueryStep): Promise<DocScores> {
    return this.record(step, 'out', await this.queryScores(step))
  }

  private async queryScores (step: QueryStep): Promise<DocScores> {
    if (step.positive.length === 0) return NO_DOCS
    let result: DocScores | undefined
    if (step.mode === 'any') {
      const clauses: DocScores[] = []
      for (const clause of step.positive) clauses.push(await this.clause(clause))
      result = unionByCoverage(clauses)
    } else {
      for (const clause of step.positive) {
        const scores = await this.clause(clause)
        result = result === undefined ? scores : intersectScores(result, scores)
        if (result.docs.length === 0) return NO_DOCS
      }
    }
    for (const clause of step.negated) result = subtractDocs(result!, (await this.clause(clause)).docs)
    return result!
  }

  /** The texts a pinyin query spells, each a one-term query; a document scores by its best. Computed once per search. */
  private async spelled (steps: readonly QueryStep[]): Promise<DocScores> {
    if (this.spelledScores?.steps === steps) return this.spelledScores.scores
    let scores = NO_DOCS
    for (const step of steps) scores = unionMax(scores, await this.query(step))
    this.spelledScores = { steps, scores }
    return scores
  }

  /** A clause's documents: the text as typed, then (ranked below) its synonyms. */
  private async clause (step: ClauseStep): Promise<DocScores> {
    const typed = await this.text(step.typed)
    if (step.synonyms.length === 0) return this.record(step, 'out', typed)
    let others = NO_DOCS
    for (const synonym of step.synonyms) others = unionMax(others, await this.text(synonym))
    this.record(step, 'synonyms', others)
    return this.record(step, 'out', rankAbove(typed, scale(others, SYNONYM_WEIGHT)))
  }

  private async text (step: TextStep): Promise<DocScores> {
    switch (step.kind) {
      case 'word': return this.word(step)
      case 'phrase': return this.record(step, 'out', this.phrase(step))
      case 'all-words': return this.record(step, 'out', this.literalFirst(this.record(step, 'matched', this.allWords(step)), step))
      case 'any-words': {
        const matched = this.record(step, 'matched', this.anyWords(step))
        const reranked = this.record(step, 'reranked', await this.inputs.rerank(matched, step.written.text, step.written.mask))
        return this.record(step, 'out', step.literalFirst ? this.literalFirst(reranked, step) : reranked)
      }
    }
  }

  /** Every word of a phrase is inside it: the phrase's documents, scored by their words. */
  private phrase (step: PhraseStep): DocScores {
    const written = this.inputs.written(step.written.text, step.written.mask)
    let scores: DocScores = { docs: written, scores: new Float64Array(written.length) }
    for (const word of step.words) scores = intersectScores(scores, this.word(word))
    return scale(scores, ADJACENCY_BONUS)
  }

  /**
   * Documents with every content word of a term; its stop words add a little where they
   * occur but never decide (我的工会 finds 工会 in articles without 我 or 的).
   */
  private allWords (step: AllWordsStep): DocScores {
    let scores: DocScores | undefined
    for (const word of step.content) {
      const wordScores = this.word(word)
      scores = scores === undefined ? wordScores : intersectScores(scores, wordScores)
      if (scores.docs.length === 0) return NO_DOCS
    }
    for (const word of step.stops) scores = addScores(scores!, scale(this.word(word), STOP_WORD_WEIGHT))
    return scores!
  }

  /**
   * Documents with any of the words, scored by their words' scores times the share of
   * content words they hold: stop words add only a little, and a document with nothing
   * but stop words ranks last.
   */
  private anyWords (step: AnyWordsStep): DocScores {
    // Content words first: a stop word only adds to documents they matched. A document with
    // only stop words of a question still matches (as grep finds it), but scores nothing.
    const { docs, sums, counts } = sumByDoc([
      ...step.content.map(word => ({ scores: this.word(word), weight: 1, counted: true })),
      ...step.stops.map(word => ({ scores: this.word(word), weight: STOP_WORD_WEIGHT, counted: false })),
    ])
    return { docs, scores: sums.map((sum, i) => sum * (counts[i]! / step.content.length)) }
  }

  /**
   * Puts the documents where a term of several words is written as typed (冬季送温暖)
   * above every document that only has its words apart, keeping BM25's order within each
   * group: a reader who typed the words together means them together.
   */
  private literalFirst (scores: DocScores, step: AllWordsStep | AnyWordsStep): DocScores {
    const literal = this.inputs.written(step.written.text, step.written.mask)
    const written = intersectScores(scores, { docs: literal, scores: new Float64Array(literal.length) })
    return rankAbove(scale(written, ADJACENCY_BONUS), subtractDocs(scores, literal))
  }

  /** The documents containing a word: BM25+ in each field where it is a word, plus SUBSTRING_WEIGHT of its idf for its characters. */
  private word (step: WordStep): DocScores {
    const key = requestKey(step.word, step.mask)
    let scores = this.wordScores.get(key)
    if (scores === undefined) {
      scores = scoreWord(this.inputs.postings(step.word, step.mask), this.inputs.stats, step.mask)
      this.wordScores.set(key, scores)
    }
    return this.record(step, 'out', scores)
  }
}

/** What a word's score is made of besides each document's frequencies: its idf per field and the share its characters give. */
export interface WordWeights {
  idf: number[]
  characterScore: number
}

export function wordWeights (postings: TermPostings, stats: CollectionStats): WordWeights {
  const n = postings.docs.length
  const fieldDocs = postings.whole?.fieldDocs ?? countFieldDocs(postings.frequencies, n)
  return {
    idf: Array.from({ length: FIELD_COUNT }, (_, f) => inverseDocumentFrequency(fieldDocs[f]!, stats.documents)),
    characterScore: SUBSTRING_WEIGHT * inverseDocumentFrequency(postings.whole?.containing ?? n, stats.documents),
  }
}

/** The BM25+ of a word in field f of the document at `i` of its postings, boosted (0 where it is not a word there or f is outside `mask`). */
export function fieldScore (postings: TermPostings, weights: WordWeights, stats: CollectionStats, mask: FieldMask, i: number, f: number): number {
  const frequency = postings.frequencies[i * FIELD_COUNT + f]!
  if (frequency === 0 || (mask & (1 << f)) === 0) return 0
  return BOOSTS[f]! * bm25(frequency, weights.idf[f]!, postings.lengths[i * FIELD_COUNT + f]!, stats.averageFieldLengths[f]!)
}

/** A word's scores from its postings, over the collection's statistics. */
function scoreWord (postings: TermPostings, stats: CollectionStats, mask: FieldMask): DocScores {
  const weights = wordWeights(postings, stats)
  const n = postings.docs.length
  const scores = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let asWord = 0
    for (let f = 0; f < FIELD_COUNT; f++) asWord += fieldScore(postings, weights, stats, mask, i, f)
    scores[i] = weights.characterScore + asWord
  }
  return { docs: postings.docs, scores }
}

/** Documents holding the word as a word, per field. */
function countFieldDocs (frequencies: Uint32Array, n: number): number[] {
  const counts = new Array<number>(FIELD_COUNT).fill(0)
  for (let i = 0; i < n; i++) for (let f = 0; f < FIELD_COUNT; f++) if (frequencies[i * FIELD_COUNT + f]! > 0) counts[f]!++
  return counts
}

function scale (scores: DocScores, factor: number): DocScores {
  const scaled = new Float64Array(scores.scores.length)
  for (let i = 0; i < scaled.length; i++) scaled[i] = scores.scores[i]! * factor
  return { docs: scores.docs, scores: scaled }
}
