import type { DictionarySummary } from './jieba-dictionary.js'

/**
 * The summary of nodejieba@3.5.8's jieba.dict.utf8, written by `npm run write:kept-tables`
 * (scripts/write-kept-tables.ts). Used only for a file of this size and CRC-32; another is scanned.
 */
export const NODEJIEBA_DICTIONARY_SUMMARY: DictionarySummary = {
  bytes: 5071204,
  crc32: 3337967450,
  entries: 348982,
  frequencySum: 60101983,
  minFrequency: 2,
  medianFrequency: 3,
  maxWordLength: 16,
  sortedRuns: [0, 27, 44],
}
