/**
 * Query latency on real corpora, against a linear scan of the same articles' normalized
 * text (what grep does), measured in the same run. Queries are 2-6 character strings cut
 * from the articles (what a reader types), with a seeded generator so runs compare.
 * Also checks, query by query, that search found every article the scan found.
 *
 *   npm run bench:search
 */
import { performance } from 'node:perf_hooks'
import { createAnalyzer, SearchEngine, TEXT_FIELDS } from '../src/index.js'
import { benchCorpora, printTable } from './lib/corpora.js'
import { seededRandom } from './lib/seeded-random.js'

const QUERIES = 300
const analyzer = createAnalyzer()


function percentile (values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

const rows: string[][] = []
for (const { name, articles } of await benchCorpora()) {
  if (articles.length < 100) continue
  const engine = await SearchEngine.fromArticles(articles)
  const normalized = articles.map(a => TEXT_FIELDS.map(f => analyzer.normalize(a[f] ?? '').text))
  const next = seededRandom(42)
  const queries: string[] = []
  while (queries.length < QUERIES) {
    const body = articles[Math.floor(next() * articles.length)]!.body
    const length = 2 + Math.floor(next() * 5)
    const start = Math.floor(next() * Math.max(1, body.length - length))
    const query = body.slice(start, start + length)
    if (/^[\p{Script=Han}]+$/u.test(query)) queries.push(query)
  }

  const timings = { page: [] as number[], ids: [] as number[], scan: [] as number[] }
  let missed = 0
  for (const query of queries) {
    const needle = analyzer.normalize(query).text
    let started = performance.now()
    const scanned = articles.filter((_, i) => normalized[i]!.some(text => text.includes(needle))).map(a => a.id)
    timings.scan.push(performance.now() - started)

    started = performance.now()
    const all = await engine.search({ query: `"${query}"`, limit: 100_000, snippets: false })
    timings.ids.push(performance.now() - started)
    const found = new Set(all.hits.map(hit => hit.id))
    if (scanned.some(id => !found.has(id))) missed++

    started = performance.now()
    await engine.search({ query, limit: 10 })
    timings.page.push(performance.now() - started)
  }
  const row = (label: string, values: number[]): string[] => [
    name, label, percentile(values, 0.5).toFixed(3), percentile(values, 0.95).toFixed(3),
    (values.reduce((a, b) => a + b, 0) / values.length).toFixed(3),
    ((values.reduce((a, b) => a + b, 0)) / timings.scan.reduce((a, b) => a + b, 0)).toFixed(2) + 'x',
  ]
  rows.push(row('linear scan (grep)', timings.scan))
  rows.push(row('"phrase", all ids, no snippets', timings.ids))
  rows.push(row('term, first page + snippets', timings.page))
  rows.push([name, `articles grep found that search missed: ${missed} of ${QUERIES} queries`, '', '', '', ''])
}
printTable(['corpus', 'what', 'p50 ms', 'p95 ms', 'mean ms', 'vs scan'], rows)
