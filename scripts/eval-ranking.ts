/**
 * Ranking quality on the judged query sets in ../shared/data (DuReader search demo and
 * CMRC 2018 recast as retrieval): nDCG@10, MRR@10, recall@10 and @100, per split, with the
 * reference BM25 numbers from each collection's SOURCE.md beside them.
 *
 *   npm run eval:ranking
 */
import { performance } from 'node:perf_hooks'
import { SearchEngine } from '../src/index.js'
import { readCollection, scoreRanking } from './lib/beir-collection.js'

const RUNS = [
  { name: 'dureader-search-demo', split: 'dev', reference: 0.7436 },
  { name: 'dureader-search-demo', split: 'train', reference: 0.7386 },
  { name: 'cmrc2018-retrieval', split: 'dev', reference: 0.98 },
]

const rows: string[][] = []
for (const run of RUNS) {
  const collection = await readCollection(run.name, run.split)
  const built = performance.now()
  const engine = await SearchEngine.fromArticles(collection.articles)
  const buildMs = performance.now() - built
  let ndcg = 0
  let mrr = 0
  let recall10 = 0
  let recall100 = 0
  let relaxed = 0
  let queryMs = 0
  for (const query of collection.queries) {
    const started = performance.now()
    const response = await engine.search({ query: query.text.slice(0, 256), limit: 100, snippets: false })
    queryMs += performance.now() - started
    if (response.relaxed === true) relaxed++
    const ranked = response.hits.map(hit => hit.id)
    const relevant = collection.relevant.get(query.id)!
    const at10 = scoreRanking(ranked, relevant, 10)
    ndcg += at10.ndcg
    mrr += at10.mrr
    recall10 += at10.recall
    recall100 += scoreRanking(ranked, relevant, 100).recall
  }
  const n = collection.queries.length
  rows.push([
    `${run.name} ${run.split}`, String(collection.articles.length), String(n),
    (ndcg / n).toFixed(4), String(run.reference), (mrr / n).toFixed(4), (recall10 / n).toFixed(3), (recall100 / n).toFixed(3),
    `${Math.round((relaxed / n) * 100)}%`, (queryMs / n).toFixed(2), (buildMs / 1000).toFixed(1),
  ])
}

const header = ['collection', 'docs', 'queries', 'nDCG@10', 'ref BM25', 'MRR@10', 'R@10', 'R@100', 'relaxed', 'ms/query', 'build s']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map(row => row[i]!.length)))
const line = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')
console.log(line(header))
console.log(widths.map(w => '-'.repeat(w)).join('  '))
for (const row of rows) console.log(line(row))
