import fc from 'fast-check'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import { FIELD_COUNT } from '../../../src/indexing/segment/segment-data.js'
import { characterFiles } from '../../../src/static/export/character-files.js'
import { CharacterPostingsBuilder } from '../../../src/static/export/character-postings.js'
import { FieldLengths } from '../../../src/static/export/field-lengths.js'
import { INLINE_LENGTH_DOCUMENTS, termChunks } from '../../../src/static/export/term-chunks.js'
import type { WordPostings } from '../../../src/static/export/word-postings.js'
import { bucketKey, bucketOf, type CharacterPlace } from '../../../src/static/format.js'
import { decodeCharacter, decodePair, decodePairDocs, type PairPlaces, placePairs, planText } from '../../../src/static/read/character-index.js'
import { decodeLengths } from '../../../src/static/read/field-lengths.js'
import { CHUNK_OPTIONS, readTermChunk } from '../../../src/static/read/term-chunk.js'

/*
 * The files of a static export, written and read back: MiniSearch JSON term chunks with the
 * collection's statistics, the binary character index, and the bucket keys files are named by.
 */

const TITLE = 0
const BODY = FIELD_COUNT - 1

/** Postings of a word: [document, frequency in the title, frequency in the body]. */
function postings (rows: Array<[number, number, number]>): WordPostings {
  const frequencies = new Uint32Array(rows.length * FIELD_COUNT)
  rows.forEach(([, title, body], i) => {
    frequencies[i * FIELD_COUNT + TITLE] = title
    frequencies[i * FIELD_COUNT + BODY] = body
  })
  return { docs: Int32Array.from(rows.map(row => row[0])), frequencies, wholeDocs: rows.length, allDocs: rows.length }
}

/** Five documents: words in the title and the body. */
const lengths = new Uint32Array(5 * FIELD_COUNT)
for (let doc = 0; doc < 5; doc++) {
  lengths[doc * FIELD_COUNT + TITLE] = 4 + doc
  lengths[doc * FIELD_COUNT + BODY] = 100 + 10 * doc
}
const statistics = { documents: 1000, averageLengths: [6, 1, 1, 180], lengths }
const words = new Map<string, WordPostings>([
  ['工会', postings([[0, 1, 3], [2, 0, 1], [4, 2, 0]])],
  ['职工', postings([[1, 0, 2], [2, 1, 1]])],
  ['温暖', postings([[3, 0, 5]])],
  ['2024', postings([[0, 0, 1], [1, 0, 1], [2, 0, 1], [3, 0, 1], [4, 0, 1]])],
])
const terms = [...words.keys()].sort()

