import type { QueryBudget } from '../search/query-budget.js'
import { type CollectionStats, type FetchRequest, type Fetched, type FieldMask, type PairCounts, requestKey, type SearchBackend, type SearchContext, type SearchFilters, type Selection, type StoredDocument, type TermPostings, type QueryAnalyzer, type WordUses } from '../searcher/backend.js'
import { TEXT_FIELDS } from '../types.js'
import type { ClusterConnection } from './cluster-connection.js'
import { type ClusterManifest, DocumentNumbers, manifestStats } from './cluster-manifest.js'
import { pairTokens, parseStoredRow, splitDocumentId } from './cluster-schema.js'
import { exactFrequenciesStatement, facetStatement, filterStatement, FREQUENCY_PACKING, pairDocumentsStatement, readConcatColumns, storedByKeyStatement, storedStatement, textDocumentsStatement, unpackFrequency, wordPostingsStatement } from './cluster-statements.js'
import { completionsMatch, NAMES_INDEX, readVocabularyRows, spelledMatch, vocabularyStatement } from './cluster-vocabulary.js'
import { dateKey, dateToKey, stringKey } from './sphinx-terms.js'
import type { SphinxqlClient } from './sphinxql-client.js'

const FIELD_COUNT = TEXT_FIELDS.length
/** Vocabulary rows asked for first; more only when the head says there are more. */
const VOCABULARY_PAGE = 2000

/** The published state a search reads: the manifest, its document numbers and statistics. */
export interface ClusterGeneration {
  manifest: ClusterManifest
  numbers: DocumentNumbers
  stats: CollectionStats
}

export function clusterGeneration (manifest: ClusterManifest): ClusterGeneration {
  return { manifest, numbers: new DocumentNumbers(manifest.sources), stats: manifestStats(manifest) }
}

/** The shard a document lives on: spread by its place in the corpus (see cluster-writer.ts). */
export function shardOfDocument (fileNo: number, ordinal: number, shards: number): number {
  return (fileNo + ordinal) % shards
}

/**
 * The cluster as a backend of the one query lifecycle (src/searcher/backend.ts): each
 * primitive is a few SphinxQL statements, sent to one replica of every shard at once (one
 * round trip per primitive; a shard's statements split over its connections), answered
 * exactly as the embedded segments answer (cluster-statements.ts). Names of authors and
 * sources, and the vocabulary, come from the head.
 */
export class ClusterBackend implements SearchBackend {
  readonly analyzer: QueryAnalyzer
  private readonly connection: ClusterConnection
  private current: ClusterGeneration
  private names = new Map<string, string>()

  constructor (connection: ClusterConnection, analyzer: QueryAnalyzer, generation: ClusterGeneration) {
    this.connection = connection
    this.analyzer = analyzer
    this.current = generation
  }

  get generation (): ClusterGeneration {
    return this.current
  }

  /** Switches to a newer published generation (searches begun before keep theirs). */
  useGeneration (generation: ClusterGeneration): void {
    if (generation.manifest.generation !== this.current.manifest.generation) this.names = new Map()
    this.current = generation
  }

  begin (): SearchContext {
    return new ClusterSearch(this.connection, this.current, keys => this.namesOf(keys))
  }

  async storedById (id: string): Promise<StoredDocument | undefined> {
    const key = stringKey(id)
    const { numbers } = this.current
    const answers = await Promise.all(this.connection.topology.shards.map((_, shard) => this.connection.onShard(shard, replica => replica.batch([storedByKeyStatement(key)]))))
    for (const answer of answers) {
      for (const row of answer?.value[0] ?? []) {
        if (numbers.number(String(row[0])) < 0) continue
        const document = parseStoredRow(String(row[1]))
        if (document.id === id) return document
      }
    }
    return undefined
  }

