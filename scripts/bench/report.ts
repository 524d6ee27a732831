/**
 * The benchmark's markdown, per corpus: an indexing table, a searching table and an HTTP
 * table, the ratios and notes below them. The machine line is lib/machine.ts's.
 */
import { mib, MIB, NONE, percent, ratio, seconds, sig } from '../lib/format.js'
import { markdownTable } from '../lib/table.js'
import type { BenchSettings } from './settings.js'
import type { CorpusResult, EngineRow, PassTiming } from './types.js'

const DITTO = '″'

/** A heap difference: below zero is GC noise on a tiny corpus, shown as ≈0 (the JSON keeps it). */
const heap = (bytes: number | undefined): string => bytes !== undefined && bytes <= 0 ? '≈0' : mib(bytes)
const isZhsearch = (row: EngineRow): boolean => row.engine.startsWith('zhsearch')

type Settings = Pick<BenchSettings, 'repeat' | 'passes' | 'connections' | 'httpSeconds'>

export function corpusMarkdown (result: CorpusResult, settings: Settings): string {
  const lines = [
    `### ${result.name}: ${result.articles.toLocaleString('en-US')} articles in ${result.files} files, ${sig(result.bytes / MIB)} MiB of text (${result.characters.toLocaleString('en-US')} characters)`,
    '',
    indexingTable(result),
    '',
    searchingTable(result),
  ]
  const http = httpTable(result)
  if (http !== undefined) lines.push('', http)
  lines.push('', ...notes(result, settings))
  return lines.join('\n')
}

function indexingTable (result: CorpusResult): string {
  const jiebaMs = result.jieba?.ms
  const throughput = (ms: number | undefined): string => ms === undefined ? NONE : sig(result.bytes / MIB / (ms / 1000))
  const pass = (name: string, timing: PassTiming | undefined): string[] =>
    [name, seconds(timing?.ms), throughput(timing?.ms), ratio(timing?.ms, jiebaMs), '', mib(timing?.peakRssBytes)]
  const rows = [pass('nodejieba.cut (the limit)', result.jieba), pass('zhsearch analysis alone', result.analysis)]
  const first = result.rows.find(isZhsearch)
  for (const row of result.rows) {
    const ditto = (value: string): string => (isZhsearch(row) && row !== first ? DITTO : value)
    rows.push([
      row.engine, seconds(row.buildMs), throughput(row.buildMs), ratio(row.buildMs, jiebaMs), isZhsearch(row) ? seconds(row.reindexOwnMs) : '',
      mib(row.peakRssBytes), seconds(row.incrementalMs), row.incrementalMs === undefined ? NONE : ratio(row.incrementalMs, row.buildMs),
      ditto(seconds(row.saveMs)), ditto(mib(row.indexBytes)),
    ])
  }
  const header = ['indexing', 'build s', 'MiB/s', '× jieba', 'own s', 'peak RSS MiB', 'incremental s', 'incr / full', 'save s', 'index MiB']
  return markdownTable(header, rows)
}

function searchingTable (result: CorpusResult): string {
  const first = result.rows.find(isZhsearch)
  const rows = result.rows.filter(row => !isZhsearch(row) || row === first).map(row => [
    isZhsearch(row) ? 'zhsearch' : row.engine,
    heap(row.heapBytes),
    seconds(row.freshSearchMs),
    seconds(row.jiebaLoadMs),
    sig(row.queries?.p50Ms),
    sig(row.queries?.p95Ms),
    sig(row.queries?.p99Ms),
    sig(row.queries?.meanMs),
    sig(row.allHitsP50Ms),
    row.recall === undefined ? NONE : percent(row.recall.found, row.recall.expected),
  ])
  const header = ['searching', 'heap MiB', 'fresh search s', 'Jieba load alone s', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'all hits p50 ms', 'recall']
  return markdownTable(header, rows)
}