describe('term chunks', () => {
  it('give back every word\'s documents, frequencies and (a rare word\'s) field lengths through MiniSearch.loadJSON', () => {
    const chunks = [...termChunks(terms, words, statistics, 200)]
    expect(chunks.flatMap(chunk => chunk.terms).sort()).toEqual(terms)
    for (const chunk of chunks) {
      const read = readTermChunk(chunk.json)
      for (const word of chunk.terms) {
        const expected = words.get(word)!
        const got = read.postings(word)!
        expect([...got.docs], word).toEqual([...expected.docs])
        expect([...got.frequencies], word).toEqual([...expected.frequencies])
        const expectedLengths = [...expected.docs].flatMap(doc => [...lengths.subarray(doc * FIELD_COUNT, (doc + 1) * FIELD_COUNT)])
        expect([...got.lengths ?? []], word).toEqual(expectedLengths)
      }
      expect(read.postings('火星')).toBeUndefined()
    }
  })

  it('carry the collection\'s document count and average lengths, so MiniSearch\'s BM25 does not depend on the chunk', () => {
    for (const chunk of termChunks(terms, words, statistics, 200)) {
      const loaded = MiniSearch.loadJSON(chunk.json, CHUNK_OPTIONS)
      expect(loaded.documentCount).toBe(statistics.documents)
      const json = JSON.parse(chunk.json) as { averageFieldLength: number[], serializationVersion: number }
      expect(json.averageFieldLength).toEqual(statistics.averageLengths)
      expect(json.serializationVersion).toBe(2)
    }
  })

  it('leave the lengths of a common word\'s documents to the words files', () => {
    const common = new Map([['的', postings(Array.from({ length: INLINE_LENGTH_DOCUMENTS + 1 }, (_, doc) => [doc, 0, 1] as [number, number, number]))]])
    const many = { ...statistics, lengths: new Uint32Array((INLINE_LENGTH_DOCUMENTS + 1) * FIELD_COUNT).fill(3) }
    const [chunk] = [...termChunks(['的'], common, many, 16_384)]
    expect(readTermChunk(chunk!.json).postings('的')!.lengths).toBeUndefined()
    expect((JSON.parse(chunk!.json) as { fieldLength: object }).fieldLength).toEqual({})
  })

  it('stay near the size asked for, a larger word alone in its chunk', () => {
    const chunks = [...termChunks(terms, words, statistics, 200)]
    expect(chunks.length).toBeGreaterThan(1)
    for (const chunk of chunks) if (chunk.terms.length > 1) expect(chunk.json.length).toBeLessThanOrEqual(200)
    expect([...termChunks(terms, words, statistics, 1_000_000)]).toHaveLength(1)
  })
})

describe('words files', () => {
  it('give back every document\'s lengths per field', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.nat(1_000_000), { minLength: FIELD_COUNT, maxLength: FIELD_COUNT }), { minLength: 1, maxLength: 40 }), documents => {
      const lengths = new FieldLengths()
      for (const fields of documents) fields.forEach((words, f) => { lengths.add(f, words) })
      expect([...decodeLengths(lengths.finish())]).toEqual(documents.flat())
    }), { numRuns: 100 })
  })

  it('start again empty after each file', () => {
    const lengths = new FieldLengths()
    for (let f = 0; f < FIELD_COUNT; f++) lengths.add(f, 1)
    lengths.finish()
    for (let f = 0; f < FIELD_COUNT; f++) lengths.add(f, f + 5)
    expect([...decodeLengths(lengths.finish())]).toEqual(Array.from({ length: FIELD_COUNT }, (_, f) => f + 5))
  })
})

/** Builds the character index of documents (each a list of fields) and reads it back. */
function characterIndex (documents: readonly string[][]): { docsOf: (char: string) => number[], pairDocs: (pair: string) => ReturnType<typeof decodePairDocs>, places: (pair: string) => PairPlaces } {
  const builder = new CharacterPostingsBuilder()
  documents.forEach((fields, doc) => { builder.add(doc, fields) })
  const sorted = (map: ReadonlyMap<string, unknown>): string[] => [...map.keys()].sort()
  const characterPlaces = new Map<string, CharacterPlace>()
  const characterBytes = [...characterFiles(sorted(builder.characters), builder.characters, 64, characterPlaces)].map(file => file.bytes)
  const positionPlaces = new Map<string, CharacterPlace>()
  const positionBytes = [...characterFiles(sorted(builder.positions), builder.positions, 64, positionPlaces)].map(file => file.bytes)
  const empty = { docs: new Int32Array(0), masks: new Uint8Array(0) }
  return {
    docsOf: char => {
      const place = characterPlaces.get(char)
      return place === undefined ? [] : [...decodeCharacter(characterBytes[place[0]]!, place[1], place[2]).docs]
    },
    pairDocs: pair => {
      const place = characterPlaces.get(pair)
      return place === undefined ? { ...empty, counts: new Uint32Array(0) } : decodePairDocs(characterBytes[place[0]]!, place[1], place[2])
    },
    places: pair => {
      const place = positionPlaces.get(pair)
      return place === undefined ? { ...empty, positions: [] } : decodePair(positionBytes[place[0]]!, place[1], place[2])
    },
  }
}

