import { performance } from 'node:perf_hooks'
import { scoreRanking } from '../lib/beir-collection.js'
import { mean } from '../lib/stats.js'
import type { GrepOracle } from './grep-oracle.js'
import type { SearchSystem } from './systems.js'

/** One query of a set, with its judgments where the set has them. */
export interface EvalQuery {
  id: string
  text: string
  /** What kind of query it is (name, place, pinyin, …), for the per-kind breakdown. */
  kind?: string
  /** Binary judgments: ids of the relevant articles. */
  relevant?: ReadonlySet<string>
  /** Graded judgments: article id → grade (1 = mentions it, 3 = is about it). Unlisted ids are 0. */
  grades?: ReadonlyMap<string, number>
}

/** What one system did on one query. */
export interface QueryResult {
  query: EvalQuery
  top: string[]
  total: number
  /** Ids grep finds, or undefined when grep has nothing to look for. */
  grep?: string[]
  /** grep's ids the system did not return at all (on any page). */
  missed: string[]
  /** Top-10 ids that do not contain the query as grep reads it. */
  nonLiteral: string[]
  ndcg?: number
  mrr?: number
  /** Judged queries: share of the relevant articles in the top 10 and the top 100. */
  recall10?: number
  recall100?: number
  /** The system answered with fewer clauses than asked (zhsearch's AND relaxed to OR). */
  relaxed?: boolean
  ms: number
}

/** A row of the table: one system on one set. */
export interface Summary {
  queries: number
  /** Queries that grep finds something for (the base of recall and literal precision). */
  grepQueries: number
  recall?: number
  queriesWithMiss: number
  /** Mean over queries with grep matches and at least one hit. */
  literalPrecision?: number
  /**
   * The same over queries that grep finds in 10 or more articles, where a top 10 of literal
   * matches only is always possible (the measure issue #13 first reported).
   */
  literalPrecisionFrequent?: number
  judged: number
  mrr?: number
  ndcg?: number
  /** Over the judged queries: share of the relevant articles in the top 10 and the top 100. */
  recall10?: number
  recall100?: number
  /** Share of the queries the system relaxed, where it says (zhsearch). */
  relaxedRate?: number
  zeroResultRate: number
  msPerQuery: number
}

const K = 10
/** The depth of the second recall figure (the reference runs of SOURCE.md rank the top 100). */
const DEEP = 100

/** nDCG@k, MRR@k and recall@k of ranked ids against graded judgments, gain 2^grade − 1. */
export function scoreGraded (ranked: readonly string[], grades: ReadonlyMap<string, number>, k: number): { ndcg: number, mrr: number, recall: number } {
  let dcg = 0
  let mrr = 0
  let found = 0
  ranked.slice(0, k).forEach((id, i) => {
    const grade = grades.get(id) ?? 0
    if (grade <= 0) return
    dcg += (2 ** grade - 1) / Math.log2(i + 2)
    if (mrr === 0) mrr = 1 / (i + 1)
    found++
  })
  const relevant = [...grades.values()].filter(g => g > 0)
  const ideal = relevant.sort((a, b) => b - a).slice(0, k)
    .reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0)
  return { ndcg: ideal === 0 ? 0 : dcg / ideal, mrr, recall: relevant.length === 0 ? 0 : found / relevant.length }
}

/** The query's judgments scored on a ranking, or undefined when it has none. */
function judge (query: EvalQuery, ranked: readonly string[], k: number): { ndcg: number, mrr: number, recall: number } | undefined {
  if (query.relevant !== undefined && query.relevant.size > 0) return scoreRanking(ranked, query.relevant, k)
  if (query.grades !== undefined && [...query.grades.values()].some(g => g > 0)) return scoreGraded(ranked, query.grades, k)
  return undefined
}

/** Runs one query: the top 10, and every match when that is needed to see grep's matches. */
export async function runQuery (system: SearchSystem, query: EvalQuery, oracle: GrepOracle): Promise<QueryResult> {
  const started = performance.now()
  const first = await system.search(query.text, K)
  const ms = performance.now() - started
  const grep = oracle.find(query.text)
  let missed: string[] = []
  let nonLiteral: string[] = []
  if (grep !== undefined) {
    const top = new Set(first.ids)
    if (grep.some(id => !top.has(id)) && first.total > first.ids.length) {
      const all = new Set((await system.search(query.text, first.total)).ids)
      missed = grep.filter(id => !all.has(id))
    } else {
      missed = grep.filter(id => !top.has(id))
    }
    const literal = new Set(grep)
    nonLiteral = first.ids.filter(id => !literal.has(id))
  }
  const judged = judge(query, first.ids, K)
  // The top 100 for recall@100, untimed (ms is the first page's).
  const deep = judged === undefined ? undefined : judge(query, first.total > first.ids.length ? (await system.search(query.text, DEEP)).ids : first.ids, DEEP)
  return {
    query,
    top: first.ids,
    total: first.total,
    ...(grep !== undefined ? { grep } : {}),
    missed,
    nonLiteral,
    ...(judged !== undefined ? { ndcg: judged.ndcg, mrr: judged.mrr, recall10: judged.recall } : {}),
    ...(deep !== undefined ? { recall100: deep.recall } : {}),
    ...(first.relaxed !== undefined ? { relaxed: first.relaxed } : {}),
    ms,
  }
}

/** The mean, undefined for none (the figure is then left out). */
const meanOf = (values: readonly number[]): number | undefined => values.length === 0 ? undefined : mean(values)

export function summarize (results: readonly QueryResult[]): Summary {
  const withGrep = results.filter(r => r.grep !== undefined && r.grep.length > 0)
  const withLiteral = withGrep.filter(r => r.top.length > 0)
  const judged = results.filter(r => r.ndcg !== undefined)
  const recall = meanOf(withGrep.map(r => 1 - r.missed.length / r.grep!.length))
  const literalPrecision = meanOf(withLiteral.map(r => 1 - r.nonLiteral.length / r.top.length))
  const literalPrecisionFrequent = meanOf(withLiteral.filter(r => r.grep!.length >= K).map(r => 1 - r.nonLiteral.length / r.top.length))
  const mrr = meanOf(judged.map(r => r.mrr!))
  const ndcg = meanOf(judged.map(r => r.ndcg!))
  const recall10 = meanOf(judged.map(r => r.recall10!))
  const recall100 = meanOf(judged.filter(r => r.recall100 !== undefined).map(r => r.recall100!))
  const told = results.filter(r => r.relaxed !== undefined)
  const relaxedRate = told.length === 0 ? undefined : told.filter(r => r.relaxed === true).length / told.length
  return {
    queries: results.length,
    grepQueries: withGrep.length,
    ...(recall !== undefined ? { recall } : {}),
    queriesWithMiss: withGrep.filter(r => r.missed.length > 0).length,
    ...(literalPrecision !== undefined ? { literalPrecision } : {}),
    ...(literalPrecisionFrequent !== undefined ? { literalPrecisionFrequent } : {}),
    judged: judged.length,
    ...(mrr !== undefined ? { mrr } : {}),
    ...(ndcg !== undefined ? { ndcg } : {}),
    ...(recall10 !== undefined ? { recall10 } : {}),
    ...(recall100 !== undefined ? { recall100 } : {}),
    ...(relaxedRate !== undefined ? { relaxedRate } : {}),
    zeroResultRate: results.length === 0 ? 0 : results.filter(r => r.total === 0).length / results.length,
    msPerQuery: meanOf(results.map(r => r.ms)) ?? 0,
  }
}