  /** Names of facet keys (people, sources), from the head, cached per generation. */
  private async namesOf (keys: readonly string[]): Promise<Map<string, string>> {
    const unknown = keys.filter(key => !this.names.has(key))
    if (unknown.length > 0) {
      const names = this.names
      const rows = await this.connection.head.batch([`SELECT id, value FROM ${NAMES_INDEX} WHERE id IN (${unknown.join(',')}) LIMIT 0, ${unknown.length} OPTION max_matches=${unknown.length}`])
      for (const row of rows[0]!) names.set(String(row[0]), String(row[1]))
    }
    return this.names
  }
}

/** One statement of a round trip, and what reads its rows; sent to every shard, or to `shard` only. */
interface Slot {
  sql: string
  read: (rows: unknown[][]) => void
  shard?: number
}

/** Postings being put together from the shards' rows, then sorted by document number. */
class PostingsBuilder {
  private docs: number[] = []
  private weights: number[] = []
  private lengthsA: string[] = []
  private lengthsB: string[] = []
  private ids: string[] = []

  add (id: string, doc: number, weight: number, lengthsA: string, lengthsB: string): void {
    this.docs.push(doc)
    this.ids.push(id)
    this.weights.push(weight)
    this.lengthsA.push(lengthsA)
    this.lengthsB.push(lengthsB)
  }

  /** The postings; `saturated` gets the ids whose packed frequency reached a cap. */
  finish (mask: FieldMask, saturated: string[]): { postings: TermPostings, idOf: (i: number) => string } {
    const n = this.docs.length
    const order = Array.from({ length: n }, (_, i) => i)
    let sorted = true
    for (let i = 1; i < n && sorted; i++) sorted = this.docs[i - 1]! < this.docs[i]!
    if (!sorted) order.sort((a, b) => this.docs[a]! - this.docs[b]!)
    const docs = new Int32Array(n)
    const frequencies = new Uint32Array(n * FIELD_COUNT)
    const lengths = new Uint32Array(n * FIELD_COUNT)
    order.forEach((from, i) => {
      docs[i] = this.docs[from]!
      const weight = this.weights[from]!
      let capped = false
      for (let f = 0; f < FIELD_COUNT; f++) {
        if ((mask & (1 << f)) === 0) continue
        const frequency = unpackFrequency(weight, f)
        frequencies[i * FIELD_COUNT + f] = frequency
        if (frequency === FREQUENCY_PACKING[f]![1]) capped = true
      }
      if (capped) saturated.push(this.ids[from]!)
      const [title, body] = splitPair(this.lengthsA[from]!)
      const [kicker, byline] = splitPair(this.lengthsB[from]!)
      lengths[i * FIELD_COUNT] = title
      lengths[i * FIELD_COUNT + 1] = kicker
      lengths[i * FIELD_COUNT + 2] = byline
      lengths[i * FIELD_COUNT + 3] = body
    })
    return { postings: { docs, frequencies, lengths }, idOf: i => this.ids[order[i]!]! }
  }
}

/** A BIGINT `high * 2^32 + low` (decimal) as its two halves. */
function splitPair (value: string): [high: number, low: number] {
  if (value.length < 16) {
    const n = Number(value)
    return [Math.floor(n / 4294967296), n % 4294967296]
  }
  const n = BigInt(value)
  return [Number(n >> 32n), Number(n & 0xffffffffn)]
}

/** Sorted, distinct document numbers of id lists (ids of other generations left out). */
function numbersOf (lists: readonly string[][], numbers: DocumentNumbers): Int32Array {
  const docs: number[] = []
  for (const ids of lists) {
    for (const id of ids) {
      const doc = numbers.number(id)
      if (doc >= 0) docs.push(doc)
    }
  }
  return Int32Array.from(docs).sort()
}

/** One search over one generation: the replicas it asks, what it has read. */
class ClusterSearch implements SearchContext {
  private readonly connection: ClusterConnection
  private readonly generation: ClusterGeneration
  private readonly replicas: Array<SphinxqlClient | undefined>
  private readonly missing = new Set<number>()
  private readonly storedCache = new Map<number, StoredDocument>()
  private readonly namesOf: (keys: readonly string[]) => Promise<Map<string, string>>

