import { join } from 'node:path'
import { SYNONYMS_FILE } from '../../options.js'
import { readSynonyms, SynonymTable } from '../../analysis/synonyms.js'
import { changingCodePoints, toDeltas } from '../../analysis/normalize/changed-runs.js'
import { keepTablesFor } from '../../analysis/normalize/chinese-tables.js'
import { simplifiedChineseTables } from '../../analysis/normalize/simplified-chinese.js'
import { jiebaModelFiles, readJiebaModel } from '../../analysis/segment/chinese-segmenter.js'
import { loadIndex } from '../../indexing/index-load.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { type CharacterPlace, paths, STATIC_FORMAT_VERSION, type StaticManifest } from '../format.js'
import { exportOrder } from './corpus-order.js'
import { CharacterPostingsBuilder } from './character-postings.js'
import { attributeChunks, idBuckets, pinyinBuckets, pinyinEntries, storedChunks, storedChunkSize } from './document-files.js'
import { ExportFolder } from './export-folder.js'
import { FieldLengths } from './field-lengths.js'
import { parseJiebaModel } from '../../analysis/segment/jieba-model.js'
import { characterFiles } from './character-files.js'
import { siteFiles } from './site-files.js'
import { termChunks } from './term-chunks.js'
import { vocabularyBucketCount, vocabularyBuckets } from './vocabulary-buckets.js'
import { wordPostings } from './word-postings.js'

/**
 * Sizes of the export's files, chosen by measuring the news archive (19,594 items; see
 * docs/static-sites.md): what a first query fetches grows with each, the number of files
 * shrinks. A query reads whole files, never ranges (a plain static server has no Range).
 */
export const EXPORT_SIZES = {
  /** A term chunk: MiniSearch JSON of the words filed together (a larger word is alone). */
  termChunkBytes: 16_384,
  /** A file of the character index (documents of characters and pairs). */
  characterBytes: 16_384,
  /** A positions file. */
  positionBytes: 16_384,
  /** Documents of a words file (a word's postings read the lengths of its documents, the question rerank those of its top ones). */
  lengthDocuments: 4_096,
  /**
   * A vocabulary bucket (a query reads those of its characters and pairs, most of each bucket
   * other keys': 2 KB buckets were 31 KB of 如何推进高质量发展's fetch, 1 KB ones 19 KB, for
   * twice the files and 8% more bytes in the export).
   */
  vocabularyBytes: 1_024,
  /** A stored chunk (a page of hits reads one per hit). */
  storedBytes: 2_048,
  /** Documents of an attribute chunk (filters and facets read those of their matches). */
  attributeDocuments: 2_048,
  /** Ids and pinyin per bucket. */
  idsPerBucket: 256,
  pinyinPerBucket: 256,
} as const

export interface ExportOptions {
  indexDir: string
  outDir: string
  /**
   * A synonyms file (SynonymTable's format) the static searches expand with, as a server
   * loads one. Defaults to `synonyms.txt` of the corpus folder the index was built from,
   * when there is one.
   */
  synonymsFile?: string | undefined
  /** Called as the export goes: a step and, for long ones, how far it is. */
  onProgress?: (step: string, done?: number, total?: number) => void
}

/** What an export wrote. */
export interface ExportSummary {
  outDir: string
  documents: number
  terms: number
  /** Files and bytes by kind (index/terms, index/stored, …, site). */
  files: Record<string, { files: number, bytes: number }>
  totalBytes: number
  /** UTF-8 bytes of the documents' text as the index holds it (normalized, all fields). */
  textBytes: number
  ms: number
}

/**
 * Exports the index in `indexDir` as a static site in `outDir` (see format.ts): the index
 * in chunks any static file server serves, the module that searches them in the browser,
 * and a ready search page. The folder is written beside `outDir` and swapped in when
 * complete; a folder holding anything else than an earlier export is refused
 * (STATIC_DIR_NOT_EMPTY) and left as it is.
 */
