/**
 * Titles for articles whose source gives none: the start of the first sentence,
 * which in news and notes usually says what the text is about.
 */
import { SENTENCE_FINAL } from './newspaper/join-paragraphs.js'

/** Length of a derived title, in characters. */
const MAX_TITLE_LENGTH = 30

const FIRST_SENTENCE = new RegExp(`^[^${SENTENCE_FINAL}\\n]*`, 'u')

/**
 * A title made from `body`: its first sentence without the final punctuation,
 * cut to 30 characters with `…` when longer. `''` for an empty body.
 *
 * @example
 * titleFromBody('近日，北京市总工会举办座谈会。会议……') // '近日，北京市总工会举办座谈会'
 */
export function titleFromBody (body: string): string {
  const text = body.trim()
  const sentence = (FIRST_SENTENCE.exec(text)?.[0] ?? '').trim() || (text.split('\n')[0] ?? '').trim()
  const chars = [...sentence]
  if (chars.length <= MAX_TITLE_LENGTH) return sentence
  return chars.slice(0, MAX_TITLE_LENGTH).join('').trimEnd() + '…'
}
