/**
 * `.txt` files: either a newspaper page (several articles, see `newspaper/`) or
 * one plain article whose first short line is its title.
 */
import type { Article } from '../../types.js'
import { articleId } from '../article-id.js'
import { endsSentence } from '../newspaper/join-paragraphs.js'
import { isNewspaperPage, splitPage } from '../newspaper/split-page.js'
import { collapseSpaces, joinWrappedLines, splitBlocks } from '../text-blocks.js'
import { fileStem } from './file-stem.js'
import type { FormatResult } from './format-result.js'
import { makeArticle } from './make-article.js'

/** A first line longer than this is prose, not a title. */
const MAX_TITLE_LENGTH = 60

/**
 * Reads a `.txt` file. A page with a block opening with a byline (`本报讯（…）`)
 * is split into its articles; anything else is one article: its title is the
 * first line when that is short and does not end a sentence, else the file
 * name without extension; its body the remaining paragraphs, one per line.
 */
export function readTextFormat (text: string, file: string): FormatResult {
  if (isNewspaperPage(text)) {
    const articles = splitPage(text).map((page, index) => {
      const ordinal = index + 1
      return makeArticle({ ...page, id: articleId(file, ordinal), origin: { file, ordinal } })
    })
    return { articles, problems: [] }
  }
  return { articles: [readPlainArticle(text, file)], problems: [] }
}

function readPlainArticle (text: string, file: string): Article {
  const blocks = splitBlocks(text).map((block) => block.split('\n'))
  const firstLine = blocks[0]?.[0] ?? ''
  let title = fileStem(file)
  if (looksLikeTitle(firstLine)) {
    title = collapseSpaces(firstLine)
    blocks[0]?.shift()
  }
  const body = blocks
    .filter((lines) => lines.length > 0)
    .map(joinWrappedLines)
    .join('\n')
  return makeArticle({ id: articleId(file, 1), title, body, origin: { file, ordinal: 1 } })
}

function looksLikeTitle (line: string): boolean {
  // A line ending in a comma or an enumeration mark stops mid-sentence: it is wrapped prose.
  return line !== '' && [...line].length <= MAX_TITLE_LENGTH && !endsSentence(line) && !/[，、,]$/u.test(line)
}
