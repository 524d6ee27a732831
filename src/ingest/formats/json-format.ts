/**
 * `.json` files: one article object, or an array of them.
 */
import type { Article, IngestProblem } from '../../types.js'
import { describeJsonError, recordToArticle } from './article-record.js'
import type { FormatResult } from './format-result.js'

/**
 * Reads a `.json` file. A file that is not JSON gives one `INVALID_JSON`
 * problem; a record that is not a usable article gives an `INVALID_ARTICLE`
 * problem naming its array index, and the other records are still read. The
 * ordinal of an array item is its position in the array, so fixing a bad item
 * does not change the ids of the items after it.
 */
export function readJsonFormat (text: string, file: string): FormatResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const { reason, line, column } = describeJsonError(error, text)
    const where = line === undefined ? '' : ` at line ${line}, column ${column ?? 1}`
    const problem: IngestProblem = {
      file,
      ...(line === undefined ? {} : { line }),
      code: 'INVALID_JSON',
      message: `not valid JSON${where}: ${reason}`,
    }
    return { articles: [], problems: [problem] }
  }

  const articles: Article[] = []
  const problems: IngestProblem[] = []
  if (Array.isArray(value)) {
    value.forEach((item: unknown, index) => {
      const result = recordToArticle(item, { file, ordinal: index + 1 })
      if (result.ok) articles.push(result.article)
      else problems.push({ file, code: 'INVALID_ARTICLE', message: `array item [${index}] skipped: ${result.reason}` })
    })
  } else if (typeof value === 'object' && value !== null) {
    const result = recordToArticle(value, { file, ordinal: 1 })
    if (result.ok) articles.push(result.article)
    else problems.push({ file, code: 'INVALID_ARTICLE', message: `the article object was skipped: ${result.reason}` })
  } else {
    problems.push({ file, code: 'INVALID_ARTICLE', message: 'holds neither an article object nor an array of them' })
  }
  return { articles, problems }
}
