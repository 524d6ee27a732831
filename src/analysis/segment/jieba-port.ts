/**
 * Jieba's cut with its hidden Markov model (nodejieba's `cut(text, true)`: cppjieba's
 * MixSegment), in plain JavaScript over tables an export ships, so that the browser splits
 * a query exactly as the server's analyzer does without Jieba. The steps are cppjieba's,
 * in its order (MPSegment.hpp, HMMSegment.hpp, MixSegment.hpp): ties go the same way.
 */

/** What the cut reads of Jieba's model for one text. */
export interface JiebaLookup {
  /** The weight (log of its share of all frequencies) of a dictionary word, undefined when it is none. */
  weight (word: string): number | undefined
  /** The log emission probabilities of a character in the states B, E, M, S (null where the model has none), undefined when the model has none at all. */
  emissions (char: string): readonly (number | null)[] | undefined
}

/** The parts of Jieba's model that do not depend on the text. */
export interface JiebaConstants {
  /** The weight of a character that is no dictionary word: the smallest weight of the dictionary. */
  minWeight: number
  /** Log start probabilities of B, E, M, S. */
  start: readonly number[]
  /** Log transition probabilities, `transitions[from * 4 + to]`. */
  transitions: readonly number[]
  /** Characters that are words of the user dictionary: never handed to the HMM. */
  userSingleCharacters: ReadonlySet<string>
  /** The longest dictionary word, in characters. */
  maxWordLength: number
}

/** cppjieba's MIN_DOUBLE: the weight of what the model never saw. */
const MIN_DOUBLE = -3.14e+100
const E = 1
const S = 3
const STATES = 4

/** The words of a run of Han characters, as nodejieba's cut(text, true) gives them. */
export function jiebaCut (text: string, lookup: JiebaLookup, constants: JiebaConstants): string[] {
  const chars = [...text]
  const words: string[] = []
  const route = maxProbabilityRoute(chars, lookup, constants)
  let single: string[] = []
  const flushSingles = (): void => {
    if (single.length > 0) words.push(...hmmCut(single, lookup, constants))
    single = []
  }
  for (let i = 0; i < chars.length; i += route[i]!) {
    const length = route[i]!
    if (length === 1 && !constants.userSingleCharacters.has(chars[i]!)) {
      single.push(chars[i]!)
      continue
    }
    flushSingles()
    words.push(chars.slice(i, i + length).join(''))
  }
  flushSingles()
  return words
}

/**
 * MPSegment: for each position, the length of the word that starts the most probable
 * segmentation of the rest (CalcDP over the DAG of dictionary words, from the end; the
 * character alone first, then longer words; a later candidate wins only when strictly better).
 */
function maxProbabilityRoute (chars: readonly string[], lookup: JiebaLookup, { minWeight, maxWordLength }: JiebaConstants): Int32Array {
  const n = chars.length
  const best = new Float64Array(n + 1)
  const route = new Int32Array(n)
  for (let i = n - 1; i >= 0; i--) {
    best[i] = MIN_DOUBLE
    let word = ''
    for (let j = i; j < Math.min(n, i + maxWordLength); j++) {
      word += chars[j]!
      const weight = lookup.weight(word)
      if (weight === undefined && j > i) continue
      const value = (j + 1 < n ? best[j + 1]! : 0) + (weight ?? minWeight)
      if (value > best[i]!) {
        best[i] = value
        route[i] = j - i + 1
      }
    }
  }
  return route
}

/** HMMSegment's Viterbi over B/E/M/S: a word ends at each E or S. */
function hmmCut (chars: readonly string[], lookup: JiebaLookup, constants: JiebaConstants): string[] {
  const n = chars.length
  const weight = new Float64Array(n * STATES)
  const path = new Int8Array(n * STATES)
  const emission = (x: number, y: number): number => lookup.emissions(chars[x]!)?.[y] ?? MIN_DOUBLE
  for (let y = 0; y < STATES; y++) {
    weight[y * n] = constants.start[y]! + emission(0, y)
    path[y * n] = -1
  }
  for (let x = 1; x < n; x++) {
    for (let y = 0; y < STATES; y++) {
      const now = x + y * n
      weight[now] = MIN_DOUBLE
      path[now] = E
      const emit = emission(x, y)
      for (let from = 0; from < STATES; from++) {
        const value = weight[x - 1 + from * n]! + constants.transitions[from * STATES + y]! + emit
        if (value > weight[now]!) {
          weight[now] = value
          path[now] = from
        }
      }
    }
  }
  let state = weight[n - 1 + E * n]! >= weight[n - 1 + S * n]! ? E : S
  const states = new Int8Array(n)
  for (let x = n - 1; x >= 0; x--) {
    states[x] = state
    state = path[x + state * n]!
  }
  const words: string[] = []
  let start = 0
  for (let x = 0; x < n; x++) {
    if (states[x]! % 2 === 1) {
      words.push(chars.slice(start, x + 1).join(''))
      start = x + 1
    }
  }
  return words
}