export async function exportStatic (options: ExportOptions): Promise<ExportSummary> {
  const started = performance.now()
  const progress = options.onProgress ?? (() => {})
  const folder = await ExportFolder.open(options.outDir)
  try {
    progress('reading the index')
    const { index, manifest } = await loadIndex(options.indexDir)
    const synonymsFile = options.synonymsFile ?? (manifest.corpus !== undefined ? join(manifest.corpus, SYNONYMS_FILE) : undefined)
    const synonyms = synonymsFile === undefined ? SynonymTable.EMPTY : await readSynonyms(synonymsFile, term => index.analyzer.normalizeTerm(term))
    const site = await siteFiles()
    const { documents, numberOf } = exportOrder(index)
    const count = documents.length

    progress('characters and positions', 0, count)
    const characters = new CharacterPostingsBuilder()
    const lengths = new FieldLengths()
    const wordCounts = new Uint32Array(count * FIELD_COUNT)
    const encoder = new TextEncoder()
    let textBytes = 0
    for (const [n, { segment, doc }] of documents.entries()) {
      const fields = Array.from({ length: FIELD_COUNT }, (_, f) => segment.segment.fieldText(doc, f))
      characters.add(n, fields)
      fields.forEach((text, f) => {
        wordCounts[n * FIELD_COUNT + f] = segment.segment.fieldLength(doc, f)
        lengths.add(f, wordCounts[n * FIELD_COUNT + f]!)
        textBytes += encoder.encode(text).length
      })
      if (n % EXPORT_SIZES.lengthDocuments === EXPORT_SIZES.lengthDocuments - 1 || n === count - 1) {
        const file = Math.floor(n / EXPORT_SIZES.lengthDocuments)
        await folder.write('index/words', paths.words(file), lengths.finish())
      }
      if (n % 1000 === 999) progress('characters and positions', n + 1, count)
    }

    progress('word postings')
    const words = wordPostings(index, numberOf)
    const terms = [...new Set([...words.keys(), ...characters.characters.keys(), ...characters.positions.keys()])].sort()
    const statistics = { documents: count, averageLengths: Array.from({ length: FIELD_COUNT }, (_, f) => index.averageFieldLength(f)), lengths: wordCounts }

    progress('term chunks')
    const chunks = new Map<string, number>(terms.map(term => [term, -1]))
    for (const chunk of termChunks(terms, words, statistics, EXPORT_SIZES.termChunkBytes)) {
      for (const term of chunk.terms) chunks.set(term, chunk.number)
      await folder.write('index/terms', paths.terms(chunk.number), chunk.json)
    }
    progress('character index')
    const places = new Map<string, CharacterPlace>()
    for (const file of characterFiles(terms, characters.characters, EXPORT_SIZES.characterBytes, places)) await folder.write('index/characters', paths.characters(file.number), file.bytes)
    const positions = new Map<string, CharacterPlace>()
    for (const file of characterFiles(terms, characters.positions, EXPORT_SIZES.positionBytes, positions)) await folder.write('index/positions', paths.positions(file.number), file.bytes)

    progress('vocabulary')
    const jieba = parseJiebaModel(readJiebaModel(jiebaModelFiles()))
    const vocabulary = { chunks, words, characters: places, positions, jieba, lengthDocuments: EXPORT_SIZES.lengthDocuments }
    const vocabularyCount = vocabularyBucketCount(vocabulary, EXPORT_SIZES.vocabularyBytes)
    let written = 0
    for (const bucket of vocabularyBuckets(vocabulary, vocabularyCount)) await folder.write('index/vocabulary', paths.vocabulary(written++), JSON.stringify(bucket))

    progress('stored fields')
    const storedSize = storedChunkSize(documents, EXPORT_SIZES.storedBytes)
    for (const { number, chunk } of storedChunks(documents, storedSize)) await folder.write('index/stored', paths.stored(number), JSON.stringify(chunk))
    const idCount = Math.max(1, Math.ceil(count / EXPORT_SIZES.idsPerBucket))
    for (const [n, bucket] of idBuckets(documents, idCount).entries()) await folder.write('index/ids', paths.ids(n), JSON.stringify(bucket))
    const attributes = attributeChunks(documents, EXPORT_SIZES.attributeDocuments)
    if (attributes.has.people || attributes.has.sources || attributes.has.dates) {
      for (const [n, chunk] of attributes.chunks.entries()) await folder.write('index/attributes', paths.attributes(n), JSON.stringify(chunk))
    }
    const pinyinCount = Math.max(1, Math.ceil(pinyinEntries(index) / EXPORT_SIZES.pinyinPerBucket))
    for (const [n, bucket] of pinyinBuckets(index, words, pinyinCount).entries()) await folder.write('index/pinyin', paths.pinyin(n), JSON.stringify(bucket))

    const characterSet = new Set<string>()
    for (const term of characters.characters.keys()) if ([...term].length === 1) characterSet.add(term)
    const chineseTables = keepTablesFor(simplifiedChineseTables(), characterSet)
    await folder.write('index/chinese', paths.chinese, JSON.stringify(chineseTables))
    const staticManifest: StaticManifest = {
      format: STATIC_FORMAT_VERSION,
      exportedAt: new Date().toISOString(),
      analyzerFingerprint: manifest.analyzer.fingerprint,
      userWords: index.analyzer.userWords.map(word => index.analyzer.normalizeTerm(word)),
      documents: count,
      averageFieldLengths: [...statistics.averageLengths],
      terms: words.size,
      buckets: { vocabulary: vocabularyCount, ids: idCount, pinyin: pinyinCount },
      storedChunkDocuments: storedSize,
      lengthChunkDocuments: EXPORT_SIZES.lengthDocuments,
      attributeChunkDocuments: EXPORT_SIZES.attributeDocuments,
      attributes: attributes.has,
      values: attributes.values,
      synonyms: Object.fromEntries(synonyms.entries().map(([term, others]) => [term, [...others]])),
      changing: toDeltas(changingCodePoints(chineseTables)),
      jieba: {
        frequencySum: jieba.frequencySum,
        minFrequency: jieba.minFrequency,
        medianFrequency: jieba.medianFrequency,
        start: jieba.start,
        transitions: jieba.transitions,
        userSingleCharacters: jieba.userSingleCharacters,
        maxWordLength: jieba.maxWordLength,
      },
    }
    await folder.write('index/manifest', paths.manifest, JSON.stringify(staticManifest))
    for (const file of site) await folder.write('site', file.name, file.bytes)
    progress('replacing the folder')
    await folder.commit()
    const summary = folder.summary()
    return { outDir: options.outDir, documents: count, terms: words.size, files: summary.files, totalBytes: summary.totalBytes, textBytes, ms: Math.round(performance.now() - started) }
  } catch (error) {
    await folder.abandon()
    throw error
  }
}

