import { createError } from '../../errors.js'
import { TEXT_FIELDS } from '../../types.js'
import { FIELD_COUNT } from '../../indexing/segment/segment-data.js'
import { ByteReader } from '../../indexing/segment/varint.js'
import type { StoredDocument, TermPostings, WordUses } from '../../searcher/backend.js'
import type { ChineseTables } from '../../analysis/normalize/chinese-tables.js'
import { type AttributeChunk, bucketKey, bucketOf, type CharacterPlace, paths, type PinyinBucket, pinyinKey, STATIC_FORMAT_VERSION, type StaticManifest, type StoredChunk, type TermEntry, toPatches, type VocabularyBucket } from '../format.js'
import { createStaticAnalyzer, type StaticAnalyzer } from '../query/static-analyzer.js'
import { type CharacterDocs, decodeCharacter, decodePair, decodePairDocs, type PairDocs, type PairPlaces, placePairs, planText, type TextPlan } from './character-index.js'
import type { IndexFiles } from './index-files.js'
import { decodeLengths } from './field-lengths.js'
import { OnceEach } from './once-each.js'
import { readTermChunk, type TermChunk } from './term-chunk.js'

const ALL_FIELDS = (1 << FIELD_COUNT) - 1
/** A Han text of this many pairs or more (seven characters: questions, rarely found as they are; 中国式现代化, in 1,837 news items, is not one) may be found by its pairs' documents instead of their positions. */
const MIN_RUN_PAIRS = 6
/** At most this many candidates are confirmed against their stored fields (a page of hits reads 10). */
const FEW_CANDIDATES = 24

/** A document's people, source and date. */
export interface DocumentAttributes {
  people: string[]
  source: string | undefined
  date: string
}

/**
 * An export opened for reading: every file fetched once, on demand, and kept. This is
 * where the export's files become what the query lifecycle asks of a backend (see
 * static-backend.ts): postings of words, documents of texts, stored fields, attributes,
 * completions and pinyin.
 */
export class StaticIndex {
  readonly analyzer: StaticAnalyzer
  private readonly buckets = new Map<number, VocabularyBucket>()
  private chineseTables: ChineseTables | undefined
  /**
   * Chunks, postings and documents decoded once: the export never changes, the lifecycle
   * only reads what it is given, and a page asks again for the same words as it pages and as
   * a query is typed (新闻, in every news item: 90 ms again without this, a few with it).
   */
  private readonly decoded = new OnceEach()

  private constructor (readonly files: IndexFiles, readonly manifest: StaticManifest) {
    this.analyzer = createStaticAnalyzer(manifest, { bucketOf: key => this.loadedBucket(key) }, { tables: () => this.chineseTables })
  }

  /** Reads an export's manifest (STATIC_INDEX_UNREADABLE when it is missing or of another format). */
  static async open (files: IndexFiles): Promise<StaticIndex> {
    const manifest = await files.json<StaticManifest>(paths.manifest)
    if (typeof manifest !== 'object' || manifest === null || manifest.format !== STATIC_FORMAT_VERSION) {
      throw createError('STATIC_INDEX_UNREADABLE', files.source.location, `${paths.manifest} is format ${String((manifest as Partial<StaticManifest> | null)?.format)}, this module reads format ${STATIC_FORMAT_VERSION}`)
    }
    return new StaticIndex(files, manifest)
  }

  /** Loads the vocabulary buckets that analyzing these texts and looking up their terms read (and OpenCC's tables first, if they need them). */
  async prepare (texts: Iterable<string>): Promise<void> {
    texts = [...texts]
    await this.prepareTables(texts)
    const keys = new Set<string>()
    for (const text of texts) for (const key of this.analyzer.keysOf(text)) keys.add(key)
    await this.loadBuckets(keys)
  }

  /** Loads OpenCC's tables if normalizing one of these texts needs them (most texts do not). */
  async prepareTables (texts: Iterable<string>): Promise<void> {
    if (this.chineseTables !== undefined || ![...texts].some(text => this.analyzer.needsTables(text))) return
    this.chineseTables = await this.files.json<ChineseTables>(paths.chinese)
  }

  /** What the vocabulary says of a term (undefined: the index has no such term). */
  async term (term: string): Promise<TermEntry | undefined> {
    const key = bucketKey(term)
    await this.loadBuckets([key])
    return this.loadedBucket(key).terms[term]
  }

