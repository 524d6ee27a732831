/** The benchmark's markdown: one table per corpus, ratios below it, the machine last. */
import type { CorpusResult, EngineRow } from './common.js'

const MIB = 2 ** 20
const DITTO = '″'

/** 3 significant figures, without exponent notation. */
function sig (value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))))
  return value.toFixed(Math.min(digits, 4))
}
const seconds = (ms: number | undefined): string => ms === undefined ? '–' : sig(ms / 1000)
const mib = (bytes: number | undefined): string => bytes === undefined ? '–' : sig(bytes / MIB)
/** A heap difference: below zero is GC noise on a tiny corpus, shown as ≈0 (the JSON keeps it). */
const heap = (bytes: number | undefined): string => bytes !== undefined && bytes <= 0 ? '≈0' : mib(bytes)
const ratio = (a: number | undefined, b: number | undefined): string => a === undefined || b === undefined || b <= 0 || a < 0 ? '–' : `${sig(a / b)}x`
const percent = (found: number, expected: number): string => expected === 0 ? '–' : `${(100 * found / expected).toFixed(found === expected ? 0 : 1)}%`

interface Settings { repeat: number, passes: number, connections: number, httpSeconds: number }

export function corpusMarkdown (result: CorpusResult, settings: Settings): string {
  const jiebaMs = result.jieba?.ms
  const header = ['engine', 'build s', 'MiB/s', '× jieba', 'peak RSS MiB', 'incremental s', 'incr / full', 'index MiB', 'heap MiB', 'fresh search s', 'p50 ms', 'p99 ms', 'recall', 'HTTP req/s', 'HTTP p99 ms']
  const rows: string[][] = []
  rows.push(['nodejieba.cut (the limit)', seconds(jiebaMs), jiebaMs === undefined ? '–' : sig(result.bytes / MIB / (jiebaMs / 1000)), jiebaMs === undefined ? '–' : '1x', mib(result.jieba?.peakRssBytes), '', '', '', '', '', '', '', '', '', ''])
  const first = result.rows.find(row => row.engine.startsWith('zhsearch'))
  for (const row of result.rows) {
    const ditto = row.engine.startsWith('zhsearch') && row !== first
    const query = (value: string): string => (ditto ? DITTO : value)
    rows.push([
      row.engine,
      seconds(row.buildMs),
      row.buildMs === undefined ? '–' : sig(result.bytes / MIB / (row.buildMs / 1000)),
      ratio(row.buildMs, jiebaMs),
      mib(row.peakRssBytes),
      seconds(row.incrementalMs),
      row.incrementalMs === undefined ? '–' : ratio(row.incrementalMs, row.buildMs),
      query(mib(row.indexBytes)),
      query(heap(row.heapBytes)),
      query(seconds(row.freshSearchMs)),
      query(sig(row.queries?.p50Ms)),
      query(sig(row.queries?.p99Ms)),
      query(row.recall === undefined ? '–' : percent(row.recall.found, row.recall.expected)),
      query(row.http === undefined ? '–' : sig(row.http.requestsPerSecond)),
      query(row.http === undefined ? '–' : sig(row.http.p99Ms)),
    ])
  }

  const lines: string[] = []
  const kinds = Object.entries(result.queryKinds).map(([kind, count]) => `${count} ${kind}`).join(', ')
  lines.push(`### ${result.name}: ${result.articles.toLocaleString('en-US')} articles in ${result.files} files, ${sig(result.bytes / MIB)} MiB of text`)
  lines.push('')
  lines.push(table(header, rows))
  lines.push('')
  const zh = result.rows.filter(row => row.engine.startsWith('zhsearch'))
  const main = zh[0]
  if (main !== undefined) {
    for (const peer of result.rows.filter(row => !row.engine.startsWith('zhsearch'))) {
      const builds = zh.map(row => `${row.engine.replace('zhsearch ', '')} ${ratio(row.buildMs, peer.buildMs)}`).join(', ')
      lines.push(`- zhsearch / ${peer.engine}: build ${builds}; heap ${ratio(main.heapBytes, peer.heapBytes)}; p50 ${ratio(main.queries?.p50Ms, peer.queries?.p50Ms)}; p99 ${ratio(main.queries?.p99Ms, peer.queries?.p99Ms)}`)
    }
  }
  const byKind = result.rows.filter(row => row.recall !== undefined && row.engine !== 'scan')
    .map(row => `${row.engine} ${Object.entries(row.recall!.byKind).sort(([a], [b]) => a.localeCompare(b)).map(([kind, { found, expected, extra }]) => `${kind} ${percent(found, expected)}${extra > 0 ? ` +${extra}` : ''}`).join(', ')} (${row.recall!.queries - row.recall!.complete} of ${row.recall!.queries} queries incomplete)`)
  if (byKind.length > 0) lines.push(`- recall against grep by query kind (articles found / grep's; +N: hits grep did not find): ${byKind.join('; ')}`)
  if (main?.openMs !== undefined) lines.push(`- zhsearch in-process \`SearchEngine.open\`: ${seconds(main.openMs)} s; heap after the query mix ${heap(main.heapAfterQueriesBytes)} MiB; ${main.partialAnswers !== undefined && main.partialAnswers > 0 ? `**${main.partialAnswers} answers partial** (out of time budget); ` : ''}HTTP first answer after spawning the server: ${seconds(main.http?.firstAnswerMs)} s${main.http !== undefined && main.http.non2xx + main.http.errors > 0 ? `; HTTP non-2xx ${main.http.non2xx}, errors ${main.http.errors}` : ''}`)
  lines.push(`- ${Object.values(result.queryKinds).reduce((a, b) => a + b, 0)} queries (${kinds}), limit 10, zhsearch with snippets, peers without; p50/p99 medians of ${settings.passes} pass(es) after a warm-up; builds, reindexes and fresh searches medians of ${settings.repeat} run(s); HTTP ${settings.connections} connections for ${settings.httpSeconds} s over the mix`)
  lines.push('- peak RSS: VmHWM of the process (the reindex, or the peer\'s child after building); Jieba\'s dictionary alone takes ~300 MiB, see the jieba row, and every worker thread loads its own')
  lines.push(`- load average: ${result.loadAverage.start.map(value => value.toFixed(2)).join(' / ')} at the start, ${result.loadAverage.duringMean.toFixed(2)} (1 min) on average while measuring, ${result.loadAverage.end.map(value => value.toFixed(2)).join(' / ')} at the end; ${Math.round(result.seconds)} s for this corpus`)
  const errors = [...result.errors, ...result.rows.flatMap((row: EngineRow) => row.errors.map(error => `${row.engine}: ${error}`))]
  for (const error of errors) lines.push(`- **failed** ${error}`)
  return lines.join('\n')
}

export function machineLine (machine: { cores: number, cpu: string, node: string, loadAverageAtStart: number[] }, end: number[]): string {
  return `Machine: ${machine.cores} cores, ${machine.cpu.trim()}, Node ${machine.node}; load average ${machine.loadAverageAtStart.map(value => value.toFixed(2)).join(' / ')} at the start, ${end.map(value => value.toFixed(2)).join(' / ')} at the end (1 / 5 / 15 min).`
}

function table (header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => (row[i] ?? '').length)))
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`
  return [line(header), `|${widths.map((width, i) => (i === 0 ? '-'.repeat(width + 2) : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n')
}
