/**
 * Indexing throughput against Jieba's own, on real corpora, measured in the same run so
 * that the ratios hold on a busy machine:
 *   jieba      nodejieba.cut over every text field (the floor: segmentation alone)
 *   analysis   the whole analysis chain (normalize, segment, subwords, grams, term keys)
 *   build      analysis plus adding to MiniSearch (one thread)
 *   save       writing the index folder atomically
 *
 *   npm run bench:index
 */
import { createRequire } from 'node:module'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { analyzeArticle, createAnalyzer, SearchEngine, TEXT_FIELDS } from '../src/internal.js'
import { benchCorpora, printTable } from './lib/corpora.js'

const jieba = createRequire(import.meta.url)('nodejieba') as { cut: (text: string, hmm: boolean) => string[] }
const analyzer = createAnalyzer()
analyzer.queryWords('预热') // load the dictionaries outside the timings
jieba.cut('预热', true)

const rows: string[][] = []
for (const { name, articles } of await benchCorpora()) {
  const chars = articles.reduce((n, a) => n + TEXT_FIELDS.reduce((m, f) => m + (a[f]?.length ?? 0), 0), 0)
  const mb = Buffer.byteLength(articles.map(a => TEXT_FIELDS.map(f => a[f] ?? '').join('')).join('')) / 1e6

  let started = performance.now()
  for (const article of articles) for (const field of TEXT_FIELDS) jieba.cut(article[field] ?? '', true)
  const jiebaMs = performance.now() - started

  started = performance.now()
  for (const article of articles) analyzeArticle(article, analyzer)
  const analysisMs = performance.now() - started

  const heapBefore = process.memoryUsage().heapUsed
  started = performance.now()
  const engine = await SearchEngine.fromArticles(articles)
  const buildMs = performance.now() - started
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6

  const dir = await mkdtemp(join(tmpdir(), 'zhsearch-bench-'))
  started = performance.now()
  const manifest = await engine.save(dir)
  const saveMs = performance.now() - started
  await rm(dir, { recursive: true, force: true })

  rows.push([
    name, String(articles.length), mb.toFixed(2), String(chars),
    jiebaMs.toFixed(0), analysisMs.toFixed(0), buildMs.toFixed(0), saveMs.toFixed(0),
    (mb / (jiebaMs / 1000)).toFixed(2), (mb / (buildMs / 1000)).toFixed(2),
    (analysisMs / jiebaMs).toFixed(1) + 'x', (buildMs / jiebaMs).toFixed(1) + 'x',
    (manifest.sizeBytes / 1e6).toFixed(1), heapMb.toFixed(0),
  ])
}

printTable(
  ['corpus', 'docs', 'MB', 'chars', 'jieba ms', 'analysis ms', 'build ms', 'save ms', 'jieba MB/s', 'build MB/s', 'analysis/jieba', 'build/jieba', 'index MB', 'heap MB'],
  rows,
)
