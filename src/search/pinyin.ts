import { pinyinLetters, type PinyinKind } from '../analysis/pinyin/pinyin-letters.js'
import { splitsIntoSyllables } from '../analysis/pinyin/pinyin-syllables.js'
import type { WordUses } from './postings.js'

/** Where the words a pinyin key spells are looked up: a backend's pinyin tables (SearchContext.spelled). */
export interface PinyinTables {
  /** The words whose key in a table is `letters` (or, with `prefix`, starts with them), with their live uses. */
  spelled (kind: PinyinKind, letters: string, prefix: boolean): Promise<Map<string, WordUses>>
}

/** Text a reader typed, read as pinyin. */
export interface PinyinQuery {
  /** The text as the pinyin tables spell keys: a–z, no tones, ü as v, no spaces or apostrophes. */
  letters: string
  /** The letters split into pinyin syllables (gonghui = gong·hui; xian = xian or xi·an): they may be a word's full pinyin. */
  full: boolean
  /** 2–6 letters: they may be the initials of a word's syllables (gh for 工会). */
  initials: boolean
}

/**
 * Most words pinyinWords gives for a text. Full pinyin of two syllables or more names few
 * words (its homophones: gonghui → 工会, 公会), which 8 covers; a single syllable names
 * dozens (shi → 是, 时, 事, 市, …), of which the 8 most used are nearly always the one meant.
 */
export const PINYIN_WORDS_LIMIT = 8

/**
 * Most words pinyinWords gives for initials, fewer than for full pinyin: initials are far
 * more ambiguous (gh → 工会, 规划, 国会, 光辉, 关怀, …), and every word added to a search
 * brings articles about something else; the 5 most used cover what is usually meant.
 */
export const PINYIN_INITIALS_LIMIT = 5

/** Letters of an initials query: one a character, for words of 2 to 6 characters. */
const INITIALS_LETTERS = { min: 2, max: 6 }

/** Shortest prefix that suggestions read as pinyin: one letter starts too many words to choose from. */
const PINYIN_PREFIX_MIN_LETTERS = 2

/**
 * Reads typed text as pinyin: full pinyin with or without spaces and tones (`gong hui`,
 * `gōnghuì`, `lǜshī`, `lvshi`) or initials (`gh`). Undefined when the text is not pinyin:
 * something other than letters (digits, Han characters), or letters that neither split
 * into syllables nor are 2–6 long (`hello world`). Real Latin words can read as pinyin
 * (`long`, `api` = a·pi): the caller ranks the literal matches first.
 */
export function readPinyin (text: string): PinyinQuery | undefined {
  const letters = pinyinLetters(text)
  if (letters === undefined) return undefined
  const full = splitsIntoSyllables(letters)
  const initials = letters.length >= INITIALS_LETTERS.min && letters.length <= INITIALS_LETTERS.max
  return full || initials ? { letters, full, initials } : undefined
}

/**
 * The words of the index that the text spells in pinyin, those held as a whole word by
 * the most articles first (then those held by the most articles at all, for words seen
 * only inside longer ones: 青年 of 青年干部; ties by the word). Words whose full pinyin is
 * the text come first; initials are used only when no word has the text as its full
 * pinyin, since text that spells a word in full means that word (`long` is 龙, not a
 * word with initials l·o·n·g). At most `limit` words, and at most PINYIN_INITIALS_LIMIT of
 * them by initials. Empty when the text is not pinyin (see readPinyin) or spells no word
 * of the index.
 */
export async function pinyinWords (tables: PinyinTables, text: string, limit = PINYIN_WORDS_LIMIT): Promise<string[]> {
  const query = readPinyin(text)
  if (query === undefined || limit <= 0) return []
  if (query.full) {
    const words = mostUsed(await tables.spelled('full', query.letters, false), limit)
    if (words.length > 0) return words
  }
  return query.initials ? mostUsed(await tables.spelled('initials', query.letters, false), Math.min(limit, PINYIN_INITIALS_LIMIT)) : []
}

/**
 * Completions of a prefix read as pinyin (`jiaoz` → 饺子, `gh` → 工会, `zhig` → 职工): the
 * whole words of two characters or more whose full pinyin or initials start with its
 * letters, those held as a whole word by the most articles first. Never a word seen only
 * inside longer ones, as for the literal completions; and never a single character: every
 * syllable has dozens, which would crowd out the words. Empty for a prefix of fewer than
 * two letters or of anything but letters.
 */
export async function pinyinCompletions (tables: PinyinTables, prefix: string, limit: number): Promise<string[]> {
  const letters = pinyinLetters(prefix)
  if (letters === undefined || letters.length < PINYIN_PREFIX_MIN_LETTERS || limit <= 0) return []
  const [full, initials] = await Promise.all([tables.spelled('full', letters, true), tables.spelled('initials', letters, true)])
  const words = new Map(full)
  for (const [word, uses] of initials) words.set(word, uses)
  for (const [word, uses] of words) if (uses.whole === 0 || isOneCharacter(word)) words.delete(word)
  return mostUsed(words, limit)
}

/** The `limit` most used words: most whole-word uses first, then most uses, then shorter, then in code-unit order. */
function mostUsed (words: ReadonlyMap<string, WordUses>, limit: number): string[] {
  return [...words]
    .sort(([a, usesA], [b, usesB]) => usesB.whole - usesA.whole || usesB.all - usesA.all || a.length - b.length || (a < b ? -1 : 1))
    .slice(0, limit)
    .map(([word]) => word)
}

function isOneCharacter (word: string): boolean {
  return word.length === 1 || (word.length === 2 && word.codePointAt(0)! > 0xffff)
}