  constructor (connection: ClusterConnection, generation: ClusterGeneration, namesOf: (keys: readonly string[]) => Promise<Map<string, string>>) {
    this.connection = connection
    this.generation = generation
    this.namesOf = namesOf
    const choice = connection.chooseReplicas()
    this.replicas = choice.replicas
    for (const shard of choice.missing) this.missing.add(shard)
  }

  async stats (): Promise<CollectionStats> {
    return this.generation.stats
  }

  compare (a: number, b: number): number {
    return a - b
  }

  async fetch (request: FetchRequest, budget: QueryBudget): Promise<Fetched> {
    const fetched: Fetched = { words: new Map(), texts: new Map() }
    if (budget.spent()) {
      for (const { word, mask } of request.words) fetched.words.set(requestKey(word, mask), emptyPostings())
      for (const { text, mask } of request.texts) fetched.texts.set(requestKey(text, mask), new Int32Array(0))
      fetched.partial = {}
      return fetched
    }
    const { numbers } = this.generation
    const slots: Slot[] = []
    const builders = request.words.map(() => new PostingsBuilder())
    // A word's whole postings, never restricted by `within`: measured on DuReader, the
    // statements counting a restricted word's statistics cost more than the rows they save.
    request.words.forEach(({ word, mask }, w) => {
      const sql = wordPostingsStatement(this.connection.topology.engineKind, word, mask)
      if (sql === undefined) return
      slots.push({ sql, read: rows => this.readPostings(rows, builders[w]!) })
    })
    const textLists = request.texts.map(() => [] as string[][])
    request.texts.forEach(({ text, mask, within }, t) => {
      const sql = textDocumentsStatement(text, mask, within)
      if (sql !== undefined) slots.push({ sql, read: rows => { if (rows[0] !== undefined) textLists[t]!.push(String(rows[0][1]).split(',')) } })
    })
    await this.roundTrip(slots)

    const saturated: Array<{ w: number, ids: string[] }> = []
    const results = request.words.map((entry, w) => {
      const ids: string[] = []
      const built = builders[w]!.finish(entry.mask, ids)
      if (ids.length > 0) saturated.push({ w, ids })
      return built
    })
    if (saturated.length > 0) await this.exactFrequencies(request, saturated, results)
    request.words.forEach(({ word, mask }, w) => {
      fetched.words.set(requestKey(word, mask), results[w]!.postings)
    })
    request.texts.forEach(({ text, mask }, t) => fetched.texts.set(requestKey(text, mask), numbersOf(textLists[t]!, numbers)))
    if (this.missing.size > 0) fetched.partial = { missingShards: [...this.missing].sort((a, b) => a - b) }
    return fetched
  }

  async pairCounts (pairs: readonly string[], docs: Int32Array, mask: FieldMask): Promise<PairCounts> {
    const tokens = pairs.map(pair => pairTokens(pair)[0]!)
    const pairDocs = pairs.map(() => 0)
    // Two round trips at once: searchd runs no CALL in a multi-statement batch.
    const [stored] = await Promise.all([
      this.stored(docs),
      tokens.length === 0
        ? Promise.resolve()
        : this.roundTrip([{ sql: pairDocumentsStatement(tokens), read: rows => rows.forEach((row, p) => { if (p < pairDocs.length) pairDocs[p]! += Number(row[3] ?? 0) }) }]),
    ])
    const frequencies = new Uint32Array(docs.length * FIELD_COUNT * pairs.length)
    const units = new Uint32Array(docs.length * FIELD_COUNT)
    stored.forEach((document, t) => {
      TEXT_FIELDS.forEach((field, f) => {
        if ((mask & (1 << f)) === 0) return
        const text = document.fields[field].normalized
        units[t * FIELD_COUNT + f] = text.length
        pairs.forEach((pair, p) => { frequencies[(t * FIELD_COUNT + f) * pairs.length + p] = countOccurrences(text, pair) })
      })
    })
    return { pairDocs, frequencies, units }
  }

