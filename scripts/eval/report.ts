/**
 * The eval's tables: against grep (recall, literal precision, zero results, speed) for
 * every set, and against the judgments (nDCG@10, MRR@10, R@10, R@100) for the sets that
 * have them, with the reference BM25 run of the collection's SOURCE.md as a row of its own.
 */
import { NONE } from '../lib/format.js'
import { printTable } from '../lib/table.js'
import { type QueryResult, type Summary, summarize } from './evaluate.js'
import type { Reference } from './query-sets.js'

/** One system on one set (or one kind of query of a set). */
export interface SystemRun {
  set: string
  system: string
  summary: Summary
  /** How long the system took to index the set's articles. */
  buildMs?: number
}

const percent = (value: number | undefined, digits = 1): string => value === undefined ? NONE : `${(value * 100).toFixed(digits)}%`
const fixed = (value: number | undefined): string => value === undefined ? NONE : value.toFixed(4)

const GREP_HEADER = ['set', 'system', 'queries', 'grep q', 'recall', 'miss q', 'lit P@10', 'lit≥10', 'zero', 'relaxed', 'ms/q', 'build s']
const JUDGED_HEADER = ['set', 'system', 'judged', 'nDCG@10', 'MRR@10', 'R@10', 'R@100']

function grepRow ({ set, system, summary: s, buildMs }: SystemRun): string[] {
  return [
    set, system, String(s.queries), String(s.grepQueries), percent(s.recall, 2), String(s.queriesWithMiss),
    percent(s.literalPrecision), percent(s.literalPrecisionFrequent), percent(s.zeroResultRate), percent(s.relaxedRate),
    s.msPerQuery.toFixed(2), buildMs === undefined ? NONE : (buildMs / 1000).toFixed(1),
  ]
}

function judgedRow ({ set, system, summary: s }: SystemRun): string[] {
  return [set, system, String(s.judged), fixed(s.ndcg), fixed(s.mrr), fixed(s.recall10), fixed(s.recall100)]
}

const referenceRow = (set: string, reference: Reference): string[] =>
  [set, 'BM25 (SOURCE.md)', NONE, fixed(reference.ndcg), fixed(reference.mrr), fixed(reference.recall10), fixed(reference.recall100)]

/** Both tables of a run, each system's rows with the set's reference after them. */
export function printTables (runs: readonly SystemRun[], references: ReadonlyMap<string, Reference>): void {
  printTable(GREP_HEADER, runs.map(grepRow), 2)
  const judged: string[][] = []
  for (const set of new Set(runs.filter(run => run.summary.judged > 0).map(run => run.set))) {
    for (const run of runs.filter(run => run.set === set)) judged.push(judgedRow(run))
    const reference = references.get(set)
    if (reference !== undefined) judged.push(referenceRow(set, reference))
  }
  if (judged.length === 0) return
  console.log('')
  printTable(JUDGED_HEADER, judged, 2)
}

/** What the columns mean, and which reference run each BM25 row is. */
export function legend (references: ReadonlyMap<string, Reference>): string[] {
  return [
    'grep q: queries grep finds an article for; recall and miss q (queries where grep finds an article the system never returns) are over those.',
    'lit P@10: share of the top-10 hits that contain every clause of the query as written (normalized), over grep q with a hit;',
    'lit≥10: the same over the queries grep finds in 10 or more articles (a top 10 of literal matches only is possible).',
    'zero: queries with no result; relaxed: queries zhsearch answered with fewer clauses than asked (AND relaxed to OR); ms/q: mean time of the first page (limit 10, no snippets); build s: indexing the set.',
    'judged: queries with judgments, the base of nDCG@10, MRR@10 and R@10 / R@100 (share of the relevant articles in the top 10 / 100).',
    ...[...references].map(([set, reference]) => `BM25 (SOURCE.md) on ${set}: ${reference.label} (computed for ../shared/data, not published).`),
  ]
}

/** Per kind of query (the default set) or per length (the substring sets): the systems side by side. */
export function printBreakdown (set: string, bySystem: ReadonlyArray<{ system: string, results: QueryResult[] }>): void {
  const kinds = [...new Set(bySystem[0]!.results.map(r => r.query.kind ?? ''))].filter(kind => kind !== '')
  if (kinds.length === 0) return
  console.log(`\n${set}, by kind of query\n`)
  const runs = kinds.flatMap(kind => bySystem.map(({ system, results }) => ({ set: kind, system, summary: summarize(results.filter(r => r.query.kind === kind)) })))
  printTables(runs, new Map())
}

/** The queries worth a look: a miss, a non-literal top-10 hit, nDCG@10 < 0.5, or no result. */
export function printFailures (results: readonly QueryResult[], system: string): void {
  const shown = results.filter(r => r.missed.length > 0 || (r.nonLiteral.length > 0 && r.grep !== undefined && r.grep.length > 0) || (r.ndcg !== undefined && r.ndcg < 0.5) || r.total === 0)
  if (shown.length === 0) return
  console.log(`\n  ${system}: ${shown.length} queries with a miss, a non-literal top-10 hit, nDCG@10 < 0.5 or no result`)
  for (const r of shown.slice(0, 40)) {
    const parts = [`total ${r.total}`]
    if (r.grep !== undefined) parts.push(`grep ${r.grep.length}`)
    if (r.missed.length > 0) parts.push(`missed ${r.missed.slice(0, 3).join(' ')}`)
    if (r.nonLiteral.length > 0 && r.grep !== undefined && r.grep.length > 0) parts.push(`non-literal ${r.nonLiteral.length}/${r.top.length} (first at rank ${r.top.indexOf(r.nonLiteral[0]!) + 1}: ${r.nonLiteral[0]})`)
    if (r.ndcg !== undefined) parts.push(`nDCG ${r.ndcg.toFixed(2)}`)
    console.log(`    ${JSON.stringify(r.query.text).slice(0, 60)}  ${parts.join(', ')}`)
  }
}
