import { type DictionarySummary, forEachWordStarting } from './jieba-dictionary.js'
import type { JiebaConstants, JiebaLookup } from './jieba-port.js'

/**
 * nodejieba's model read from its files, the way cppjieba reads them (DictTrie.hpp,
 * HMMModel.hpp): whole, for an export to ship what the browser's cut needs (jieba-port.ts),
 * or only the words a query's characters start (partialJiebaModel), for a process that cuts
 * queries without loading Jieba.
 */
export interface JiebaModel {
  /** Frequency of each dictionary word (the last entry of a word wins, as in cppjieba's trie); -1 for a user word given none (it weighs the median). */
  frequencies: Map<string, number>
  /** The sum of the main dictionary's frequencies, entries repeated included (user words add nothing). */
  frequencySum: number
  minFrequency: number
  medianFrequency: number
  userSingleCharacters: string[]
  start: number[]
  transitions: number[]
  /** Per character, its log emission probability in B, E, M, S (null where the model has none). */
  emissions: Map<string, Array<number | null>>
  maxWordLength: number
}

/** The model's files as text: the dictionary, the user dictionary, the HMM. */
export interface JiebaModelTexts {
  dictionary: string
  userDictionary: string
  hmm: string
}

export function parseJiebaModel (texts: JiebaModelTexts): JiebaModel {
  const frequencies = new Map<string, number>()
  const main: number[] = []
  let frequencySum = 0
  for (const line of texts.dictionary.split('\n')) {
    if (line === '') continue
    const [word, frequency] = line.split(' ')
    const value = Number.parseFloat(frequency ?? '')
    if (word === undefined || word === '' || !(value > 0)) throw new Error(`jieba dictionary line ${JSON.stringify(line)} is not "word frequency tag"`)
    frequencies.set(word, value)
    main.push(value)
    frequencySum += value
  }
  const sorted = main.slice().sort((a, b) => a - b)
  const userSingleCharacters: string[] = []
  for (const line of texts.userDictionary.split('\n')) {
    if (line === '') continue
    const parts = line.split(' ')
    const word = parts[0]!
    frequencies.set(word, parts.length === 3 ? Number.parseInt(parts[1]!, 10) : -1)
    if ([...word].length === 1) userSingleCharacters.push(word)
  }
  const lines = modelLines(texts.hmm)
  const emissions = new Map<string, Array<number | null>>()
  lines.slice(5, 9).forEach((line, state) => {
    for (const pair of line.split(',')) {
      const colon = pair.lastIndexOf(':')
      const char = pair.slice(0, colon)
      const entry = emissions.get(char) ?? [null, null, null, null]
      entry[state] = Number.parseFloat(pair.slice(colon + 1))
      emissions.set(char, entry)
    }
  })
  let maxWordLength = 1
  for (const word of frequencies.keys()) maxWordLength = Math.max(maxWordLength, [...word].length)
  return {
    frequencies,
    frequencySum,
    minFrequency: sorted[0]!,
    medianFrequency: sorted[Math.floor(sorted.length / 2)]!,
    userSingleCharacters,
    start: numbersOf(lines[0]),
    transitions: lines.slice(1, 5).flatMap(numbersOf),
    emissions,
    maxWordLength,
  }
}

/** The model's files for partialJiebaModel: the dictionary as bytes, the others as text. */
export interface JiebaModelBytes {
  dictionary: Uint8Array
  userDictionary: string
  hmm: string
}

/**
 * What the cut of queries reads of nodejieba's model, without building all of it: the
 * constants (from the dictionary's summary, jieba-dictionary.ts), and the dictionary words
 * and HMM emissions of the characters of the texts cut so far, each read from the files the
 * first time a character is asked for. Words as `parseJiebaModel` has them (the last entry
 * of a word wins; user words after the dictionary), so the cut is the one over the whole
 * model: a word of a text starts with one of its characters.
 */