  async select (docs: Int32Array, scores: Float64Array, filters: SearchFilters, facets: boolean): Promise<Selection> {
    const conditions = {
      ...(filters.author !== undefined ? { person: stringKey(filters.author) } : {}),
      ...(filters.source !== undefined ? { source: stringKey(filters.source) } : {}),
      ...(filters.dateFrom !== undefined ? { fromKey: dateKey(filters.dateFrom) } : {}),
      ...(filters.dateTo !== undefined ? { toKey: dateToKey(filters.dateTo) } : {}),
    }
    let kept = { docs, scores }
    if (Object.keys(conditions).length > 0 && docs.length > 0) {
      const passing = new Set<number>()
      await this.roundTrip(this.byShard(docs, ids => filterStatement(ids, conditions), rows => { for (const row of rows) passing.add(this.generation.numbers.number(String(row[0]))) }))
      const keptDocs: number[] = []
      const keptScores: number[] = []
      docs.forEach((doc, i) => { if (passing.has(doc)) { keptDocs.push(doc); keptScores.push(scores[i]!) } })
      kept = { docs: Int32Array.from(keptDocs), scores: Float64Array.from(keptScores) }
    }
    const selection: Selection = { ...kept, authors: new Map(), sources: new Map() }
    if (!facets || kept.docs.length === 0 || this.generation.manifest.sources.length === 0) return selection
    const counts = { people: new Map<string, number>(), source_key: new Map<string, number>() }
    const values = this.generation.manifest.facetValues
    if (values === 0) return selection
    await this.roundTrip((['people', 'source_key'] as const).flatMap(attribute => this.byShard(kept.docs, ids => facetStatement(attribute, ids, values), rows => {
      for (const row of rows) {
        const key = String(row[0])
        if (key !== '0') counts[attribute].set(key, (counts[attribute].get(key) ?? 0) + Number(row[1]))
      }
    })))
    const names = await this.namesOf([...counts.people.keys(), ...counts.source_key.keys()])
    for (const [key, count] of counts.people) selection.authors.set(names.get(key) ?? key, count)
    for (const [key, count] of counts.source_key) selection.sources.set(names.get(key) ?? key, count)
    return selection
  }

  async stored (docs: Int32Array): Promise<StoredDocument[]> {
    const wanted = Int32Array.from(new Set(Array.from(docs).filter(doc => !this.storedCache.has(doc)))).sort()
    if (wanted.length > 0) {
      await this.roundTrip(this.byShard(wanted, storedStatement, rows => {
        for (const row of rows) this.storedCache.set(this.generation.numbers.number(String(row[0])), parseStoredRow(String(row[1])))
      }))
    }
    return Array.from(docs, doc => {
      const document = this.storedCache.get(doc)
      if (document === undefined) throw new Error(`document ${doc} was not found on its shard`)
      return document
    })
  }

  async completions (normalizedPrefix: string): Promise<Map<string, WordUses>> {
    const words = await this.vocabulary(completionsMatch(normalizedPrefix))
    words.delete(normalizedPrefix)
    return words
  }

  async spelled (kind: 'full' | 'initials', letters: string, prefix: boolean): Promise<Map<string, WordUses>> {
    return this.vocabulary(spelledMatch(kind, letters, prefix))
  }

  /** Every vocabulary row of a MATCH(): a first page, then all of them when the head says there are more. */
  private async vocabulary (match: string): Promise<Map<string, WordUses>> {
    const [rows, meta] = await this.connection.head.batch([vocabularyStatement(match, VOCABULARY_PAGE), 'SHOW META'])
    const total = Number((meta ?? []).find(row => row[0] === 'total_found')?.[1] ?? 0)
    if (total <= VOCABULARY_PAGE) return readVocabularyRows(rows!)
    const [all] = await this.connection.head.batch([vocabularyStatement(match, total)])
    return readVocabularyRows(all!)
  }

