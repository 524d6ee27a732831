/**
 * The query lifecycle, once for every backend (issue 21): check the request → parse →
 * analyze the clauses (with synonyms) → the words the query spells in pinyin → one plan
 * and one fetch of everything it reads → score (literal first, stop words, synonyms, the
 * question rerank) → filters and facets → relax (all → any) when nothing matched → page
 * (top-k, equal scores in corpus order) → hits (snippets, highlights). A backend only
 * answers the primitives of backend.ts, over one state of its index per search.
 */
import { analyzeClauses, type AnalyzedClause, canRelax, highlightTerms, type QueryAnalyzer, type SynonymSource } from '../search/analyze-query.js'
import type { DocScores } from '../search/doc-scores.js'
import { type SearchFilters, topFacets } from '../search/filters.js'
import { parseQuery } from '../search/parse-query.js'
import { pinyinWords } from '../search/pinyin.js'
import { requestKey } from '../search/postings.js'
import { QueryBudget } from '../search/query-budget.js'
import { planLeaves, planSearch, planSpelled, type SearchStep } from '../search/query-plan.js'
import { topMatches } from '../search/rank.js'
import { rerankByBigrams } from '../search/rerank-bigrams.js'
import { explainScore, type Explanation } from '../search/explanation.js'
import { PlanScorer, ScoreTrace, type ScoringInputs } from '../search/score-plan.js'
import { presentHit, shownScore, type SnippetSettings } from '../snippets/present-hits.js'
import type { ResolvedEngineOptions } from '../options.js'
import type { SearchRequest, SearchResponse } from '../types.js'
import type { CollectionStats, Fetched, FetchRequest, SearchBackend, SearchContext, Selection } from './backend.js'
import { checkSearchRequest } from './search-request.js'

/** What a searcher adds to a backend: its options (pinyin, the time budget, snippets) and its synonyms. */
export interface SearchSettings {
  readonly options: Pick<ResolvedEngineOptions, 'maxQueryLength' | 'queryBudgetMs' | 'pinyin'> & SnippetSettings
  readonly synonyms: SynonymSource
}

/** What matching reads of a request: the query and its filters. */
export type MatchRequest = Pick<SearchRequest, 'query' | 'explain'> & SearchFilters

/** The matches of a query, filtered, with what the response says about them. */
export interface FoundMatches {
  /** The documents that match and pass the filters, with their scores and facet counts. */
  selection: Selection
  /** Nothing matched every term: these are the best partial matches. */
  relaxed: boolean
  /** The answer is incomplete (the time budget ran out, or shards did not answer). */
  partial: boolean
  missingShards: number[]
  /** What hits mark: the clauses' words and phrases, and the words the pinyin spells. */
  terms: string[]
  /** With `explain`: why a matching document scored what it did. */
  explain?: (doc: number) => Explanation
}

const now = (): number => globalThis.performance.now()

/**
 * Searches a backend: the whole lifecycle. A wrong argument is refused with
 * INVALID_REQUEST, QUERY_TOO_LONG or INVALID_PAGING before the backend is asked anything.
 */
export async function runSearch (backend: SearchBackend, raw: unknown, settings: SearchSettings): Promise<SearchResponse> {
  const request = checkSearchRequest(raw, settings.options.maxQueryLength)
  // Loading Jieba's dictionary (once, if nothing loaded it yet) is not search work.
  backend.analyzer.warmUp?.()
  const started = now()
  const budget = new QueryBudget(settings.options.queryBudgetMs)
  // The state this search reads, taken before anything waits.
  const context = backend.begin()
  const found = await findMatches(context, backend.analyzer, request, settings, budget)
  const { selection } = found
  const page = topMatches(selection, request.offset, request.limit, (a, b) => context.compare(a, b))
  const stored = page.length === 0 ? [] : await context.stored(Int32Array.from(page, match => match.doc))
  const terms = request.snippets ? found.terms : undefined
  return {
    query: request.query,
    total: selection.docs.length,
    ...(found.relaxed && selection.docs.length > 0 ? { relaxed: true } : {}),
    ...(found.partial ? { partial: true } : {}),
    ...(found.missingShards.length > 0 ? { missingShards: found.missingShards } : {}),
    offset: request.offset,
    limit: request.limit,
    hits: page.map((match, i) => {
      const hit = presentHit(stored[i]!, match.score, terms, settings.options)
      return found.explain === undefined ? hit : { ...hit, explanation: found.explain(match.doc) }
    }),
    facets: { authors: topFacets(selection.authors), sources: topFacets(selection.sources) },
    tookMs: Math.round((now() - started) * 1000) / 1000,
  }
}

/**
 * Every match of a query that passes its filters, scored: the query as typed (every
 * clause, every content word of a term), ranked above the words its Latin letters spell
 * in pinyin; when nothing passes and the query can relax, the best partial matches.
 */
