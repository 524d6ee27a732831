import { Command } from 'commander'
import { z } from 'zod'
import type { ReindexSummary } from '../../internal.js'
import { corpusOption, engineOption, FolderSchema, indexOption, jsonOption, parseOptions, wholeNumber } from '../cli-options.js'
import { dictionaryLines, folder, formatBytes, formatCount, formatDuration, plural } from '../format.js'
import { corpusFolderAdvice, readCorpusDictionary } from '../corpus-folder.js'
import { examplesAndNotes } from '../help.js'
import { onInterrupt } from '../interrupt.js'
import { type Library, loadLibrary } from '../library.js'
import { stylesFor, writeJson, writeLines } from '../output.js'
import { createProgressReporter } from '../progress.js'
import { reindexIntoCluster } from './cluster-command.js'

/**
 * The most segment-building threads `--workers` may ask for. Without it the library
 * chooses (one per core, at most four, when the new text pays for starting them). Each
 * thread analyzes, indexes and serializes whole segments while the main thread reads the
 * corpus (see `npm run bench` for the measured speed-up).
 */
const MAX_WORKERS = 32

const ReindexOptionsSchema = z.object({
  corpus: FolderSchema,
  index: FolderSchema,
  engine: z.string().optional(),
  full: z.boolean(),
  workers: wholeNumber(0, MAX_WORKERS).optional(),
  allowOtherFiles: z.boolean(),
  json: z.boolean(),
})

export type ReindexOptions = z.output<typeof ReindexOptionsSchema>

/** `zhsearch reindex`: brings the index in step with the corpus. */
export function createReindexCommand (): Command {
  return new Command('reindex')
    .summary('build or update the index from the corpus')
    .description('Brings the index in step with the corpus folder. Incremental by default: files whose content is unchanged are not read again, changed files replace their articles and deleted files remove theirs. The new index is written beside the old one and switched in at the end, so an interrupted reindex leaves the previous index as it was.')
    .addOption(corpusOption())
    .addOption(indexOption())
    .addOption(engineOption())
    .option('--full', 'rebuild from scratch instead of reusing unchanged files', false)
    .option('-w, --workers <n>', 'the most threads that build index segments while the main thread reads (0: the main thread; default: one per core up to four, when the new text is large enough to pay for starting them)')
    .option('--allow-other-files', 'write the index into a folder that also holds other files (they are never touched)', false)
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch reindex                     # corpus/ → index/, only what changed',
      'zhsearch reindex --corpus 档案/劳动午报 --index 索引/劳动午报',
      'zhsearch reindex --full --workers 2  # 从头重建，两个分析线程',
      'zhsearch reindex --json > 重建结果.json',
    ], [
      'Progress goes to stderr (a bar on a terminal, a line every few seconds otherwise); the summary, with every skipped file and why, goes to stdout.',
    ]))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, ReindexOptionsSchema, raw)
      if (options.engine !== undefined) return reindexIntoCluster({ ...options, engine: options.engine })
      const summary = await runReindex(options)
      if (options.json) writeJson(process.stdout, summaryJson(summary, options))
      else writeLines(process.stdout, summaryLines(summary, options))
    })
}

/** Runs a reindex with a progress display on stderr, building segments on `workers` threads. */
export async function runReindex (options: ReindexOptions): Promise<ReindexSummary> {
  const library = await loadLibrary()
  // Reading the dictionary first turns a corpus path that is not a folder into a clear error.
  await readCorpusDictionary(library, options.corpus)
  const progress = await createProgressReporter(process.stderr)
  const forget = onInterrupt(() => {
    progress.stop()
    process.stderr.write(`\nzhsearch: reindex interrupted. ${folder(options.index)} is as it was before: a build is only switched in once it is complete. Run \`zhsearch reindex\` again to update it.\n`)
  })
  try {
    const summary = await library.reindex({
      corpusDir: options.corpus,
      indexDir: options.index,
      full: options.full,
      workers: options.workers,
      allowOtherFiles: options.allowOtherFiles,
      onProgress: update => progress.update(update),
    })
    progress.stop(true)
    return summary
  } catch (error) {
    throw withCorpusAdvice(error, options.corpus, library)
  } finally {
    progress.stop()
    forget()
  }
}

/** CORPUS_NOT_FOUND (a first run in a folder without a corpus), followed by what a corpus folder is and how to start one. */
function withCorpusAdvice (error: unknown, corpus: string, library: Library): unknown {
  if (!library.isZhsearchError(error) || error.code !== 'CORPUS_NOT_FOUND') return error
  return new library.ZhsearchError(error.code, [error.message, ...corpusFolderAdvice(corpus)].join('\n'), error.details)
}

function summaryLines (summary: ReindexSummary, options: ReindexOptions): string[] {
  const styles = stylesFor(process.stdout)
  const { articles, files, problems } = summary
  const mode = summary.mode === 'full' ? ['full rebuild', ...(summary.fullReason !== undefined ? [summary.fullReason] : [])].join(': ') : 'incremental'
  const lines = [
    styles.bold(`Indexed ${folder(options.corpus)} into ${folder(options.index)} in ${formatDuration(summary.ms)} (${mode})`),
    `  articles  ${formatCount(articles.added)} added, ${formatCount(articles.updated)} updated, ${formatCount(articles.removed)} removed, ${formatCount(articles.unchanged)} unchanged`,
    ...dictionaryLines(summary),
    `  files     ${plural(files.total, 'file')} in the corpus: ${formatCount(files.read)} read, ${formatCount(files.unchanged)} unchanged, ${formatCount(files.removed)} removed, ${formatCount(files.skipped)} skipped`,
    `  index     ${plural(summary.documents, 'document')}, ${plural(summary.terms, 'distinct term')}, ${plural(summary.segments.total, 'segment')} (${formatCount(summary.segments.written)} written), ${formatBytes(summary.sizeBytes)} on disk`,
  ]
  if (problems.length === 0) {
    lines.push(`  skipped   ${styles.good('nothing')}`)
  } else {
    lines.push(`  skipped   ${plural(problems.length, 'file or record', 'files or records')} (${plural(files.skipped, 'whole file')}):`)
    for (const problem of problems) {
      const where = problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file
      lines.push(`    ${styles.warn(where)}  ${styles.dim(problem.code)}  ${problem.message}`)
    }
  }
  return lines
}


function summaryJson (summary: ReindexSummary, options: ReindexOptions): Record<string, unknown> {
  return {
    corpus: options.corpus,
    index: options.index,
    mode: summary.mode,
    ...(summary.fullReason !== undefined ? { fullReason: summary.fullReason } : {}),
    workers: options.workers ?? 'auto',
    articles: summary.articles,
    ...(summary.dictionary !== undefined ? { dictionary: summary.dictionary } : {}),
    files: summary.files,
    problems: summary.problems,
    documents: summary.documents,
    terms: summary.terms,
    sizeBytes: summary.sizeBytes,
    ms: summary.ms,
    builtAt: summary.manifest.builtAt,
  }
}
