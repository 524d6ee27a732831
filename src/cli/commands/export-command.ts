import { Command } from 'commander'
import { z } from 'zod'
import type { ExportSummary } from '../../internal.js'
import { FolderSchema, indexOption, jsonOption, parseOptions } from '../cli-options.js'
import { folder, formatBytes, formatCount, formatDuration } from '../format.js'
import { examplesAndNotes } from '../help.js'
import { onInterrupt } from '../interrupt.js'
import { loadLibrary } from '../library.js'
import { stylesFor, writeJson, writeLines } from '../output.js'

const ExportOptionsSchema = z.object({
  static: FolderSchema,
  index: FolderSchema,
  synonyms: z.string().trim().min(1, 'needs a file path').optional(),
  json: z.boolean(),
})

/** `zhsearch export --static DIR`: the index as a static search site. */
export function createExportCommand (): Command {
  return new Command('export')
    .summary('export the index as a static search site (no server needed)')
    .description('Writes the index as a folder any static file server serves (GitHub Pages, nginx, python -m http.server): the index in small files fetched as queries need them, the module that searches them in the browser (zhsearch-static.js), and a ready search page (index.html). Queries are read as the server reads them, with the same ranking. The folder is written beside DIR and switched in when complete; DIR must be new, empty, or an earlier export.')
    .requiredOption('--static <dir>', 'the folder to write the static site into')
    .addOption(indexOption())
    .option('--synonyms <file>', 'the synonyms searches expand with (default: synonyms.txt of the corpus the index was built from)')
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch export --static site                 # index/ → site/',
      'python3 -m http.server -d site 8000           # then open http://127.0.0.1:8000/',
      'zhsearch export --static 站点/劳动午报 --index 索引/劳动午报',
    ], [
      'Export again after each reindex: the site is a snapshot of the index.',
      'To search from another page: <script type="module"> import { openStaticIndex } from "./site/zhsearch-static.js" (see docs/static-sites.md).',
    ]))
    .action(async (raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, ExportOptionsSchema, raw)
      const { exportStatic } = await loadLibrary()
      const interactive = process.stderr.isTTY === true && !options.json
      const forget = onInterrupt(() => {
        process.stderr.write(`\nzhsearch: export interrupted. ${folder(options.static)} is as it was before: an export is only switched in once it is complete.\n`)
      })
      try {
        const summary = await exportStatic({
          indexDir: options.index,
          outDir: options.static,
          synonymsFile: options.synonyms,
          onProgress: (step, done, total) => {
            if (done === undefined) process.stderr.write(`exporting: ${step}\n`)
            else if (interactive && total !== undefined) process.stderr.write(`\rexporting: ${step} ${formatCount(done)}/${formatCount(total)}`)
            if (interactive && done !== undefined && done === total) process.stderr.write('\n')
          },
        })
        if (options.json) writeJson(process.stdout, summary)
        else writeLines(process.stdout, summaryLines(summary, options.index))
      } finally {
        forget()
      }
    })
}

function summaryLines (summary: ExportSummary, index: string): string[] {
  const styles = stylesFor(process.stdout)
  const kinds = Object.entries(summary.files).sort((a, b) => b[1].bytes - a[1].bytes)
  return [
    styles.bold(`Exported ${folder(index)} as a static site in ${folder(summary.outDir)} in ${formatDuration(summary.ms)}`),
    `  documents  ${formatCount(summary.documents)}, ${formatCount(summary.terms)} distinct words`,
    `  size       ${formatBytes(summary.totalBytes)} in ${formatCount(kinds.reduce((sum, [, kind]) => sum + kind.files, 0))} files (the text: ${formatBytes(summary.textBytes)})`,
    ...kinds.map(([kind, { files, bytes }]) => `    ${kind.padEnd(18)} ${formatBytes(bytes).padStart(10)} in ${formatCount(files)} files`),
    `  serve it   python3 -m http.server -d ${summary.outDir} 8000   (any static file server)`,
  ]
}
