/**
 * The options of `npm run bench` (run-bench.ts), read once; see run-bench.ts for what
 * each measures.
 */
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { list, wholeNumber, wholeNumbers } from '../lib/args.js'
import { POETRY_CACHE } from '../lib/chinese-poetry.js'
import { ROOT } from '../lib/paths.js'
import { NEWS_DIR } from '../lib/xwlb-news.js'
import { checkCorpusNames } from './corpora.js'

export interface BenchSettings {
  corpora: string[]
  /** Reindexes, peer builds, fresh searches, jieba and analysis passes: medians of this many. */
  repeat: number
  /** Timed passes over the query mix. */
  passes: number
  queries: number
  workers: number[]
  httpSeconds: number
  connections: number
  /** Steps left out: http, peers, incremental, fresh. */
  skip: Set<string>
  timeoutMs: number
  newsDir: string
  cacheDir: string
  outDir: string
  keep: boolean
}

export const USAGE = `usage: npm run bench -- [--quick] [--corpora default,news,news<N>m,poetry,poetry<N>k] [--repeat N] [--passes N]
  [--queries N] [--workers 1,2] [--http-seconds N] [--connections N] [--skip http,peers,incremental,fresh]
  [--news-dir DIR] [--cache DIR] [--out DIR] [--timeout-min N] [--keep]`

/** The settings of this run, from the command line (`--quick`: small slices, one run each). */
export function readSettings (argv: readonly string[] = process.argv.slice(2)): BenchSettings | undefined {
  const { values: args } = parseArgs({
    args: [...argv],
    options: {
      corpora: { type: 'string' },
      quick: { type: 'boolean', default: false },
      repeat: { type: 'string' },
      passes: { type: 'string' },
      queries: { type: 'string' },
      workers: { type: 'string', default: '1,2' },
      'http-seconds': { type: 'string' },
      connections: { type: 'string', default: '50' },
      skip: { type: 'string', default: '' },
      'news-dir': { type: 'string', default: NEWS_DIR },
      cache: { type: 'string', default: POETRY_CACHE },
      out: { type: 'string', default: join(ROOT, 'bench-results') },
      'timeout-min': { type: 'string', default: '60' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  if (args.help) return undefined
  const quick = args.quick
  const settings: BenchSettings = {
    corpora: list(args.corpora ?? (quick ? 'default,news2m,poetry2k' : 'default,news,poetry10k,poetry100k,poetry')),
    repeat: wholeNumber(args.repeat ?? (quick ? '1' : '3'), 'repeat', 1),
    passes: wholeNumber(args.passes ?? (quick ? '1' : '3'), 'passes', 1),
    queries: wholeNumber(args.queries ?? (quick ? '60' : '200'), 'queries', 10),
    workers: wholeNumbers(args.workers, 'workers', 1),
    httpSeconds: wholeNumber(args['http-seconds'] ?? (quick ? '3' : '10'), 'http-seconds', 1),
    connections: wholeNumber(args.connections, 'connections', 1),
    skip: new Set(list(args.skip)),
    timeoutMs: wholeNumber(args['timeout-min'], 'timeout-min', 1) * 60_000,
    newsDir: args['news-dir'],
    cacheDir: args.cache,
    outDir: args.out,
    keep: args.keep,
  }
  checkCorpusNames(settings.corpora)
  return settings
}