  /** A statement per shard over the ids of the documents (of `docs`) that live there. */
  private byShard (docs: Int32Array, statement: (ids: string[]) => string, read: (rows: unknown[][]) => void): Slot[] {
    const shards = this.connection.shardCount
    const ids: string[][] = Array.from({ length: shards }, () => [])
    for (const doc of docs) {
      const id = this.generation.numbers.id(doc)
      const { fileNo, ordinal } = splitDocumentId(id.toString())
      ids[shardOfDocument(fileNo, ordinal, shards)]!.push(id.toString())
    }
    return ids.flatMap((list, shard) => (list.length === 0 ? [] : [{ sql: statement(list), read, shard }]))
  }

  /**
   * Sends the slots' statements to their shards at once, each shard's split over its
   * connections; a shard whose replica fails goes to its next replica, and one with none
   * left is missing from the answer.
   */
  private async roundTrip (allSlots: readonly Slot[]): Promise<void> {
    if (allSlots.length === 0) return
    await Promise.all(this.replicas.map(async (first, shard) => {
      const slots = allSlots.filter(slot => slot.shard === undefined || slot.shard === shard)
      if (first === undefined || slots.length === 0) return
      const answer = await this.connection.onShard(shard, replica => runSplit(replica, slots.map(slot => slot.sql)), first)
      if (answer === undefined) {
        this.replicas[shard] = undefined
        this.missing.add(shard)
        return
      }
      this.replicas[shard] = answer.replica
      answer.value.forEach((rows, i) => slots[i]!.read(rows))
    }))
  }

  private readPostings (rows: unknown[][], builder: PostingsBuilder): void {
    const row = rows[0]
    if (row === undefined) return
    const { numbers } = this.generation
    const [ids, weights, lengthsA, lengthsB] = readConcatColumns(this.connection.topology.engineKind, row, 4, 4)
    for (let i = 0; i < ids!.length; i++) {
      const doc = numbers.number(ids![i]!)
      if (doc >= 0) builder.add(ids![i]!, doc, Number(weights![i]), lengthsA![i]!, lengthsB![i]!)
    }
  }

  /** The exact frequencies of the documents whose packed frequency reached a cap. */
  private async exactFrequencies (request: FetchRequest, saturated: ReadonlyArray<{ w: number, ids: string[] }>, results: ReadonlyArray<{ postings: TermPostings, idOf: (i: number) => string }>): Promise<void> {
    const exact = new Map<string, number[]>()
    const slots = saturated.map(({ w, ids }) => {
      const { word, mask } = request.words[w]!
      const fields = TEXT_FIELDS.flatMap((_, f) => ((mask & (1 << f)) !== 0 ? [f] : []))
      return {
        sql: exactFrequenciesStatement(word, mask, ids),
        read: (rows: unknown[][]) => {
          for (const row of rows) {
            const tf = [0, 0, 0, 0]
            for (const match of String(row[1]).matchAll(/word(\d+)=\(tf=(\d+)/g)) tf[fields[Number(match[1])]!] = Number(match[2])
            exact.set(`${w}:${String(row[0])}`, tf)
          }
        },
      }
    })
    await this.roundTrip(slots)
    for (const { w } of saturated) {
      const { postings, idOf } = results[w]!
      for (let i = 0; i < postings.docs.length; i++) {
        const tf = exact.get(`${w}:${idOf(i)}`)
        if (tf !== undefined) for (let f = 0; f < FIELD_COUNT; f++) postings.frequencies[i * FIELD_COUNT + f] = tf[f]!
      }
    }
  }
}

/** A replica's share of a round trip: the statements in up to two batches on two connections (searchd runs a batch on one thread). */
async function runSplit (replica: SphinxqlClient, statements: readonly string[]): Promise<unknown[][][]> {
  if (statements.length < 2) return replica.batch(statements)
  const half = Math.ceil(statements.length / 2)
  const [first, second] = await Promise.all([replica.batch(statements.slice(0, half)), replica.batch(statements.slice(half))])
  return [...first, ...second]
}

function emptyPostings (): TermPostings {
  return { docs: new Int32Array(0), frequencies: new Uint32Array(0), lengths: new Uint32Array(0) }
}

function countOccurrences (text: string, pair: string): number {
  let count = 0
  for (let at = text.indexOf(pair); at >= 0; at = text.indexOf(pair, at + pair.length)) count++
  return count
}
