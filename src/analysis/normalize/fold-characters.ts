import { foldCase } from './latin-case.js'
import { NormalizedTextBuilder, type NormalizedText } from './normalized-text.js'
import { foldWidth } from './unicode-width.js'

/**
 * Character folds, applied in this order to each character cluster (a base character and
 * the combining marks after it). Width first: NFKC turns `Ａ` into `A`, which case folding
 * then lowers; the other order would leave full-width capitals alone.
 */
const CHARACTER_FOLDS: ReadonlyArray<(cluster: string) => string> = [foldWidth, foldCase]

const COMBINING_MARK = /\p{M}/u

/** True for code points no fold changes: ASCII lowercase, digits and the main CJK block. */
function isStable (code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code < 0x80 && !(code >= 0x41 && code <= 0x5a))
}

/**
 * Applies the character folds to `text`, keeping for every output unit the original span
 * it came from. Clusters are folded one at a time, so each output character maps to the
 * cluster that produced it.
 */
export function foldCharacters (text: string): NormalizedText {
  const builder = new NormalizedTextBuilder(text)
  let i = 0
  while (i < text.length) {
    const code = text.codePointAt(i)!
    if (isStable(code)) {
      // Fast path for the bulk of Chinese text and ASCII: no fold changes these.
      let j = i + 1
      while (j < text.length && isStable(text.charCodeAt(j)) && !isHighSurrogate(text.charCodeAt(j))) j++
      builder.pushOriginal(i, j)
      i = j
      continue
    }
    let end = i + (code > 0xffff ? 2 : 1)
    while (end < text.length) {
      const next = text.codePointAt(end)!
      if (!COMBINING_MARK.test(String.fromCodePoint(next))) break
      end += next > 0xffff ? 2 : 1
    }
    let cluster = text.slice(i, end)
    for (const fold of CHARACTER_FOLDS) cluster = fold(cluster)
    if (cluster === text.slice(i, end)) builder.pushOriginal(i, end)
    else builder.push(cluster, i, end)
    i = end
  }
  return builder.build()
}

function isHighSurrogate (code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
