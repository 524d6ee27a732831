import { NormalizedTextBuilder, type NormalizedText, identityNormalized } from './normalized-text.js'

/** A traditional → simplified conversion of a whole text (OpenCC's, phrase by phrase). */
export type ConvertChinese = (text: string) => string

const HAN = /\p{Script=Han}/u

/**
 * Traditional → simplified Chinese with a converter (溫暖 → 温暖, 頭髮 → 头发), so that
 * either form finds the other. OpenCC converts phrase by phrase; almost every conversion
 * keeps the length, and then each character maps to itself. Where a phrase changes length,
 * that text is converted character by character instead, so the offset map stays exact.
 * The same steps whichever tables the converter holds (all of OpenCC's on the server, the
 * part an index needs in the browser).
 */
export function simplifyText (text: string, convert: ConvertChinese): NormalizedText {
  if (!HAN.test(text)) return identityNormalized(text)
  const converted = convert(text)
  if (converted.length === text.length) {
    const result = identityNormalized(text)
    return { ...result, text: converted }
  }
  const builder = new NormalizedTextBuilder(text)
  let i = 0
  while (i < text.length) {
    const width = text.codePointAt(i)! > 0xffff ? 2 : 1
    builder.push(convert(text.slice(i, i + width)), i, i + width)
    i += width
  }
  return builder.build()
}
