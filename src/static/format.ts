/**
 * The static export's files, as the exporter writes them and the browser reads them. An
 * export is a folder any static file server serves: the page at its top, the index under
 * `index/`, every file named from what it holds (no directory to fetch first):
 *
 *   index/manifest.json.gz          StaticManifest: the collection statistics, counts, Jieba's constants
 *   index/chinese.json.gz           ChineseTables: OpenCC's traditional → simplified tables, read only for a text they can change
 *   index/vocabulary/<n>.json.gz    VocabularyBucket: terms, Jieba words and completions by their first one or two characters
 *   index/terms/<n>.json.gz         MiniSearch JSON (MiniSearch.loadJSON): complete postings of some words, short ids = export numbers
 *   index/characters/<n>.bin.gz     the character index: documents of each character and pair (pairs with counts)
 *   index/positions/<n>.bin.gz      where each pair of adjacent characters stands, for exact texts of three or more
 *   index/words/<n>.bin.gz          words in each field of consecutive documents (BM25's lengths, once per document)
 *   index/stored/<n>.json.gz        StoredChunk: the stored fields of consecutive documents
 *   index/ids/<n>.json.gz           article id → document
 *   index/attributes/<n>.json.gz    AttributeChunk: people, source and date of consecutive documents
 *   index/pinyin/<n>.json.gz        PinyinBucket: words by the letters of their pinyin
 *
 * Every index file is gzip-compressed by the exporter and decompressed by the module
 * (DecompressionStream), so what a query fetches is compressed whatever the server does: a
 * plain static server (python -m http.server) sends files as they are. A server that marks
 * .gz files with a Content-Encoding works too (the browser then decompresses them itself):
 * the module decompresses only what starts as gzip.
 *
 * A words file holds varints field by field (TEXT_FIELDS order): the title's of its
 * documents in turn, then the kicker's, the byline's, the body's.
 *
 * Documents are numbered in corpus order (file, position in the file, id), so a smaller
 * number comes first wherever scores tie.
 *
 * Everything here runs in a browser: no Node built-ins.
 */
import type { TextPatch } from '../analysis/normalize/text-patches.js'
import { type Article, TEXT_FIELDS } from '../types.js'

/**
 * Bump when a file of the export changes shape: a module refuses an export of another
 * version. 2: field lengths once per document (index/words), not in every term chunk. 3:
 * OpenCC's tables in a file of their own (index/chinese), read only when a text needs them.
 * 4: no index/units (the question rerank's lengths are words, from index/words).
 */
export const STATIC_FORMAT_VERSION = 4

/** The folder of the index inside an export. */
export const INDEX_FOLDER = 'index'
export const MANIFEST_FILE = 'manifest.json.gz'
export const CHINESE_TABLES_FILE = 'chinese.json.gz'

/**
 * The fields of a term chunk, in MiniSearch's field order: the text fields, holding each
 * word with its frequencies as the index counts them (a Jieba word, a dictionary subword
 * of a longer word, an alphanumeric run), field lengths in words.
 */
export const CHUNK_FIELDS = TEXT_FIELDS

export interface StaticManifest {
  format: typeof STATIC_FORMAT_VERSION
  /** What wrote it: the exporting zhsearch and when. */
  exportedAt: string
  /** The analyzer fingerprint of the exported index: the analysis the browser's stand-in follows. */
  analyzerFingerprint: string
  /** User words of the index's analyzer (normalized), applied over Jieba's cut as the server does. */
  userWords: string[]
  documents: number
  /** Average words per text field (at least 1), TEXT_FIELDS order. */
  averageFieldLengths: number[]
  /** Distinct words of the index. */
  terms: number
  buckets: { vocabulary: number, ids: number, pinyin: number }
  /** Documents per stored, words and attribute chunk: document d is in chunk floor(d / size). */
  storedChunkDocuments: number
  lengthChunkDocuments: number
  attributeChunkDocuments: number
  /** Which attributes any document has: filters and facets need nothing fetched when none does. */
  attributes: { people: boolean, sources: boolean, dates: boolean }
  /** People and sources by number, for AttributeChunk. */
  values: string[]
  /**
   * The synonyms searches expand with (the corpus's synonyms.txt when exported): each
   * normalized term with the terms it also stands for, as SynonymTable reads them.
   */
  synonyms: Record<string, string[]>
  /**
   * The code points a traditional → simplified conversion over the export's tables
   * (index/chinese: OpenCC's, less what no text of the index can need) changes or must see
   * whole, as differences from the one before (fromDeltas). A text holding none of them
   * converts to itself, so most queries never fetch the tables (19 of the news export's
   * 26 KB manifest; 0.3% of its Han characters are among these).
   */
  changing: number[]
  jieba: JiebaHeader
}

