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
  const lines = texts.hmm.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('#'))
  const numbers = (line: string | undefined): number[] => (line ?? '').split(' ').map(Number.parseFloat)
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
    start: numbers(lines[0]),
    transitions: lines.slice(1, 5).flatMap(numbers),
    emissions,
    maxWordLength,
  }
}

/**
 * What the cut of queries reads of nodejieba's model, without building all of it: the
 * constants (one scan of the dictionary's frequencies), the HMM, and the dictionary words
 * that start with the characters of the texts cut so far, read from the dictionary's text
 * for each character the first time it is asked for. Words as `parseJiebaModel` has them
 * (the last entry of a word wins; user words after the dictionary), so the cut is the one
 * over the whole model: a word of a text starts with one of its characters.
 */
export function partialJiebaModel (texts: JiebaModelTexts): { constants: JiebaConstants, lookup: (text: string) => JiebaLookup } {
  const { dictionary } = texts
  const main = new Float64Array(dictionary.length >> 3)
  let count = 0
  let frequencySum = 0
  let maxWordLength = 1
  // Where the entries of each first character are, for the words of a character to be read
  // alone later: runs of lines (start, end), one or two per character, since the dictionary
  // is nearly sorted (not a position per line: 350,000 of them).
  const runsOf = new Map<number, number[]>()
  let runFirst = -1
  let runStart = 0
  const endRun = (end: number): void => {
    if (runFirst < 0) return
    const runs = runsOf.get(runFirst)
    if (runs === undefined) runsOf.set(runFirst, [runStart, end])
    else runs.push(runStart, end)
  }
  forEachEntry(dictionary, (wordEnd, lineStart, value) => {
    main[count++] = value
    frequencySum += value
    maxWordLength = Math.max(maxWordLength, wordEnd - lineStart)
    const first = dictionary.codePointAt(lineStart)!
    if (first !== runFirst) {
      endRun(lineStart)
      runFirst = first
      runStart = lineStart
    }
  })
  endRun(dictionary.length)
  const frequencies = main.subarray(0, count)
  let minFrequency = Number.POSITIVE_INFINITY
  for (const value of frequencies) if (value < minFrequency) minFrequency = value
  const users = texts.userDictionary.split('\n').filter(line => line !== '').map(line => line.split(' '))
  for (const [word] of users) maxWordLength = Math.max(maxWordLength, word!.length)
  const hmm = parseJiebaModel({ dictionary: '', userDictionary: '', hmm: texts.hmm })
  // The median without sorting 350,000 numbers (a fifth of this function's time).
  const medianFrequency = nthSmallest(frequencies, Math.floor(count / 2))
  const constants: JiebaConstants = {
    minWeight: Math.log(minFrequency / frequencySum),
    start: hmm.start,
    transitions: hmm.transitions,
    userSingleCharacters: new Set(users.map(([word]) => word!).filter(word => [...word].length === 1)),
    // In UTF-16 units, at least the longest word in characters: the cut only tries more candidates.
    maxWordLength,
  }
  const words = new Map<string, number>()
  const read = new Set<number>()
  const readWordsStarting = (wanted: ReadonlySet<number>): void => {
    for (const code of wanted) {
      const runs = runsOf.get(code) ?? []
      for (let r = 0; r < runs.length; r += 2) {
        forEachEntry(dictionary, (wordEnd, lineStart, value) => { words.set(dictionary.slice(lineStart, wordEnd), value) }, runs[r], runs[r + 1])
      }
    }
    for (const parts of users) {
      const word = parts[0]!
      if (wanted.has(word.codePointAt(0)!)) words.set(word, parts.length === 3 ? Number.parseInt(parts[1]!, 10) : -1)
    }
  }
  const lookup: JiebaLookup = {
    weight: word => {
      const frequency = words.get(word)
      return frequency === undefined ? undefined : Math.log((frequency < 0 ? medianFrequency : frequency) / frequencySum)
    },
    emissions: char => hmm.emissions.get(char),
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

/** The value that sorting `values` would put at index `n` (Hoare's selection; reorders `values`). */
export function nthSmallest (values: Float64Array, n: number): number {
  let low = 0
  let high = values.length - 1
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!
    let i = low
    let j = high
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) {
        const swap = values[i]!
        values[i++] = values[j]!
        values[j--] = swap
      }
    }
    if (n <= j) high = j
    else if (n >= i) low = i
    else return values[n]!
  }
  return values[n]!
}

/** Each `word frequency tag` line of Jieba's dictionary (of the lines starting in [from, to)): where its word ends and starts, and its frequency. */
function forEachEntry (dictionary: string, visit: (wordEnd: number, lineStart: number, frequency: number) => void, from = 0, to = dictionary.length): void {
  let lineStart = from
  while (lineStart < to) {
    let lineEnd = dictionary.indexOf('\n', lineStart)
    if (lineEnd < 0) lineEnd = dictionary.length
    const wordEnd = dictionary.indexOf(' ', lineStart)
    if (wordEnd > lineStart && wordEnd < lineEnd) {
      const value = frequencyAt(dictionary, wordEnd + 1)
      if (value > 0) visit(wordEnd, lineStart, value)
    }
    lineStart = lineEnd + 1
  }
}

/** The whole number written at `from` (Jieba's frequencies are whole numbers). */
function frequencyAt (text: string, from: number): number {
  let value = 0
  for (let i = from; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 48
    if (digit < 0 || digit > 9) break
    value = value * 10 + digit
  }
  return value
}
