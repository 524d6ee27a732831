import { countPairs } from '../search/rerank-bigrams.js'
import type { QueryBudget } from '../search/query-budget.js'
import { type CollectionStats, type FetchRequest, type Fetched, type FieldMask, type PairCounts, requestKey, type SearchContext, type SearchFilters, type Selection, type StoredDocument, type TermPostings, type WordUses } from '../searcher/backend.js'
import { TEXT_FIELDS } from '../types.js'
import type { ClusterConnection } from './cluster-connection.js'
import { type ClusterGeneration, shardOfDocument } from './cluster-manifest.js'
import { emptyPostings, numbersOf, PostingsBuilder } from './cluster-postings.js'
import { pairTokens, parseStoredRow, splitDocumentId } from './cluster-schema.js'
import { exactFrequenciesStatement, facetStatement, filterStatement, pairDocumentsStatement, readConcatColumns, storedStatement, textDocumentsStatement, wordPostingsStatement } from './cluster-statements.js'
import { completionsMatch, readVocabularyRows, spelledMatch, vocabularyStatement } from './cluster-vocabulary.js'
import { dateKey, dateToKey, stringKey } from './sphinx-terms.js'
import type { SphinxqlClient } from './sphinxql-client.js'

const FIELD_COUNT = TEXT_FIELDS.length
/** Vocabulary rows asked for first; more only when the head says there are more. */
const VOCABULARY_PAGE = 2000

/** One statement of a round trip, and what reads its rows; sent to every shard, or to `shard` only. */
interface Slot {
  sql: string
  read: (rows: unknown[][]) => void
  shard?: number
}

/** One search over one generation: the replicas it asks, what it has read. */
export class ClusterSearch implements SearchContext {
  private readonly connection: ClusterConnection
  private readonly generation: ClusterGeneration
  private readonly replicas: Array<SphinxqlClient | undefined>
  private readonly missing = new Set<number>()
  /** Documents read so far: stored fields, and words per text field (the rerank's lengths). */
  private readonly storedCache = new Map<number, { document: StoredDocument, lengths: number[] }>()
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
      this.storedRows(docs),
      tokens.length === 0
        ? Promise.resolve()
        : this.roundTrip([{ sql: pairDocumentsStatement(tokens), read: rows => rows.forEach((row, p) => { if (p < pairDocs.length) pairDocs[p]! += Number(row[3] ?? 0) }) }]),
    ])
    const frequencies = new Uint32Array(docs.length * FIELD_COUNT * pairs.length)
    const lengths = new Uint32Array(docs.length * FIELD_COUNT)
    stored.forEach(({ document, lengths: fieldLengths }, t) => {
      TEXT_FIELDS.forEach((field, f) => {
        if ((mask & (1 << f)) === 0) return
        lengths[t * FIELD_COUNT + f] = fieldLengths[f] ?? 0
        const text = document.fields[field].normalized
        pairs.forEach((pair, p) => { frequencies[(t * FIELD_COUNT + f) * pairs.length + p] = countPairs(text, pair) })
      })
    })
    return { pairDocs, frequencies, lengths }
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
    return (await this.storedRows(docs)).map(row => row.document)
  }

  /** Documents' rows (stored fields and lengths), in the order asked: one round trip for those not read yet. */
  private async storedRows (docs: Int32Array): Promise<Array<{ document: StoredDocument, lengths: number[] }>> {
    const wanted = Int32Array.from(new Set(Array.from(docs).filter(doc => !this.storedCache.has(doc)))).sort()
    if (wanted.length > 0) {
      await this.roundTrip(this.byShard(wanted, storedStatement, rows => {
        for (const row of rows) this.storedCache.set(this.generation.numbers.number(String(row[0])), { document: parseStoredRow(String(row[1])), lengths: row.slice(2).map(Number) })
      }))
    }
    return Array.from(docs, doc => {
      const row = this.storedCache.get(doc)
      if (row === undefined) throw new Error(`document ${doc} was not found on its shard`)
      return row
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

