/**
 * `.jsonl` / `.ndjson` files: one article object per line. A bad line costs only
 * itself: the problem names its line and the other lines are still read.
 */
import type { Article, IngestProblem } from '../../types.js'
import { describeJsonError, recordToArticle } from './article-record.js'
import type { FormatResult } from './format-result.js'

/**
 * Reads a JSON Lines file. Blank lines are ignored. A line that is not JSON
 * gives `INVALID_JSON`, a record that is not a usable article `INVALID_ARTICLE`,
 * both with the 1-based line number. The ordinal of a record is its position
 * among the file's non-blank lines; `origin.line` is its line.
 */
export function readJsonlFormat (text: string, file: string): FormatResult {
  const articles: Article[] = []
  const problems: IngestProblem[] = []
  let ordinal = 0
  text.split('\n').forEach((raw, index) => {
    const source = raw.trim()
    if (source === '') return
    const line = index + 1
    ordinal++
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch (error) {
      const { reason, column } = describeJsonError(error, raw)
      const where = column === undefined ? '' : ` at column ${column}`
      problems.push({ file, line, code: 'INVALID_JSON', message: `line ${line} is not valid JSON${where}: ${reason}` })
      return
    }
    const result = recordToArticle(value, { file, ordinal, line })
    if (result.ok) articles.push(result.article)
    else problems.push({ file, line, code: 'INVALID_ARTICLE', message: `line ${line} skipped: ${result.reason}` })
  })
  return { articles, problems }
}
