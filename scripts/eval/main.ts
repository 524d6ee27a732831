/**
 * Search quality, zhsearch against a baseline, on every query set (issue #13):
 *
 *   npm run eval                       every set, full size (about 10 minutes on 2 cores)
 *   npm run eval:quick                 every set, smaller (a minute or two)
 *   npm run eval -- --sets default,poetry --verbose
 *   npm run eval -- --sets dureader-train      the tuning split (only when named)
 *
 * For each set and system: recall against grep (mean, and queries where grep finds an
 * article the system never returns), literal precision@10 (share of the top 10 that
 * contain the query as written), MRR@10 and nDCG@10 where the set has judgments, and the
 * share of queries with no result. Sets whose data is absent are skipped with one line.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createAnalyzer } from '../../src/index.js'
import { printTable } from '../lib/corpora.js'
import { type QueryResult, runQuery, type Summary, summarize } from './evaluate.js'
import { createGrepOracle } from './grep-oracle.js'
import { SETS } from './query-sets.js'
import { buildBaseline, type SearchSystem, zhsearchSystem, buildZhsearch } from './systems.js'

const { values } = parseArgs({
  options: {
    sets: { type: 'string', default: SETS.filter(set => set.onRequest !== true).map(set => set.name).join(',') },
    quick: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

if (values.help) {
  console.log(`usage: npm run eval -- [--sets ${SETS.map(set => set.name).join(',')}] [--quick] [--verbose]`)
  process.exit(0)
}

const wanted = values.sets.split(',').map(name => name.trim()).filter(name => name !== '')
const unknown = wanted.filter(name => !SETS.some(set => set.name === name))
if (unknown.length > 0) {
  console.error(`unknown set(s): ${unknown.join(', ')}; the sets are ${SETS.map(set => set.name).join(', ')}`)
  process.exit(2)
}

const analyzer = createAnalyzer()
const rows: string[][] = []
const notes: string[] = []
const percent = (value: number | undefined, digits = 1): string => value === undefined ? '–' : `${(value * 100).toFixed(digits)}%`
const fixed = (value: number | undefined): string => value === undefined ? '–' : value.toFixed(4)

function row (set: string, system: string, s: Summary): string[] {
  return [
    set, system, String(s.queries), String(s.grepQueries), percent(s.recall, 2), String(s.queriesWithMiss),
    percent(s.literalPrecision), percent(s.literalPrecisionFrequent), String(s.judged), fixed(s.mrr), fixed(s.ndcg), percent(s.zeroResultRate), s.msPerQuery.toFixed(2),
  ]
}

async function runAll (system: SearchSystem, queries: Parameters<typeof runQuery>[1][], oracle: ReturnType<typeof createGrepOracle>): Promise<QueryResult[]> {
  const results: QueryResult[] = []
  const started = performance.now()
  for (const query of queries) {
    results.push(await runQuery(system, query, oracle))
    if (results.length % 500 === 0) process.stderr.write(`  ${system.name}: ${results.length}/${queries.length} queries\n`)
  }
  process.stderr.write(`  ${system.name}: ${queries.length} queries in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  return results
}

/** Per kind of query (the default set) or per length (the substring sets): the two systems side by side. */
function printBreakdown (name: string, bySystem: ReadonlyArray<{ system: string, results: QueryResult[] }>): void {
  const kinds = [...new Set(bySystem[0]!.results.map(r => r.query.kind ?? ''))].filter(kind => kind !== '')
  if (kinds.length === 0) return
  console.log(`\n${name}, by kind of query`)
  const breakdown: string[][] = []
  for (const kind of kinds) {
    for (const { system, results } of bySystem) breakdown.push(row(kind, system, summarize(results.filter(r => r.query.kind === kind))))
  }
  printTable(['kind', 'system', 'queries', 'grep q', 'recall', 'miss q', 'lit P@10', 'lit≥10', 'judged', 'MRR@10', 'nDCG@10', 'zero', 'ms/q'], breakdown)
}

function printFailures (results: readonly QueryResult[], system: string): void {
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

const started = performance.now()
for (const definition of SETS.filter(set => wanted.includes(set.name))) {
  const loaded = await definition.load({ quick: values.quick })
  if ('skipped' in loaded) {
    console.log(`skipped ${definition.name}: ${loaded.skipped}`)
    continue
  }
  notes.push(`${loaded.name}: ${loaded.description}`)
  process.stderr.write(`${loaded.name}: ${loaded.description} …\n`)
  const oracle = createGrepOracle(loaded.articles, analyzer)
  // The baseline first: zhsearch adds the default corpus's user words to Jieba's one dictionary.
  let t = performance.now()
  const baseline = buildBaseline(loaded.articles)
  process.stderr.write(`  baseline built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
  const baselineResults = await runAll(baseline, loaded.queries, oracle)
  t = performance.now()
  const zhsearch = loaded.buildEngine !== undefined ? zhsearchSystem(await loaded.buildEngine()) : await buildZhsearch(loaded.articles)
  process.stderr.write(`  zhsearch built in ${((performance.now() - t) / 1000).toFixed(1)} s\n`)
  const zhsearchResults = await runAll(zhsearch, loaded.queries, oracle)
  rows.push(row(loaded.name, 'zhsearch', summarize(zhsearchResults)))
  rows.push(row(loaded.name, 'baseline', summarize(baselineResults)))
  if (values.verbose) {
    printBreakdown(loaded.name, [{ system: 'zhsearch', results: zhsearchResults }, { system: 'baseline', results: baselineResults }])
    printFailures(zhsearchResults, 'zhsearch')
    printFailures(baselineResults, 'baseline')
  }
}

if (rows.length > 0) {
  console.log(`\nsearch quality${values.quick ? ' (--quick)' : ''}: zhsearch and the baseline (MiniSearch + Jieba cut, default options) on the same articles\n`)
  printTable(['set', 'system', 'queries', 'grep q', 'recall', 'miss q', 'lit P@10', 'lit≥10', 'judged', 'MRR@10', 'nDCG@10', 'zero', 'ms/q'], rows)
  console.log('')
  for (const note of notes) console.log(note)
  console.log(`\ngrep q: queries grep finds an article for; recall and miss q (queries where grep finds an article the system never returns) are over those.`)
  console.log(`lit P@10: share of the top-10 hits that contain every clause of the query as written (normalized), over grep q with a hit;`)
  console.log(`lit≥10: the same over the queries grep finds in 10 or more articles (a top 10 of literal matches only is possible).`)
  console.log(`judged: queries with judgments, the base of MRR@10 and nDCG@10. zero: queries with no result. ${((performance.now() - started) / 1000).toFixed(0)} s in all.`)
}
