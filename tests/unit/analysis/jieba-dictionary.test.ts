import { readFileSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dictionarySummary, jiebaModelFiles, readJiebaModel } from '../../../src/analysis/segment/chinese-segmenter.js'
import { summarizeDictionary } from '../../../src/analysis/segment/jieba-dictionary.js'
import { NODEJIEBA_DICTIONARY_SUMMARY } from '../../../src/analysis/segment/jieba-dictionary-summary.js'
import { parseJiebaModel, partialJiebaModel } from '../../../src/analysis/segment/jieba-model.js'

/*
 * A fresh `zhsearch search` cuts its query with the words its characters start, found by
 * binary search in Jieba's dictionary file, and the dictionary's constants from a summary
 * kept for the installed file (jieba-dictionary-summary.ts): no scan of 350,000 lines. The
 * words and constants must be those of a scan of the whole file, for any file.
 */
const encoder = new TextEncoder()

/** What a plain reading of a dictionary gives: each line with a word and a frequency above 0, the last of a word winning. */
function readPlainly (text: string): { words: Map<string, number>, entries: number, sum: number, min: number, median: number, longest: number } {
  const words = new Map<string, number>()
  const values: number[] = []
  let longest = 1
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ')
    if (space <= 0) continue
    const digits = /^\d*/.exec(line.slice(space + 1))![0]
    const value = digits === '' ? 0 : Number(digits)
    if (!(value > 0)) continue
    const word = line.slice(0, space)
    words.set(word, value)
    values.push(value)
    longest = Math.max(longest, word.length)
  }
  const sorted = [...values].sort((a, b) => a - b)
  return { words, entries: values.length, sum: values.reduce((a, b) => a + b, 0), min: Math.min(...values), median: sorted[Math.floor(sorted.length / 2)]!, longest }
}

const NO_HMM = '0 0 0 0\n' + '0 0 0 0\n'.repeat(4) + 'a:0\n'.repeat(4)

describe("Jieba's dictionary read by binary search", () => {
  it('keeps the summary of the installed nodejieba\'s dictionary (else: npm run write:kept-tables)', () => {
    const bytes = readFileSync(jiebaModelFiles().dictionary)
    expect(summarizeDictionary(bytes, crc32(bytes))).toEqual(NODEJIEBA_DICTIONARY_SUMMARY)
    expect(dictionarySummary(bytes)).toBe(NODEJIEBA_DICTIONARY_SUMMARY)
  })

  it('scans a dictionary that is not the installed one', () => {
    const bytes = encoder.encode('工会 20 n\n职工 10 n\n')
    const summary = dictionarySummary(bytes)
    expect(summary).not.toBe(NODEJIEBA_DICTIONARY_SUMMARY)
    expect(summary).toMatchObject({ bytes: bytes.length, crc32: crc32(bytes), entries: 2, frequencySum: 30, minFrequency: 10, medianFrequency: 20, maxWordLength: 2 })
  })

  it('finds every word and constant a scan finds, in files out of order, with repeated words, bad lines and four-byte characters', () => {
    const char = fc.constantFrom(...'工会职员𠀀𪚥ab的了')
    const line = fc.oneof(
      { weight: 8, arbitrary: fc.tuple(fc.array(char, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 40 })).map(([chars, frequency]) => `${chars.join('')} ${frequency} n`) },
      { weight: 1, arbitrary: fc.constantFrom('', '工会', ' 5 n', '工 x n', '职工 7') },
    )
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.boolean(), (lines, sort) => {
      const text = (sort ? [...lines].sort() : lines).join('\n')
      const plain = readPlainly(text)
      fc.pre(plain.words.size > 0)
      const bytes = encoder.encode(text)
      const summary = summarizeDictionary(bytes, 0)
      expect(summary).toMatchObject({ entries: plain.entries, frequencySum: plain.sum, minFrequency: plain.min, medianFrequency: plain.median, maxWordLength: plain.longest })
      const model = partialJiebaModel({ dictionary: bytes, userDictionary: '', hmm: NO_HMM }, summary)
      const lookup = model.lookup([...plain.words.keys()].join(''))
      for (const [word, frequency] of plain.words) expect(lookup.weight(word), word).toBe(Math.log(frequency / plain.sum))
      expect(lookup.weight('会工职员的')).toBe(plain.words.has('会工职员的') ? Math.log(plain.words.get('会工职员的')! / plain.sum) : undefined)
    }), { numRuns: 300, seed: 7 })
  })

  it("reads a character's HMM emissions as the whole model's parse has them", () => {
    const texts = readJiebaModel(jiebaModelFiles())
    const whole = parseJiebaModel({ dictionary: '的 1 u', userDictionary: '', hmm: texts.hmm })
    const bytes = encoder.encode('的 1 u\n')
    const partial = partialJiebaModel({ dictionary: bytes, userDictionary: '', hmm: texts.hmm }, summarizeDictionary(bytes, 0))
    const lookup = partial.lookup('的')
    // Every fifth character of the model's (each is a search through 500 KB of text).
    const chars = [...whole.emissions.keys()].filter((_, i) => i % 5 === 0)
    expect(new Map(chars.map(char => [char, lookup.emissions(char)]))).toEqual(new Map(chars.map(char => [char, whole.emissions.get(char)])))
    expect(lookup.emissions('𪚥')).toBeUndefined()
    expect(partial.constants.start).toEqual(whole.start)
    expect(partial.constants.transitions).toEqual(whole.transitions)
  })
})