export function partialJiebaModel (files: JiebaModelBytes, summary: DictionarySummary): { constants: JiebaConstants, lookup: (text: string) => JiebaLookup } {
  const users = files.userDictionary.split('\n').filter(line => line !== '').map(line => line.split(' '))
  let maxWordLength = summary.maxWordLength
  for (const [word] of users) maxWordLength = Math.max(maxWordLength, word!.length)
  const hmm = lazyHmm(files.hmm)
  const constants: JiebaConstants = {
    minWeight: Math.log(summary.minFrequency / summary.frequencySum),
    start: hmm.start,
    transitions: hmm.transitions,
    userSingleCharacters: new Set(users.map(([word]) => word!).filter(word => [...word].length === 1)),
    // In UTF-16 units, at least the longest word in characters: the cut only tries more candidates.
    maxWordLength,
  }
  const decoder = new TextDecoder()
  const words = new Map<string, number>()
  const read = new Set<number>()
  const readWordsStarting = (wanted: ReadonlySet<number>): void => {
    for (const code of wanted) {
      forEachWordStarting(files.dictionary, summary.sortedRuns, code, (wordStart, wordEnd, frequency) => {
        words.set(decoder.decode(files.dictionary.subarray(wordStart, wordEnd)), frequency)
      })
    }
    for (const parts of users) {
      const word = parts[0]!
      if (wanted.has(word.codePointAt(0)!)) words.set(word, parts.length === 3 ? Number.parseInt(parts[1]!, 10) : -1)
    }
  }
  const lookup: JiebaLookup = {
    weight: word => {
      const frequency = words.get(word)
      return frequency === undefined ? undefined : Math.log((frequency < 0 ? summary.medianFrequency : frequency) / summary.frequencySum)
    },
    emissions: hmm.emissions,
  }
  return {
    constants,
    lookup: text => {
      const wanted = new Set<number>()
      for (const char of text) {
        const code = char.codePointAt(0)!
        if (!read.has(code)) wanted.add(code)
      }
      if (wanted.size > 0) {
        readWordsStarting(wanted)
        for (const code of wanted) read.add(code)
      }
      return lookup
    },
  }
}

/**
 * The HMM of `parseJiebaModel`, with a character's emissions found in the four emission
 * lines when first asked for (the last `char:value` pair of a line wins, as in the whole
 * parse) instead of a map of every character built first.
 */
function lazyHmm (hmm: string): Pick<JiebaConstants, 'start' | 'transitions'> & Pick<JiebaLookup, 'emissions'> {
  const lines = modelLines(hmm)
  const emissionLines = lines.slice(5, 9)
  const known = new Map<string, Array<number | null> | undefined>()
  return {
    start: numbersOf(lines[0]),
    transitions: lines.slice(1, 5).flatMap(numbersOf),
    emissions: char => {
      if (!known.has(char)) {
        // A pair's character holds no comma (the whole parse splits the line at commas).
        const entry = char.includes(',') ? [null, null, null, null] : emissionLines.map(line => emissionIn(line, char))
        known.set(char, entry.every(value => value === null) ? undefined : entry)
      }
      return known.get(char)
    },
  }
}

/** The value of the last `char:value` pair of an emission line for `char`, null when it has none. */
function emissionIn (line: string, char: string): number | null {
  const key = `${char}:`
  let at = line.lastIndexOf(`,${key}`)
  if (at >= 0) at += 1
  else if (line.startsWith(key)) at = 0
  else return null
  const from = at + key.length
  const end = line.indexOf(',', from)
  return Number.parseFloat(line.slice(from, end < 0 ? line.length : end))
}

/** The HMM file's lines that hold numbers (comments and blank lines left out). */
function modelLines (hmm: string): string[] {
  return hmm.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
}

/** A line of numbers separated by spaces. */
function numbersOf (line: string | undefined): number[] {
  return (line ?? '').split(' ').map(Number.parseFloat)
}
