import { join } from 'node:path'
import { Command } from 'commander'
import { z } from 'zod'
import type { Token } from '../../internal.js'
import { corpusOption, FolderSchema, jsonOption, parseOptions } from '../cli-options.js'
import { readCorpusDictionary } from '../corpus-folder.js'
import { displayWidth, examplesAndNotes } from '../help.js'
import { loadLibrary } from '../library.js'
import { type Styles, stylesFor, writeJson, writeLines } from '../output.js'

const AnalyzeOptionsSchema = z.object({
  text: z.string(),
  corpus: FolderSchema,
  grams: z.boolean(),
  json: z.boolean(),
})

/** What `zhsearch analyze --json` prints. */
export interface AnalyzeReport {
  text: string
  /** After NFKC, lowercasing Latin, traditional → simplified. */
  normalized: string
  /** How a query with this text is cut: Jieba words and runs of letters and digits. */
  words: string[]
  /** The terms the index stores for this text, with their place in the original text. */
  terms: Array<Token & { original: string }>
  userDictionary: { file: string, words: number }
}

/** `zhsearch analyze`: how the analyzer sees a text, for tuning the user dictionary. */
export function createAnalyzeCommand (): Command {
  return new Command('analyze')
    .summary('show how a text is normalized, segmented and indexed')
    .description("Shows how zhsearch's analysis sees a text, as Elasticsearch's _analyze does: the normalized form, the words a query is cut into (Jieba), and the index terms with their offsets in the original text. Uses the corpus's user dictionary, so a word added with `zhsearch dict add` shows here at once (the index needs a reindex).")
    .argument('<text...>', 'the text to analyze (several arguments are joined with spaces)')
    .addOption(corpusOption())
    .option('--grams', 'also list the character unigrams and bigrams (the recall net)', false)
    .addOption(jsonOption())
    .addHelpText('after', examplesAndNotes([
      'zhsearch analyze 北京市总工会开展冬季送温暖活动',
      'zhsearch analyze 溫暖基金 ＡＢＣ１２３ 2023年  # 繁体、全角、数字',
      'zhsearch analyze 刘欣欣 --grams',
      'zhsearch analyze 天岳恒 --json | jq .words',
    ]))
    .action(async (parts: string[], raw: Record<string, unknown>, command: Command) => {
      const options = parseOptions(command, AnalyzeOptionsSchema, { ...raw, text: parts.join(' ') })
      const library = await loadLibrary()
      const file = join(options.corpus, library.USER_DICTIONARY_FILE)
      const userWords = await readCorpusDictionary(library, options.corpus)
      const { createAnalyzer } = library
      const analyzer = createAnalyzer({ userWords })
      const tokens = analyzer.analyze(options.text, { grams: options.grams })
      const report: AnalyzeReport = {
        text: options.text,
        normalized: analyzer.normalize(options.text).text,
        words: analyzer.queryWords(options.text),
        terms: tokens.map(token => ({ ...token, original: options.text.slice(token.start, token.end) })),
        userDictionary: { file, words: userWords.length },
      }
      if (options.json) writeJson(process.stdout, report)
      else writeLines(process.stdout, analyzeLines(report, options.grams, stylesFor(process.stdout)))
    })
}

function analyzeLines (report: AnalyzeReport, grams: boolean, styles: Styles): string[] {
  const lines = [
    `${styles.bold('text')}        ${report.text}`,
    `${styles.bold('normalized')}  ${report.normalized}`,
    `${styles.bold('words')}       ${report.words.join(styles.dim(' | '))}`,
    `${styles.bold('terms')}       ${styles.dim(`offsets in the original text; user dictionary ${report.userDictionary.file}: ${report.userDictionary.words} words`)}`,
  ]
  const width = Math.max(4, ...report.terms.map(term => displayWidth(term.term)))
  lines.push(styles.dim(`  ${'start'.padStart(5)}  ${'end'.padStart(5)}  ${pad('term', width)}  ${'kind'.padEnd(7)}  original`))
  for (const term of report.terms) {
    lines.push(`  ${String(term.start).padStart(5)}  ${String(term.end).padStart(5)}  ${pad(term.term, width)}  ${term.kind.padEnd(7)}  ${term.original === term.term ? styles.dim(term.original) : term.original}`)
  }
  if (!grams) lines.push(styles.dim('  (character unigrams and bigrams are indexed too; --grams lists them)'))
  return lines
}

function pad (text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)))
}
