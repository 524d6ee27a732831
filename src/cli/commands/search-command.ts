import { join } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import type { Explanation, SearchHit, SearchResponse } from '../../internal.js'
import { DEFAULT_CORPUS, engineOption, FolderSchema, indexOption, jsonOption, parseOptions, wholeNumber } from '../cli-options.js'
import { formatCount, formatDuration, quoteArgument } from '../format.js'
import { examplesAndNotes } from '../help.js'
import { loadLibrary } from '../library.js'
import { openSearcher } from '../open-engine.js'
import { renderHighlighted, type Styles, stylesFor, writeJson, writeLines } from '../output.js'

const SearchOptionsSchema = z.object({
  query: z.string(),
  index: FolderSchema,
  corpus: FolderSchema,
  engine: z.string().optional(),
  limit: wholeNumber(0, 1000),
  offset: wholeNumber(0, 1_000_000),
  json: z.boolean(),
  explain: z.boolean(),
})

type SearchOptions = z.output<typeof SearchOptionsSchema>

/** `zhsearch search`: ranked hits with highlighted snippets, for people or (`--json`) programs. */
export function createSearchCommand (): Command {
  return new Command('search')
    .summary('search the index')
    .description('Searches the index. Every term must match (as grep would find it, also across word boundaries); "…" is an exact phrase, -term excludes, title:term searches titles only. Traditional characters and full-width letters find their simplified, half-width forms.')
    .argument('<query...>', 'what to search for (several words are joined with spaces)')
    // `-饺子` is an exclusion, not an option: words with one dash reach the query.
    .allowUnknownOption()
    .addOption(indexOption())
    .option('-c, --corpus <dir>', 'the corpus folder: its synonyms.txt (if any) expands the query', DEFAULT_CORPUS)
    .addOption(engineOption())
    .option('-n, --limit <n>', 'hits to show', '10')
    .option('--offset <n>', 'hits to skip (for the next page)', '0')
    .option('--explain', 'show under each hit how its score is made (with --json: each hit\'s "explanation")', false)
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch search 工会',
      'zhsearch search 工会 -饺子                 # 工会, but not 饺子',
      `zhsearch search '"冬季送温暖"'             # the exact phrase`,
      'zhsearch search title:温暖 刘欣欣',
      'zhsearch search 溫暖基金                   # traditional finds simplified',
      'zhsearch search 工会 --limit 5 --offset 5  # the second page of five',
      'zhsearch search 饺子 --json | jq .hits[0].title',
      'zhsearch search 饺子 --explain           # how each score is made',
    ], [
      'On a terminal matches are in colour; otherwise they are marked 【like this】. The time shown is the search\'s own, without loading the index and the dictionary.',
      'With --json: { "query", "total", "offset", "limit", "hits": [{ "id", "title", "score", "snippets", "byline", … }], "facets", "tookMs" }, snippets as HTML with <mark>.',
    ]))
    .action(async (words: string[], raw: Record<string, unknown>, command: Command) => {
      const stray = words.find(word => word.startsWith('--'))
      if (stray !== undefined && !process.argv.includes('--')) {
        command.error(`error: unknown option '${stray}' (to search for text that starts with --, put it after --: zhsearch search -- ${stray})`, { exitCode: 2, code: 'commander.unknownOption' })
      }
      const options = parseOptions(command, SearchOptionsSchema, { ...raw, query: words.join(' ') })
      const searcher = await openSearcher(options.index, options.engine, { oneSearch: true })
      const { SYNONYMS_FILE } = await loadLibrary()
      await searcher.loadSynonyms(join(options.corpus, SYNONYMS_FILE))
      const response = await searcher.search({ query: options.query, limit: options.limit, offset: options.offset, explain: options.explain }).finally(() => searcher.close())
      if (options.json) writeJson(process.stdout, response)
      else writeLines(process.stdout, resultLines(response, options, stylesFor(process.stdout)))
    })
}

function resultLines (response: SearchResponse, options: SearchOptions, styles: Styles): string[] {
  const { total, hits, offset } = response
  if (total === 0) return [`No results for ${options.query} ${styles.dim(`(${formatDuration(response.tookMs)})`)}`]
  const lines = [`${styles.bold(total === 1 ? '1 result' : `${formatCount(total)} results`)} for ${options.query} ${styles.dim(`(${formatDuration(response.tookMs)})`)}`]
  if (response.relaxed === true) lines.push(styles.dim('No article has every term: these are the best partial matches, those with the most terms first.'))
  if (response.partial === true) lines.push(styles.dim('The search reached its time limit: these results may be incomplete.'))
  hits.forEach((hit, i) => lines.push('', ...hitLines(hit, offset + i + 1, styles)))
  lines.push('')
  if (hits.length === 0) {
    lines.push(`No hits on this page: --offset ${offset} is past the last result.`)
  } else {
    const last = offset + hits.length
    lines.push(`Showing ${formatCount(offset + 1)}–${formatCount(last)} of ${formatCount(total)}.`)
    if (last < total) {
      const next = ['zhsearch', 'search', quoteArgument(options.query), '--offset', String(last)]
      if (options.limit !== 10) next.push('--limit', String(options.limit))
      lines.push(styles.dim(`Next page: ${next.join(' ')}`))
    }
  }
  return lines
}

function hitLines (hit: SearchHit, rank: number, styles: Styles): string[] {
  const indent = '    '
  const title = renderHighlighted(hit.highlights.title, styles)
  const lines = [`${styles.bold(String(rank).padStart(3))}. ${styles.bold(title)}`]
  if (hit.kicker !== undefined) lines.push(indent + styles.dim(renderHighlighted(hit.highlights.kicker ?? hit.kicker, styles)))
  const meta = [
    hit.byline !== undefined ? renderHighlighted(hit.highlights.byline ?? hit.byline, styles) : hit.author,
    hit.date,
    hit.source,
  ].filter((part): part is string => part !== undefined && part !== '')
  if (meta.length > 0) lines.push(indent + meta.join(' · '))
  for (const snippet of hit.snippets) lines.push(`${indent}${renderHighlighted(snippet, styles)}`)
  const where = hit.origin !== undefined ? `${hit.origin.file} #${hit.origin.ordinal}${hit.origin.line !== undefined ? ` (line ${hit.origin.line})` : ''} · ` : ''
  lines.push(indent + styles.dim(`${where}id ${hit.id} · score ${hit.score}`))
  if (hit.explanation !== undefined) lines.push(...explanationLines(hit.explanation, indent, styles))
  return lines
}

/** An explanation as an indented tree: each part's value, then what it is. */
function explanationLines (explanation: Explanation, indent: string, styles: Styles): string[] {
  const value = String(explanation.value).padStart(8)
  const lines = [`${indent}${styles.bold(value)}  ${explanation.description}`]
  for (const detail of explanation.details ?? []) lines.push(...explanationLines(detail, `${indent}  `, styles))
  return lines
}
