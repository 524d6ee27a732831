import { splitScriptRuns } from '../../analysis/segment/script-runs.js'
import { bucketKey, bucketOf, type CharacterPlace, TOP_COMPLETIONS, type TermEntry, type VocabularyBucket, type WordCount } from '../format.js'
import type { JiebaModel } from '../../analysis/segment/jieba-model.js'
import { INLINE_LENGTH_DOCUMENTS } from './term-chunks.js'
import type { WordPostings } from './word-postings.js'

/** What the vocabulary is made of. */
export interface VocabularyInput {
  /** Every index term (words, characters, pairs) with its chunk (-1: no word). */
  chunks: ReadonlyMap<string, number>
  words: ReadonlyMap<string, WordPostings>
  characters: ReadonlyMap<string, CharacterPlace>
  positions: ReadonlyMap<string, CharacterPlace>
  jieba: JiebaModel
  /** Documents per words file (StaticManifest.lengthChunkDocuments). */
  lengthDocuments: number
}

/**
 * The vocabulary cut into `count` buckets by the first one or two characters of each key
 * (bucketKey, bucketOf): all a query needs to be split like the server splits it (Jieba's
 * words and emissions of its characters and pairs) and to find its terms is in the buckets
 * of its characters and adjacent pairs.
 */
export function vocabularyBuckets (input: VocabularyInput, count: number): VocabularyBucket[] {
  const buckets = Array.from({ length: count }, (): VocabularyBucket => ({ terms: {}, jieba: {}, emissions: {}, completions: {} }))
  const bucket = (key: string): VocabularyBucket => buckets[bucketOf(bucketKey(key), count)]!
  for (const [term, chunk] of input.chunks) {
    const word = input.words.get(term)
    const place = input.characters.get(term)
    const positions = input.positions.get(term)
    const entry: TermEntry = [chunk, word?.wholeDocs ?? 0, word?.allDocs ?? 0]
    const lengthFiles = chunk >= 0 && word !== undefined && word.docs.length > INLINE_LENGTH_DOCUMENTS ? filesOf(word.docs, input.lengthDocuments) : undefined
    if (place !== undefined || positions !== undefined || lengthFiles !== undefined) entry.push(place ?? null)
    if (positions !== undefined || lengthFiles !== undefined) entry.push(positions ?? null)
    if (lengthFiles !== undefined) entry.push(lengthFiles)
    bucket(term).terms[term] = entry
  }
  for (const [word, frequency] of input.jieba.frequencies) if (isHanWord(word)) bucket(word).jieba[word] = frequency
  for (const [char, emissions] of input.jieba.emissions) bucket(char).emissions[char] = emissions
  for (const [char, words] of completionsByCharacter(input.words)) bucket(char).completions[char] = words
  return buckets
}

/** The files of `size` documents each that hold some of these documents (ascending), by number. */
function filesOf (docs: Int32Array, size: number): number[] {
  const files: number[] = []
  for (const doc of docs) {
    const file = Math.floor(doc / size)
    if (files[files.length - 1] !== file) files.push(file)
  }
  return files
}

/** How many buckets hold about `targetBytes` of vocabulary each. */
export function vocabularyBucketCount (input: VocabularyInput, targetBytes: number): number {
  let bytes = 0
  for (const term of input.chunks.keys()) bytes += term.length * 3 + 24
  for (const word of input.jieba.frequencies.keys()) bytes += word.length * 3 + 8
  bytes += input.jieba.emissions.size * 90
  return Math.max(1, Math.ceil(bytes / targetBytes))
}

/** For each first character, the words that start with it (not the character itself), most used as whole words first. */
function completionsByCharacter (words: ReadonlyMap<string, WordPostings>): Map<string, WordCount[]> {
  const byCharacter = new Map<string, WordCount[]>()
  for (const [word, postings] of words) {
    if (postings.wholeDocs === 0) continue
    const first = String.fromCodePoint(word.codePointAt(0)!)
    if (first === word) continue
    const list = byCharacter.get(first) ?? []
    list.push([word, postings.wholeDocs, postings.allDocs])
    byCharacter.set(first, list)
  }
  for (const [char, list] of byCharacter) {
    list.sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    byCharacter.set(char, list.slice(0, TOP_COMPLETIONS))
  }
  return byCharacter
}

/** A word made only of Han characters: the only ones Jieba is ever given (the analyzer cuts runs). */
function isHanWord (word: string): boolean {
  const runs = splitScriptRuns(word)
  return runs.length === 1 && runs[0]!.kind === 'han' && runs[0]!.text === word
}
