/**
 * nodejieba's model read from its files, the way cppjieba reads them (DictTrie.hpp,
 * HMMModel.hpp), for an export to ship what the browser's cut needs (query/jieba-cut.ts).
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