  /**
   * A word's postings: every document whose masked fields contain its characters (grep),
   * with its frequencies as a word in those fields and the fields' lengths.
   */
  wordPostings (word: string, mask: number): Promise<TermPostings> {
    return this.decoded.get(`word ${mask} ${word}`, async () => await this.readWordPostings(word, mask))
  }

  private async readWordPostings (word: string, mask: number): Promise<TermPostings> {
    // Two fetches in a row (vocabulary; the chunk and the words files its vocabulary entry
    // names) beside grep's documents, not after them.
    const postings = this.term(word).then(async entry => {
      const early = entry?.[5] !== undefined ? this.lengthFilesNumbered(entry[5]) : undefined
      const [chunk] = await Promise.all([entry !== undefined && entry[0] >= 0 ? this.chunk(entry[0]).then(loaded => loaded.postings(word)) : undefined, early])
      if (chunk === undefined) return undefined
      return { chunk, files: chunk.lengths === undefined ? await this.lengthFiles(chunk.docs) : undefined }
    })
    const [docs, found] = await Promise.all([this.textDocs(word, mask), postings])
    const frequencies = new Uint32Array(docs.length * FIELD_COUNT)
    const lengths = new Uint32Array(docs.length * FIELD_COUNT)
    if (found === undefined) return { docs, frequencies, lengths }
    const { chunk, files } = found
    let i = 0
    chunk.docs.forEach((doc, j) => {
      while (i < docs.length && docs[i]! < doc) i++
      if (docs[i] !== doc) return
      const words = files === undefined ? chunk.lengths!.subarray(j * FIELD_COUNT, (j + 1) * FIELD_COUNT) : this.lengthsOf(files, doc)
      for (let f = 0; f < FIELD_COUNT; f++) {
        if ((mask & (1 << f)) === 0) continue
        frequencies[i * FIELD_COUNT + f] = chunk.frequencies[j * FIELD_COUNT + f]!
        lengths[i * FIELD_COUNT + f] = words[f]!
      }
    })
    return { docs, frequencies, lengths }
  }

  /** The documents whose masked fields contain a normalized text (grep's answer), ascending. */
  textDocs (text: string, mask: number): Promise<Int32Array> {
    return this.decoded.get(`text ${mask} ${text}`, async () => await this.readTextDocs(text, mask))
  }

  private async readTextDocs (text: string, mask: number): Promise<Int32Array> {
    const plan = planText(text)
    if (plan === undefined) return new Int32Array(0)
    if (plan.character !== undefined) return withMask(await this.characterDocs(plan.character), mask)
    if (plan.pair !== undefined) return withMask(await this.pairDocs(plan.pair), mask)
    const few = await this.fewByPairDocs(text, plan, mask)
    if (few !== undefined) return few
    let candidates: Int32Array | undefined
    if (plan.pairs.length > 0) candidates = placePairs(plan, await this.placesOf(plan), mask)
    for (const char of plan.alone) {
      const docs = withMask(await this.characterDocs(char), mask)
      candidates = candidates === undefined ? docs : intersect(candidates, docs)
    }
    if (!plan.confirm || candidates === undefined || candidates.length === 0) return candidates ?? new Int32Array(0)
    return await this.confirm(text, candidates, mask)
  }

  /**
   * A long Han text's documents without the positions of its pairs, when their documents
   * cost less to fetch: the documents holding every pair of it, at most FEW_CANDIDATES,
   * confirmed against the stored text (a page reads the stored fields of its hits anyway).
   * A question such as 如何推进高质量发展 is its own exact text too, and the positions of
   * its common pairs (发展: 54 KB) were most of what it fetched. Undefined: use the positions.
   */
  private async fewByPairDocs (text: string, plan: TextPlan, mask: number): Promise<Int32Array | undefined> {
    const pairs = plan.runPairs
    if (pairs === undefined || pairs.length < MIN_RUN_PAIRS) return undefined
    const entries = await Promise.all([...new Set([...pairs, ...plan.pairs.map(({ pair }) => pair)])].map(async pair => [pair, await this.term(pair)] as const))
    const bytes = (place: CharacterPlace | null | undefined): number => place === undefined || place === null ? 0 : place[2] - place[1]
    const found = new Map(entries)
    // A pair no run holds: no document holds the text.
    if (pairs.some(pair => bytes(found.get(pair)?.[3]) === 0)) return new Int32Array(0)
    const docBytes = pairs.reduce((sum, pair) => sum + bytes(found.get(pair)![3]), 0)
    const positionBytes = plan.pairs.reduce((sum, { pair }) => sum + bytes(found.get(pair)?.[4]), 0)
    if (docBytes > positionBytes) return undefined
    let candidates: Int32Array | undefined
    for (const docs of await Promise.all(pairs.map(async pair => withMask(await this.pairDocs(pair), mask)))) candidates = candidates === undefined ? docs : intersect(candidates, docs)
    if (candidates === undefined || candidates.length > FEW_CANDIDATES) return undefined
    return await this.confirm(text, candidates, mask)
  }

