import { createRequire } from 'node:module'
import { PINYIN_SYLLABLES } from './pinyin-syllables.js'

/** The pinyin of a word, the way readers type it to find that word. */
export interface WordPinyin {
  /** Its syllables without tones, joined, ü as v: 工会 → gonghui, 律师 → lvshi. */
  full: string
  /** The first letter of each syllable (工会 → gh); only for words of two characters or more. */
  initials?: string
}

interface PinyinPro {
  pinyin (text: string, options: { toneType: 'none', type: 'array', v: true }): string[]
}

let pinyinPro: PinyinPro | undefined

/**
 * pinyin-pro, loaded on first use: its dictionaries take about 0.2 s to load, which only a
 * process that builds segments needs to pay (searches read the pinyin stored in them).
 */
function loadPinyinPro (): PinyinPro {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as PinyinPro
  return pinyinPro
}

const HAN_WORD = /^\p{Script=Han}+$/u

/**
 * The pinyin of words already read on this thread: every segment a thread builds has most
 * of its words in common with the one before (the news words of a month, say), and reading
 * a word costs pinyin-pro far more than a lookup. Bounded: cleared when full.
 */
const known = new Map<string, WordPinyin | null>()
const KNOWN_LIMIT = 300_000

/**
 * The pinyin of a word of Han characters (pinyin-pro, which reads the word as a whole, so
 * that a character with several readings gets the one of this word: 重庆 → chong qing,
 * 银行 → yin hang). Undefined for a word with other characters, or with a character whose
 * reading is not a syllable of PINYIN_SYLLABLES (a rare character pinyin-pro does not
 * know, which it gives back unchanged, or an interjection such as 嗯).
 */
export function wordPinyin (word: string): WordPinyin | undefined {
  const seen = known.get(word)
  if (seen !== undefined) return seen ?? undefined
  const pinyin = readPinyin(word)
  if (known.size >= KNOWN_LIMIT) known.clear()
  known.set(word, pinyin ?? null)
  return pinyin
}

function readPinyin (word: string): WordPinyin | undefined {
  if (!HAN_WORD.test(word)) return undefined
  const syllables = loadPinyinPro().pinyin(word, { toneType: 'none', type: 'array', v: true })
  if (!syllables.every(syllable => PINYIN_SYLLABLES.has(syllable))) return undefined
  const full = syllables.join('')
  return syllables.length < 2 ? { full } : { full, initials: syllables.map(syllable => syllable[0]).join('') }
}
