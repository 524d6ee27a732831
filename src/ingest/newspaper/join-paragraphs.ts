/**
 * Repairs paragraphs that text extraction broke at column breaks. A printed
 * paragraph always ends a sentence, so a block that does not end in
 * sentence-final punctuation continues in the next one, often mid-word
 * (`不` / `负时代。`). Unrepaired, 不负时代 could never be found.
 */

/** Punctuation that ends a sentence in Chinese (and English) text. */
export const SENTENCE_FINAL = '。！？!?；…'

/** Closing quotes and brackets that may follow the sentence-final mark: `……关爱。”`. */
const CLOSERS = '”’」』）)》】"\''

const ENDS_SENTENCE = new RegExp(`[${SENTENCE_FINAL}][${CLOSERS}]*$`, 'u')
const HAS_SENTENCE_FINAL = new RegExp(`[${SENTENCE_FINAL}]`, 'u')
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{Nd}]/u

/** Whether `text` ends in sentence-final punctuation, optionally followed by closing quotes or brackets. */
export function endsSentence (text: string): boolean {
  return ENDS_SENTENCE.test(text.trimEnd())
}

/** Whether `text` holds sentence-final punctuation anywhere. Headings do not. */
export function hasSentenceFinal (text: string): boolean {
  return HAS_SENTENCE_FINAL.test(text)
}

/**
 * Joins two pieces of text broken apart by layout: without a separator, unless
 * both sides of the break are Latin letters or digits (`LONG` / `街` joins as
 * `LONG街`, `version` / `2` as `version 2`).
 */
export function joinFragments (before: string, after: string): string {
  const left = before.trimEnd()
  const right = after.trimStart()
  if (left === '') return right
  if (right === '') return left
  const last = [...left].at(-1) ?? ''
  const first = [...right][0] ?? ''
  return left + (LATIN_OR_DIGIT.test(last) && LATIN_OR_DIGIT.test(first) ? ' ' : '') + right
}

/**
 * Turns the blocks of an article body into its paragraphs: the lines of a block
 * are joined, and a block that does not end a sentence is joined with the next
 * one. The last paragraph is kept even when it does not end a sentence (the
 * article may continue on another page).
 *
 * @example
 * joinParagraphs(['不负韶华，不', '负时代。', '张良强调。']) // ['不负韶华，不负时代。', '张良强调。']
 */
export function joinParagraphs (blocks: readonly string[]): string[] {
  const paragraphs: string[] = []
  let pending = ''
  for (const block of blocks) {
    const text = block.split('\n').reduce(joinFragments, '')
    pending = joinFragments(pending, text)
    if (pending !== '' && endsSentence(pending)) {
      paragraphs.push(pending)
      pending = ''
    }
  }
  if (pending !== '') paragraphs.push(pending)
  return paragraphs
}
