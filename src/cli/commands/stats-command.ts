import { Command } from 'commander'
import { z } from 'zod'
import type { Freshness, Manifest } from '../../internal.js'
import { corpusOption, DEFAULT_CORPUS, engineOption, FolderSchema, indexOption, jsonOption, parseOptions } from '../cli-options.js'
import { folder, formatBytes, formatCount, formatDuration, formatLocalTime, plural } from '../format.js'
import { examplesAndNotes } from '../help.js'
import { loadLibrary } from '../library.js'
import { openEngine } from '../open-engine.js'
import { stylesFor, writeJson, writeLines } from '../output.js'
import { clusterStats } from './cluster-command.js'

const StatsOptionsSchema = z.object({
  index: FolderSchema,
  corpus: FolderSchema,
  engine: z.string().optional(),
  json: z.boolean(),
})

/** What `zhsearch stats --json` prints. */
export interface StatsReport {
  index: string
  documents: number
  terms: number
  segments: number
  sizeBytes: number
  memory: { loadMs: number, heapUsedBytes: number, rssBytes: number, externalBytes: number }
  formatVersion: number
  builtAt: string
  buildMs: number
  analyzer: Manifest['analyzer']
  sourceFiles: number
  corpus: string
  /** Whether the index still matches the corpus; `error` when that could not be checked. */
  freshness: Freshness | { error: string }
}

/** `zhsearch stats`: what the index holds, how big it is, and whether it is stale. */
export function createStatsCommand (): Command {
  return new Command('stats')
    .summary('show what the index holds and whether it is up to date')
    .description('Loads the index and shows its documents, distinct terms, size on disk and in memory, format version and build time, and compares it with the corpus: files added, changed or removed since the build, and changes to the user dictionary, make it stale. The corpus is --corpus if given, else the folder the index was built from.')
    .addOption(indexOption())
    .addOption(corpusOption())
    .addOption(engineOption())
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch stats',
      'zhsearch stats --index 索引/劳动午报 --corpus 档案/劳动午报',
      'zhsearch stats --json | jq .freshness.stale',
    ], [
      'The build time is shown in local time (TZ sets the zone); --json gives it as UTC in ISO 8601 (builtAt).',
    ]))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, StatsOptionsSchema, raw)
      if (options.engine !== undefined) return clusterStats({ engine: options.engine, json: options.json })
      const { checkFreshness, isZhsearchError, readManifest } = await loadLibrary()
      const started = performance.now()
      const engine = await openEngine(options.index)
      const loadMs = performance.now() - started
      const after = process.memoryUsage()
      const stats = engine.stats()
      const manifest = engine.manifest ?? await readManifest(options.index)
      // The folder the index was built from, unless the person named another.
      const corpus = command.getOptionValueSource('corpus') === 'default' ? manifest.corpus ?? DEFAULT_CORPUS : options.corpus
      let freshness: StatsReport['freshness']
      try {
        freshness = await checkFreshness(corpus, options.index)
      } catch (error) {
        if (!isZhsearchError(error)) throw error
        freshness = { error: error.message }
      }
      const report: StatsReport = {
        index: options.index,
        documents: stats.documents,
        terms: stats.terms,
        segments: stats.segments,
        sizeBytes: stats.sizeBytes ?? manifest.sizeBytes,
        memory: {
          loadMs: Math.round(loadMs),
          heapUsedBytes: after.heapUsed,
          rssBytes: after.rss,
          externalBytes: after.external,
        },
        formatVersion: manifest.formatVersion,
        builtAt: manifest.builtAt,
        buildMs: manifest.buildMs,
        analyzer: manifest.analyzer,
        sourceFiles: manifest.sources.length,
        corpus,
        freshness,
      }
      if (options.json) writeJson(process.stdout, report)
      else writeLines(process.stdout, statsLines(report))
    })
}

function statsLines (report: StatsReport): string[] {
  const styles = stylesFor(process.stdout)
  const { freshness } = report
  const lines = [
    styles.bold(`Index in ${folder(report.index)}`),
    `  documents       ${formatCount(report.documents)} from ${plural(report.sourceFiles, 'corpus file')}`,
    `  distinct terms  ${formatCount(report.terms)} words, in ${plural(report.segments, 'segment')}`,
    `  on disk         ${formatBytes(report.sizeBytes)}`,
    `  in memory       ${formatBytes(report.memory.heapUsedBytes)} heap in use after loading, ${formatBytes(report.memory.externalBytes)} in typed arrays (process RSS ${formatBytes(report.memory.rssBytes)}), loaded in ${formatDuration(report.memory.loadMs)}`,
    `  format          version ${report.formatVersion}, analyzer version ${report.analyzer.version} (${report.analyzer.fingerprint}), ${plural(report.analyzer.userWords.length, 'user dictionary word')}`,
    `  built           ${formatLocalTime(report.builtAt)} in ${formatDuration(report.buildMs)}`,
  ]
  if ('error' in freshness) {
    lines.push(`  freshness       ${styles.warn('unknown')}: ${freshness.error}`)
  } else if (!freshness.stale) {
    lines.push(`  freshness       ${styles.good('up to date')} with ${folder(report.corpus)}`)
  } else {
    lines.push(`  freshness       ${styles.warn('stale')}: ${folder(report.corpus)} changed since the build; run \`zhsearch reindex\``)
    for (const reason of freshness.reasons) lines.push(`                  - ${reason}`)
  }
  return lines
}
