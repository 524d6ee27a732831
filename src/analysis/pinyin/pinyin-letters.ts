/** The two ways a word is spelled in pinyin, and the two pinyin tables of a segment: full pinyin (gonghui) and initials (gh). */
export type PinyinKind = 'full' | 'initials'

/** ü as NFD leaves it: u and a combining diaeresis (before the tone marks are removed with it). */
const DECOMPOSED_U_UMLAUT = /u\u0308/g
/** Combining marks left by NFD: the pinyin tone marks (and anything else above a letter). */
const COMBINING_MARKS = /[\u0300-\u036f]/g
/** What readers put between syllables: spaces and apostrophes (xi'an, xi’an). */
const SEPARATORS = /[\s'’‘`]/g
/** ü typed as u after l and n where it can only be ü (lue, nue: 略, 虐), in IMEs' spelling. */
const U_FOR_UMLAUT = /([ln])ue/g

/**
 * Typed text as the pinyin tables spell it (see word-pinyin.ts): NFKC (full-width
 * letters), lowercase, tone marks removed (gōnghuì → gonghui), ü as v (lǜshī and lüshi
 * → lvshi; lue → lve), spaces and apostrophes removed (gong hui, xi'an). Undefined when
 * anything but the letters a–z remains (digits, Han characters, punctuation) or nothing
 * does.
 */
export function pinyinLetters (text: string): string | undefined {
  const letters = text.normalize('NFKC').toLowerCase().normalize('NFD')
    .replace(DECOMPOSED_U_UMLAUT, 'v')
    .replace(COMBINING_MARKS, '')
    .replace(SEPARATORS, '')
    .replace(U_FOR_UMLAUT, '$1ve')
  return /^[a-z]+$/.test(letters) ? letters : undefined
}