/** The numbers of Jieba's model that every cut needs (see analysis/segment/jieba-port.ts). */
export interface JiebaHeader {
  frequencySum: number
  minFrequency: number
  medianFrequency: number
  start: number[]
  transitions: number[]
  userSingleCharacters: string[]
  maxWordLength: number
}

/**
 * What a vocabulary bucket says about an index term: the term chunk with its postings as
 * a word (-1 when it is no word, only characters), how many documents hold it as a whole
 * word and at all, and, for a character or a pair of adjacent characters, where its
 * documents are in the character index and its positions (null where it has none: a pair
 * standing only across two runs has positions only, a character no positions). For a word
 * whose chunk does not carry its documents' lengths (INLINE_LENGTH_DOCUMENTS), the words
 * files they are in, so that they are fetched with the chunk, not after it.
 */
export type TermEntry = [chunk: number, wholeDocs: number, docs: number, characters?: CharacterPlace | null, positions?: CharacterPlace | null, lengthFiles?: number[]]

/** Where a character's or a pair's documents or a pair's positions are: file, first byte, end byte. */
export type CharacterPlace = [file: number, start: number, end: number]

/** A word and how many documents hold it: as a whole word, and at all. */
export type WordCount = [word: string, wholeDocs: number, docs: number]

export interface VocabularyBucket {
  /** Index terms whose first one or two characters hash to this bucket. */
  terms: Record<string, TermEntry>
  /** Jieba's dictionary words likewise, with their frequencies (-1: a user word of no frequency). */
  jieba: Record<string, number>
  /** For a character: its HMM emission log probabilities in B, E, M, S (null where none). */
  emissions: Record<string, Array<number | null>>
  /** For a character: the words that start with it, most used as whole words first (TOP_COMPLETIONS of them). */
  completions: Record<string, WordCount[]>
}

/** How many completions a one-character prefix keeps: its words beyond these are never suggested. */
export const TOP_COMPLETIONS = 100

/** A stored text: normalized, and the patches back to the text as written (start, end, original). */
export type StoredTextEntry = [normalized: string, patches: Array<[number, number, string]>]

/** One document's stored fields. */
export interface StoredEntry {
  id: string
  /** The four text fields, TEXT_FIELDS order. */
  fields: StoredTextEntry[]
  metadata: Omit<Article, 'id' | 'title' | 'kicker' | 'byline' | 'body'>
}

export interface StoredChunk {
  first: number
  documents: StoredEntry[]
}

export interface AttributeChunk {
  first: number
  /** Per document: its people (numbers into StaticManifest.values). */
  people?: number[][]
  /** Per document: its source (a number into values), -1 for none. */
  sources?: number[]
  /** Per document: its date, '' for none. */
  dates?: string[]
}

export interface PinyinBucket {
  full: Record<string, WordCount[]>
  initials: Record<string, WordCount[]>
}

/** The key a term or word is filed under: its first two characters (one for a character). */
export function bucketKey (text: string): string {
  const first = text.codePointAt(0)
  if (first === undefined) return ''
  const width = first > 0xffff ? 2 : 1
  const second = text.codePointAt(width)
  return second === undefined ? text.slice(0, width) : text.slice(0, width + (second > 0xffff ? 2 : 1))
}

/** The bucket of a key: FNV-1a over its UTF-16 units, modulo the number of buckets. */
export function bucketOf (key: string, buckets: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % buckets
}

/** The pinyin bucket key of letters: their first two. */
export function pinyinKey (letters: string): string {
  return letters.slice(0, 2)
}

export const paths = {
  manifest: `${INDEX_FOLDER}/${MANIFEST_FILE}`,
  chinese: `${INDEX_FOLDER}/${CHINESE_TABLES_FILE}`,
  vocabulary: (n: number): string => `${INDEX_FOLDER}/vocabulary/${n}.json.gz`,
  terms: (n: number): string => `${INDEX_FOLDER}/terms/${n}.json.gz`,
  characters: (n: number): string => `${INDEX_FOLDER}/characters/${n}.bin.gz`,
  positions: (n: number): string => `${INDEX_FOLDER}/positions/${n}.bin.gz`,
  words: (n: number): string => `${INDEX_FOLDER}/words/${n}.bin.gz`,
  stored: (n: number): string => `${INDEX_FOLDER}/stored/${n}.json.gz`,
  ids: (n: number): string => `${INDEX_FOLDER}/ids/${n}.json.gz`,
  attributes: (n: number): string => `${INDEX_FOLDER}/attributes/${n}.json.gz`,
  pinyin: (n: number): string => `${INDEX_FOLDER}/pinyin/${n}.json.gz`,
}

/** A stored text as StoredText (patches as objects). */
export function toPatches (entry: StoredTextEntry): TextPatch[] {
  return entry[1].map(([start, end, original]) => ({ start, end, original }))
}