function httpTable (result: CorpusResult): string | undefined {
  const http = result.rows.find(isZhsearch)?.http
  if (http === undefined) return undefined
  const rows = http.routes.map(route => [route.route, sig(route.requestsPerSecond), sig(route.p50Ms), sig(route.p99Ms), String(route.non2xx), String(route.errors)])
  return markdownTable(['HTTP route', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors'], rows)
}

function notes (result: CorpusResult, settings: Settings): string[] {
  const zh = result.rows.filter(isZhsearch)
  const main = zh[0]
  const lines: string[] = []
  if (main !== undefined) {
    for (const peer of result.rows.filter(row => !isZhsearch(row))) {
      const builds = zh.map(row => `${row.engine.replace('zhsearch ', '')} ${ratio(row.buildMs, peer.buildMs)}`).join(', ')
      lines.push(`- zhsearch / ${peer.engine}: build ${builds}; heap ${ratio(main.heapBytes, peer.heapBytes)}; p50 ${ratio(main.queries?.p50Ms, peer.queries?.p50Ms)}; p99 ${ratio(main.queries?.p99Ms, peer.queries?.p99Ms)}; all hits ${ratio(main.allHitsP50Ms, peer.allHitsP50Ms)}`)
    }
    for (const row of zh.slice(1)) lines.push(`- zhsearch ${row.engine.replace('zhsearch ', '')} / ${main.engine.replace('zhsearch ', '')}: full reindex ${ratio(row.buildMs, main.buildMs)}, incremental ${ratio(row.incrementalMs, main.incrementalMs)}`)
  }
  const byKind = result.rows.filter(row => row.recall !== undefined && row.engine !== 'scan').map(row => {
    const kinds = Object.entries(row.recall!.byKind).sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, { found, expected, extra }]) => `${kind} ${percent(found, expected)}${extra > 0 ? ` +${extra}` : ''}`)
    return `${isZhsearch(row) ? 'zhsearch' : row.engine} ${kinds.join(', ')} (${row.recall!.queries - row.recall!.complete} of ${row.recall!.queries} queries incomplete)`
  })
  if (byKind.length > 0) lines.push(`- recall against grep by query kind (articles found / grep's; +N: hits grep did not find): ${byKind.join('; ')}`)
  if (main?.openMs !== undefined) lines.push(zhsearchNote(main))
  const kinds = Object.entries(result.queryKinds).map(([kind, count]) => `${count} ${kind}`).join(', ')
  lines.push(`- ${Object.values(result.queryKinds).reduce((a, b) => a + b, 0)} queries (${kinds}), limit 10, zhsearch with snippets, peers without; p50/p95/p99/mean: medians of ${settings.passes} pass(es) after a warm-up; all hits: every hit of a query, without snippets (what recall reads); builds, reindexes, passes and fresh searches: medians of ${settings.repeat} run(s); HTTP: ${settings.connections} connections for ${settings.httpSeconds} s per route`)
  lines.push('- build s of zhsearch: `zhsearch reindex --full` from spawn to exit (own s: the reindex\'s own time); analysis alone: the index side\'s analysis of every text field on one thread, no index (the rest of a one-thread build is indexing and saving); save s: `save` of the opened index into an empty folder')
  lines.push('- peak RSS: VmHWM of the process (the reindex, or the peer\'s child after building); Jieba\'s dictionary alone takes ~300 MiB, see the jieba row, and every worker thread loads its own')
  lines.push(`- load average: ${result.loadAverage.start.map(value => value.toFixed(2)).join(' / ')} at the start, ${result.loadAverage.duringMean.toFixed(2)} (1 min) on average while measuring, ${result.loadAverage.end.map(value => value.toFixed(2)).join(' / ')} at the end; ${Math.round(result.seconds)} s for this corpus`)
  const errors = [...result.errors, ...result.rows.flatMap(row => row.errors.map(error => `${row.engine}: ${error}`))]
  for (const error of errors) lines.push(`- **failed** ${error}`)
  return lines
}

function zhsearchNote (main: EngineRow): string {
  const partial = main.partialAnswers !== undefined && main.partialAnswers > 0 ? `**${main.partialAnswers} answers partial** (out of time budget); ` : ''
  const http = main.http
  const failures = http === undefined ? 0 : http.routes.reduce((sum, route) => sum + route.non2xx + route.errors, 0)
  return `- zhsearch in-process \`SearchEngine.open\`: ${seconds(main.openMs)} s; heap after the query mix ${heap(main.heapAfterQueriesBytes)} MiB; ${partial}HTTP first answer after spawning the server: ${seconds(http?.firstAnswerMs)} s${failures > 0 ? `; **${failures} HTTP answers non-2xx or failed**` : ''}`
}