  /** The candidates whose masked fields hold the text (their stored fields read). */
  private async confirm (text: string, candidates: Int32Array, mask: number): Promise<Int32Array> {
    if (candidates.length === 0) return candidates
    const stored = await this.stored(candidates)
    return candidates.filter((_, i) => TEXT_FIELDS.some((field, f) => (mask & (1 << f)) !== 0 && stored[i]!.fields[field].normalized.includes(text)))
  }

  /** A character's documents (none when the index has not got it). */
  characterDocs (char: string): Promise<CharacterDocs> {
    return this.decoded.get(`character ${char}`, async () => {
      const place = (await this.term(char))?.[3]
      if (place === undefined || place === null) return { docs: new Int32Array(0), masks: new Uint8Array(0) }
      return decodeCharacter(await this.files.bytes(paths.characters(place[0])), place[1], place[2])
    })
  }

  /** A pair's documents in runs, with its counts (none when the index has not got it). */
  pairDocs (pair: string): Promise<PairDocs> {
    return this.decoded.get(`pair ${pair}`, async () => {
      const place = (await this.term(pair))?.[3]
      if (place === undefined || place === null) return { docs: new Int32Array(0), masks: new Uint8Array(0), counts: new Uint32Array(0) }
      return decodePairDocs(await this.files.bytes(paths.characters(place[0])), place[1], place[2])
    })
  }

  /** A pair's places (none when the index has not got it). */
  pairPlaces (pair: string): Promise<PairPlaces> {
    return this.decoded.get(`places ${pair}`, async () => {
      const place = (await this.term(pair))?.[4]
      if (place === undefined || place === null) return { docs: new Int32Array(0), masks: new Uint8Array(0), positions: [] }
      return decodePair(await this.files.bytes(paths.positions(place[0])), place[1], place[2])
    })
  }

  /** The stored fields of documents, in the order given. */
  async stored (docs: ArrayLike<number>): Promise<StoredDocument[]> {
    const size = this.manifest.storedChunkDocuments
    const numbers = [...new Set(Array.from(docs, doc => Math.floor(doc / size)))]
    const chunks = new Map(await Promise.all(numbers.map(async n => [n, await this.files.json<StoredChunk>(paths.stored(n))] as const)))
    return Array.from(docs, doc => {
      const entry = chunks.get(Math.floor(doc / size))!.documents[doc % size]!
      const [title, kicker, byline, body] = entry.fields.map(field => ({ normalized: field[0], patches: toPatches(field) }))
      return { id: entry.id, fields: { title: title!, kicker: kicker!, byline: byline!, body: body! }, metadata: entry.metadata }
    })
  }

  /** The export number of an article id, or undefined. */
  async documentOf (id: string): Promise<number | undefined> {
    const bucket = await this.files.json<Record<string, number>>(paths.ids(bucketOf(id, this.manifest.buckets.ids)))
    return Object.hasOwn(bucket, id) ? bucket[id] : undefined
  }

  /** Words in each field of documents (`lengths[i * FIELD_COUNT + f]`), in the order given. */
  async fieldLengths (docs: ArrayLike<number>): Promise<Uint32Array> {
    const files = await this.lengthFiles(docs)
    const lengths = new Uint32Array(docs.length * FIELD_COUNT)
    for (let i = 0; i < docs.length; i++) lengths.set(this.lengthsOf(files, docs[i]!), i * FIELD_COUNT)
    return lengths
  }

  /** The words files of documents, decoded to document-major order (d's FIELD_COUNT lengths at `(d % size) * FIELD_COUNT`), by number. */
  private async lengthFiles (docs: ArrayLike<number>): Promise<Map<number, Uint32Array>> {
    const size = this.manifest.lengthChunkDocuments
    return await this.lengthFilesNumbered(new Set(Array.from(docs, doc => Math.floor(doc / size))))
  }

  /** Words files by number, decoded (see lengthFiles). */
  private async lengthFilesNumbered (numbers: Iterable<number>): Promise<Map<number, Uint32Array>> {
    return new Map(await Promise.all([...numbers].map(async n => [n, await this.decoded.get(`words ${n}`, async () => decodeLengths(await this.files.bytes(paths.words(n))))] as const)))
  }