/** grep: the documents with `text` in one of their fields. */
const grep = (documents: readonly string[][], text: string): number[] => documents.flatMap((fields, doc) => fields.some(field => field.includes(text)) ? [doc] : [])

const blank = (body: string, title = ''): string[] => [title, '', '', body]

describe('the character index', () => {
  const documents = [
    blank('哈哈哈，工会为职工送温暖', '工会'),
    blank('2023年职工工会'),
    blank('温暖礼盒'),
    blank('工 会'),
  ]
  const index = characterIndex(documents)

  it('holds the documents of each character and of each pair of a run', () => {
    expect(index.docsOf('工')).toEqual([0, 1, 3])
    expect([...index.pairDocs('工会').docs]).toEqual([0, 1])
    expect([...index.pairDocs('暖礼').docs]).toEqual([2])
    expect(index.docsOf('火')).toEqual([])
  })

  it('counts a pair where it does not overlap itself, per field', () => {
    const pair = index.pairDocs('哈哈')
    expect([...pair.docs]).toEqual([0])
    expect(pair.counts[BODY]).toBe(1)
    const union = index.pairDocs('工会')
    expect(union.counts[0 * FIELD_COUNT + TITLE]).toBe(1)
    expect(union.counts[0 * FIELD_COUNT + BODY]).toBe(1)
  })

  it('places a pair across two runs that touch (3年 of 2023年), never across a space', () => {
    expect([...index.places('3年').docs]).toEqual([1])
    expect([...index.places('工会').docs]).toEqual([0, 1])
    expect([...index.pairDocs('3年').docs]).toEqual([])
  })

  it('finds exactly grep\'s documents for any text of three characters or more, and a superset where it must confirm', () => {
    const alphabet = fc.constantFrom('工', '会', '职', '温', '暖', '2', '0', '年', '，', ' ', 'a')
    const text = (min: number, max: number): fc.Arbitrary<string> => fc.array(alphabet, { minLength: min, maxLength: max }).map(chars => chars.join(''))
    fc.assert(fc.property(fc.array(fc.tuple(text(0, 12), text(0, 40)), { minLength: 1, maxLength: 8 }), text(3, 6), (pairs, needle) => {
      const docs = pairs.map(([title, body]) => blank(body, title))
      const built = characterIndex(docs)
      const plan = planText(needle)
      if (plan === undefined || plan.pairs.length === 0) return
      const places = new Map(plan.pairs.map(({ pair }) => [pair, built.places(pair)] as const))
      let found = [...placePairs(plan, places, 0xff)]
      for (const char of plan.alone) found = found.filter(doc => built.docsOf(char).includes(doc))
      const expected = grep(docs, needle)
      if (plan.confirm) expect(found).toEqual(expect.arrayContaining(expected))
      else expect(found).toEqual(expected)
    }), { numRuns: 300 })
  })
})

describe('bucketKey and bucketOf', () => {
  it('file a term under its first two characters, counting a character outside the BMP as one', () => {
    expect(bucketKey('工会干部')).toBe('工会')
    expect(bucketKey('工')).toBe('工')
    expect(bucketKey('𠀋𠀌x')).toBe('𠀋𠀌')
    expect(bucketKey('')).toBe('')
  })

  it('give every key one bucket in range, the same in every run', () => {
    for (const key of ['工会', '工', '𠀋', 'ab', '']) {
      const bucket = bucketOf(key, 97)
      expect(bucket).toBeGreaterThanOrEqual(0)
      expect(bucket).toBeLessThan(97)
      expect(bucketOf(key, 97)).toBe(bucket)
    }
    // Pinned: an export names its files by these numbers, and a module of another version must find them.
    expect([bucketOf('工会', 4096), bucketOf('工', 4096), bucketOf('ab', 4096)]).toEqual([1806, 608, 1482])
  })
})

