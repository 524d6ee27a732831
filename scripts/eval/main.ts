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
 * contain the query as written), the share of queries with no result and of those
 * zhsearch relaxed, the time per query and to build; where the set has judgments,
 * nDCG@10, MRR@10, R@10 and R@100 beside the reference BM25 run of the collection's
 * SOURCE.md. Sets whose data is absent are skipped with one line.
 */
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createAnalyzer } from '../../src/index.js'
import { list } from '../lib/args.js'
import { machineAtStart, machineLine } from '../lib/machine.js'
import { type EvalQuery, type QueryResult, runQuery, summarize } from './evaluate.js'
import { createGrepOracle, type GrepOracle } from './grep-oracle.js'
import { type QuerySet, type Reference, SETS } from './query-sets.js'
import { legend, printBreakdown, printFailures, printTables, type SystemRun } from './report.js'
import { buildBaseline, buildZhsearch, type SearchSystem, zhsearchSystem } from './systems.js'

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

const wanted = list(values.sets)
const unknown = wanted.filter(name => !SETS.some(set => set.name === name))
if (unknown.length > 0) {
  console.error(`unknown set(s): ${unknown.join(', ')}; the sets are ${SETS.map(set => set.name).join(', ')}`)
  process.exit(2)
}

const log = (line: string): void => { process.stderr.write(`${line}\n`) }

async function runAll (system: SearchSystem, queries: readonly EvalQuery[], oracle: GrepOracle): Promise<QueryResult[]> {
  const results: QueryResult[] = []
  const started = performance.now()
  for (const query of queries) {
    results.push(await runQuery(system, query, oracle))
    if (results.length % 500 === 0) log(`  ${system.name}: ${results.length}/${queries.length} queries`)
  }
  log(`  ${system.name}: ${queries.length} queries in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return results
}

/** Builds a system, then runs the set's queries on it. */
async function evaluate (set: QuerySet, build: () => Promise<SearchSystem>, oracle: GrepOracle): Promise<{ run: SystemRun, results: QueryResult[] }> {
  const started = performance.now()
  const system = await build()
  const buildMs = performance.now() - started
  log(`  ${system.name} built in ${(buildMs / 1000).toFixed(1)} s`)
  const results = await runAll(system, set.queries, oracle)
  return { run: { set: set.name, system: system.name, summary: summarize(results), buildMs }, results }
}

/** Both systems on one set: the baseline first (zhsearch adds the default corpus's user words to Jieba's one dictionary). */
async function evaluateSet (set: QuerySet, analyzer: ReturnType<typeof createAnalyzer>): Promise<SystemRun[]> {
  const oracle = createGrepOracle(set.articles, analyzer)
  const baseline = await evaluate(set, async () => buildBaseline(set.articles), oracle)
  const zhsearch = await evaluate(set, async () => set.buildEngine !== undefined ? zhsearchSystem(await set.buildEngine()) : await buildZhsearch(set.articles), oracle)
  if (values.verbose) {
    printBreakdown(set.name, [{ system: 'zhsearch', results: zhsearch.results }, { system: 'baseline', results: baseline.results }])
    printFailures(zhsearch.results, 'zhsearch')
    printFailures(baseline.results, 'baseline')
  }
  return [zhsearch.run, baseline.run]
}

const machine = machineAtStart()
const started = performance.now()
const analyzer = createAnalyzer()
const runs: SystemRun[] = []
const notes: string[] = []
const references = new Map<string, Reference>()
for (const definition of SETS.filter(set => wanted.includes(set.name))) {
  const loaded = await definition.load({ quick: values.quick })
  if ('skipped' in loaded) {
    console.log(`skipped ${definition.name}: ${loaded.skipped}`)
    continue
  }
  notes.push(`${loaded.name}: ${loaded.description}`)
  if (loaded.reference !== undefined) references.set(loaded.name, loaded.reference)
  log(`${loaded.name}: ${loaded.description} …`)
  runs.push(...await evaluateSet(loaded, analyzer))
}

if (runs.length > 0) {
  console.log(`\nsearch quality${values.quick ? ' (--quick)' : ''}: zhsearch and the baseline (MiniSearch + Jieba cut, default options) on the same articles\n`)
  printTables(runs, references)
  console.log('')
  for (const note of notes) console.log(note)
  console.log('')
  for (const line of legend(references)) console.log(line)
  console.log(`\n${machineLine(machine)} ${((performance.now() - started) / 1000).toFixed(0)} s in all.`)
}