  /** A document's lengths per field, from the files lengthFiles read. */
  private lengthsOf (files: ReadonlyMap<number, Uint32Array>, doc: number): Uint32Array {
    const size = this.manifest.lengthChunkDocuments
    const at = (doc % size) * FIELD_COUNT
    return files.get(Math.floor(doc / size))!.subarray(at, at + FIELD_COUNT)
  }

  /** People, source and date of documents, in the order given (nothing is read when no document has any). */
  async attributes (docs: ArrayLike<number>): Promise<DocumentAttributes[]> {
    const { attributes: has, attributeChunkDocuments: size, values } = this.manifest
    if (!has.people && !has.sources && !has.dates) return Array.from(docs, () => ({ people: [], source: undefined, date: '' }))
    const numbers = [...new Set(Array.from(docs, doc => Math.floor(doc / size)))]
    const chunks = new Map(await Promise.all(numbers.map(async n => [n, await this.files.json<AttributeChunk>(paths.attributes(n))] as const)))
    return Array.from(docs, doc => {
      const chunk = chunks.get(Math.floor(doc / size))!
      const i = doc - chunk.first
      const source = chunk.sources?.[i] ?? -1
      return { people: (chunk.people?.[i] ?? []).map(n => values[n]!), source: source < 0 ? undefined : values[source], date: chunk.dates?.[i] ?? '' }
    })
  }

  /** Index words that start with a normalized prefix (not the prefix itself); a one-character prefix gives its most used words only (TOP_COMPLETIONS). */
  async completions (prefix: string): Promise<Map<string, WordUses>> {
    const words = new Map<string, WordUses>()
    if (prefix === '') return words
    const key = bucketKey(prefix)
    await this.loadBuckets([key])
    const bucket = this.loadedBucket(key)
    if (key === prefix && [...prefix].length === 1) {
      for (const [word, whole, all] of bucket.completions[prefix] ?? []) words.set(word, { whole, all })
      return words
    }
    for (const [term, [, whole, all]] of Object.entries(bucket.terms)) {
      if (all > 0 && term !== prefix && term.startsWith(prefix)) words.set(term, { whole, all })
    }
    return words
  }

  /** The words a pinyin table spells: `letters` exactly, or every key starting with them. */
  async spelled (kind: 'full' | 'initials', letters: string, prefix: boolean): Promise<Map<string, WordUses>> {
    const words = new Map<string, WordUses>()
    if (letters === '' || (prefix && letters.length < 2)) return words
    const bucket = await this.files.json<PinyinBucket>(paths.pinyin(bucketOf(pinyinKey(letters), this.manifest.buckets.pinyin)))
    for (const [key, list] of Object.entries(bucket[kind])) {
      if (key !== letters && !(prefix && key.startsWith(letters))) continue
      for (const [word, whole, all] of list) words.set(word, { whole, all })
    }
    return words
  }

  private async placesOf (plan: TextPlan): Promise<Map<string, PairPlaces>> {
    return new Map(await Promise.all(plan.pairs.map(async ({ pair }) => [pair, await this.pairPlaces(pair)] as const)))
  }

  private chunk (number: number): Promise<TermChunk> {
    return this.decoded.get(`chunk ${number}`, async () => readTermChunk(await this.files.text(paths.terms(number))))
  }

  private async loadBuckets (keys: Iterable<string>): Promise<void> {
    const count = this.manifest.buckets.vocabulary
    const wanted = [...new Set([...keys].map(key => bucketOf(key, count)))].filter(n => !this.buckets.has(n))
    await Promise.all(wanted.map(async n => { this.buckets.set(n, await this.files.json<VocabularyBucket>(paths.vocabulary(n))) }))
  }

  private loadedBucket (key: string): VocabularyBucket {
    const bucket = this.buckets.get(bucketOf(key, this.manifest.buckets.vocabulary))
    if (bucket === undefined) throw new Error(`static index: the vocabulary bucket of ${JSON.stringify(key)} was read before it was loaded`)
    return bucket
  }
}

/** The documents of a character that hold it in a masked field. */
function withMask ({ docs, masks }: CharacterDocs, mask: number): Int32Array {
  if ((mask & ALL_FIELDS) === ALL_FIELDS) return docs
  return docs.filter((_, i) => (masks[i]! & mask) !== 0)
}

function intersect (a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = []
  let j = 0
  for (const doc of a) {
    while (j < b.length && b[j]! < doc) j++
    if (b[j] === doc) out.push(doc)
  }
  return Int32Array.from(out)
}