export async function findMatches (context: SearchContext, analyzer: QueryAnalyzer, request: MatchRequest, settings: SearchSettings, budget: QueryBudget): Promise<FoundMatches> {
  const clauses = analyzeClauses(parseQuery(request.query), analyzer, settings.synonyms)
  const spelledTexts = settings.options.pinyin ? await pinyinWords(context, request.query) : []
  const spelled = planSpelled(spelledTexts.map(text => analyzeClauses({ clauses: [{ kind: 'term', text, negated: false }] }, analyzer)))
  const strict = planSearch(clauses, spelled, 'all')
  const relaxedPlan = canRelax(clauses) ? planSearch(clauses, spelled, 'any') : undefined
  const filters = filtersOf(request)
  const [stats, fetched] = await Promise.all([context.stats(), context.fetch(fetchPlan(clauses, spelledTexts, strict, relaxedPlan), budget)])
  const trace = (): ScoreTrace | undefined => (request.explain === true ? new ScoreTrace() : undefined)
  let scorer = new PlanScorer(scoringInputs(context, stats, fetched), trace())
  let incomplete = fetched.partial
  let selection = await context.select(...matched(await scorer.search(strict)), filters, true)
  const relaxed = selection.docs.length === 0 && !budget.ranOut && incomplete === undefined && relaxedPlan !== undefined
  if (relaxed) {
    // Nothing has every term: the best partial matches, those with the most terms first
    // (each word's documents in full, if the first fetch was restricted to all of them).
    if (isRestricted(fetched)) {
      const full = await context.fetch(fetchRequest([relaxedPlan]), budget)
      incomplete = full.partial
      scorer = new PlanScorer(scoringInputs(context, stats, full), trace())
    }
    selection = await context.select(...matched(await scorer.search(relaxedPlan)), filters, true)
  }
  const plan = relaxed ? relaxedPlan! : strict
  return {
    selection,
    relaxed,
    partial: budget.ranOut || incomplete !== undefined,
    missingShards: incomplete?.missingShards ?? [],
    terms: [...highlightTerms(clauses), ...spelledTexts],
    ...(scorer.trace !== undefined ? { explain: (doc: number) => explainScore(plan, doc, scorer.trace!, scorer.inputs, shownScore) } : {}),
  }
}

/**
 * What the search fetches: every word and written text of its plans. A query of one
 * unquoted term whose content words must all occur (no synonyms, no pinyin) can only match
 * documents holding every content word, so each word is asked for within the others (a
 * cluster then sends far fewer documents; the embedded backend ignores it).
 */
function fetchPlan (clauses: readonly AnalyzedClause[], spelled: readonly string[], strict: SearchStep, relaxed: SearchStep | undefined): FetchRequest {
  const only = clauses.length === 1 && spelled.length === 0 ? strict.typed.positive[0] : undefined
  if (only === undefined || only.synonyms.length > 0 || only.typed.kind !== 'all-words' || only.typed.content.length < 2) {
    return fetchRequest(relaxed !== undefined ? [strict, relaxed] : [strict])
  }
  const term = only.typed
  const content = term.content.map(step => step.word)
  return {
    words: [...term.content, ...term.stops].map(({ word, mask }) => ({ word, mask, within: content.filter(other => other !== word) })),
    texts: [{ text: term.written.text, mask: term.written.mask, within: content }],
  }
}

function fetchRequest (plans: readonly SearchStep[]): FetchRequest {
  const { words, texts } = planLeaves(plans)
  return { words: words.map(({ word, mask }) => ({ word, mask })), texts: texts.map(({ text, mask }) => ({ text, mask })) }
}

/** True when the backend restricted some postings to the documents that could match every word. */
function isRestricted (fetched: Fetched): boolean {
  for (const postings of fetched.words.values()) if (postings.whole !== undefined) return true
  return false
}

function scoringInputs (context: SearchContext, stats: CollectionStats, fetched: Fetched): ScoringInputs {
  const rerankInputs = { stats, pairCounts: context.pairCounts.bind(context), compare: context.compare.bind(context) }
  return {
    stats,
    postings (word, mask) {
      const postings = fetched.words.get(requestKey(word, mask))
      if (postings === undefined) throw new Error(`the backend's answer has no postings for ${JSON.stringify(word)} (fields ${mask})`)
      return postings
    },
    written (text, mask) {
      const docs = fetched.texts.get(requestKey(text, mask))
      if (docs === undefined) throw new Error(`the backend's answer has no documents for the text ${JSON.stringify(text)} (fields ${mask})`)
      return docs
    },
    rerank: (scores, phrase, mask) => rerankByBigrams(scores, phrase, mask, rerankInputs),
  }
}

function matched (matches: DocScores): [Int32Array, Float64Array] {
  return [matches.docs, matches.scores]
}

/** The request's filters, only those given. */
function filtersOf (request: MatchRequest): SearchFilters {
  const filters: SearchFilters = {}
  if (request.author !== undefined) filters.author = request.author
  if (request.source !== undefined) filters.source = request.source
  if (request.dateFrom !== undefined) filters.dateFrom = request.dateFrom
  if (request.dateTo !== undefined) filters.dateTo = request.dateTo
  return filters
}
