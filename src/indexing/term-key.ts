/*
 * MiniSearch keeps its terms in a radix tree whose nodes find a child by scanning all of
 * their children. With Chinese terms the root alone has thousands of children (one per
 * leading character), and indexing spent nearly all of its time in that scan. Spelling
 * each non-ASCII character as three characters from small ranges caps every node at 128
 * children. The spelling is one-to-one and prefix-preserving (a term's prefix spells to
 * a prefix of its key), so exact and prefix lookups work unchanged.
 */

const HIGH = 0x100 // 0x100–0x143: code point bits 14–20
const MIDDLE = 0x180 // 0x180–0x1ff: bits 7–13
const LOW = 0x200 // 0x200–0x27f: bits 0–6

/** The radix-tree key of a term. ASCII stays as it is. */
export function encodeTerm (term: string): string {
  let key = ''
  for (let i = 0; i < term.length; i++) {
    const code = term.codePointAt(i)!
    if (code < 0x80) {
      key += term[i]
      continue
    }
    if (code > 0xffff) i++
    key += String.fromCharCode(HIGH + (code >> 14), MIDDLE + ((code >> 7) & 0x7f), LOW + (code & 0x7f))
  }
  return key
}

/** The term a radix-tree key spells. */
export function decodeTerm (key: string): string {
  let term = ''
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i)
    if (code < 0x80) {
      term += key[i]
      continue
    }
    term += String.fromCodePoint(((code - HIGH) << 14) | ((key.charCodeAt(i + 1) - MIDDLE) << 7) | (key.charCodeAt(i + 2) - LOW))
    i += 2
  }
  return term
}
