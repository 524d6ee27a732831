import { createRequire } from 'node:module'

/** A word cut from Chinese text, with its offset in that text. */
export interface Segment {
  word: string
  start: number
  /** False for a dictionary word found inside a longer word (cutForIndex only). */
  whole?: boolean
}

/** Cuts a run of Chinese text into words. Words concatenate back to the input. */
export interface ChineseSegmenter {
  /** The words of `text`, in order; their concatenation is exactly `text`. */
  cut (text: string): Segment[]
  /**
   * The words of `text` plus the dictionary words inside its longer words
   * (北京市总工会 → 北京, 北京市, 总工会, 工会, …), for the index: a query for 工会
   * then matches 北京市总工会 as a word, not only as characters.
   */
  cutForIndex (text: string): Segment[]
}

interface Jieba {
  load (options?: { userDict?: string }): void
  cut (sentence: string, hmm?: boolean): string[]
  cutForSearch (sentence: string, hmm?: boolean): string[]
  insertWord (word: string, tag?: string): boolean
}

let jieba: Jieba | undefined
const insertedWords = new Set<string>()

/**
 * nodejieba, loaded on first use: its dictionary takes about a second to load, so a
 * process that never segments never pays for it, and one that does pays once.
 */
function loadJieba (): Jieba {
  if (jieba === undefined) {
    const require = createRequire(import.meta.url)
    const loaded = require('nodejieba') as Jieba
    loaded.load()
    jieba = loaded
  }
  return jieba
}

/**
 * Jieba (nodejieba) with its hidden Markov model on, so that names and words missing from
 * the dictionary (天岳恒) come out whole. Only ever given Han text: digits and Latin words
 * are cut by the analyzer before this, since Jieba would split `2025` into single digits.
 *
 * Jieba's dictionary is one per process: the user words of every segmenter created in a
 * process are added to it, and none is removed.
 */
export function createChineseSegmenter (options: { userWords?: readonly string[] } = {}): ChineseSegmenter {
  let ready = false
  const init = (): Jieba => {
    const j = loadJieba()
    if (!ready) {
      for (const word of options.userWords ?? []) {
        if (!insertedWords.has(word)) {
          j.insertWord(word)
          insertedWords.add(word)
        }
      }
      ready = true
    }
    return j
  }

  const cut = (text: string): Segment[] => {
    const words = init().cut(text, true)
    const segments: Segment[] = []
    let offset = 0
    for (const word of words) {
      segments.push({ word, start: offset })
      offset += word.length
    }
    return segments
  }

  const cutForIndex = (text: string): Segment[] => {
    const j = init()
    const words = j.cut(text, true)
    if (!words.some(word => word.length > 2)) return cut(text).map(segment => ({ ...segment, whole: true }))
    // cutForSearch emits, for each word of cut(), the dictionary words inside it and then
    // the word itself; walking both lists together gives every emitted word its offset.
    const emitted = j.cutForSearch(text, true)
    const segments: Segment[] = []
    let index = 0
    let offset = 0
    for (const word of emitted) {
      const whole = words[index]
      if (whole === undefined) break
      if (word === whole) {
        segments.push({ word, start: offset, whole: true })
        offset += whole.length
        index++
        continue
      }
      const inner = whole.indexOf(word)
      if (inner >= 0) segments.push({ word, start: offset + inner, whole: false })
    }
    // Should cutForSearch ever disagree with cut, fall back to the plain cut for the rest.
    for (; index < words.length; index++) {
      segments.push({ word: words[index]!, start: offset, whole: true })
      offset += words[index]!.length
    }
    return segments
  }

  return { cut, cutForIndex }
}
