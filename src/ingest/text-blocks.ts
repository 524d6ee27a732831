/**
 * Paragraph blocks and line joining shared by the plain-text, Markdown and
 * newspaper readers. Input text has `\n` line ends only (see `decodeText`).
 */

/**
 * Splits text into blocks: runs of lines separated by one or more blank
 * (white-space-only) lines. Each line is trimmed; empty blocks are dropped.
 */
export function splitBlocks (text: string): string[] {
  return text
    .split(/\n(?:[^\S\n]*\n)+/)
    .map((block) => block.split('\n').map((line) => line.trim()).filter((line) => line !== '').join('\n'))
    .filter((block) => block !== '')
}

/**
 * Joins the lines of a hard-wrapped paragraph: without a separator where both
 * sides of the break are CJK (Chinese has no spaces between words, so a space
 * there would be noise), with one space otherwise (`hello` / `world`).
 */
export function joinWrappedLines (lines: readonly string[]): string {
  let joined = ''
  for (const raw of lines) {
    const line = raw.trim()
    if (line === '') continue
    if (joined === '') joined = line
    else joined += (isCjkSide(joined, 'end') && isCjkSide(line, 'start') ? '' : ' ') + line
  }
  return joined
}

/** Trims and turns every run of white space (including U+3000 and line breaks) into one ASCII space. */
export function collapseSpaces (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u
/** Punctuation shared by Chinese and English text: it takes the script of the character next to it. */
const SHARED_PUNCTUATION = /[“”‘’…—·]/u

/** Whether the text at its `end` (or `start`) is CJK, looking past shared punctuation such as `”`. */
function isCjkSide (text: string, side: 'start' | 'end'): boolean {
  const chars = [...text]
  if (side === 'end') chars.reverse()
  for (const char of chars) {
    if (SHARED_PUNCTUATION.test(char)) continue
    return CJK.test(char)
  }
  // Only shared punctuation: in a Chinese corpus that is far more likely Chinese.
  return true
}
