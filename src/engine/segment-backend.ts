/**
 * The embedded backend: the seam's primitives (searcher/backend.ts) over the segments of
 * a SegmentedIndex. Each search reads the one state of the index it began on
 * (SegmentedIndex.snapshot), so a write applied while it waits between two primitives is
 * not seen by it; documents are numbered as in that state (segment base + local number).
 */
import type { PinyinKind } from '../analysis/pinyin/pinyin-letters.js'
import type { StoredDocument } from '../analysis/stored-document.js'
import type { IndexState, SegmentedIndex } from '../indexing/segmented-index.js'
import { type FilteredFields, noFilters, passesFilters, type SearchFilters } from '../search/filters.js'
import { type CollectionStats, type FieldMask, type PairCounts, requestKey, type WordUses } from '../search/postings.js'
import type { QueryBudget } from '../search/query-budget.js'
import { countPairs } from '../search/rerank-bigrams.js'
import type { Fetched, FetchRequest, SearchBackend, SearchContext, Selection } from '../searcher/backend.js'
import { FIELD_COUNT } from '../types.js'
import { termPostings, textDocuments } from './segment-matches.js'
import { pairDocuments, spelledWords, wordsWithPrefix } from './segment-vocabulary.js'

/** The embedded backend over an index: every search begins on the index's current state. */
export function segmentBackend (index: SegmentedIndex): SearchBackend {
  return {
    analyzer: index.analyzer,
    begin: () => new SegmentContext(index.snapshot()),
    async storedById (id: string): Promise<StoredDocument | undefined> {
      const address = typeof id === 'string' ? index.find(id) : undefined
      return address === undefined ? undefined : address.segment.segment.storedDocument(address.doc)
    },
  }
}

/** The primitives of one search over one state of the index. */
export class SegmentContext implements SearchContext {
  constructor (readonly state: IndexState) {}

  async stats (): Promise<CollectionStats> {
    return { documents: this.state.size, averageFieldLengths: Array.from({ length: FIELD_COUNT }, (_, f) => this.state.averageFieldLength(f)) }
  }

  /** Every word's whole postings (`within` is not needed here: the documents are in memory) and every text's documents. */
  async fetch (request: FetchRequest, budget: QueryBudget): Promise<Fetched> {
    const fetched: Fetched = { words: new Map(), texts: new Map() }
    for (const { word, mask } of request.words) {
      const key = requestKey(word, mask)
      if (!fetched.words.has(key)) fetched.words.set(key, termPostings(this.state, word, mask, budget))
    }
    for (const { text, mask } of request.texts) {
      const key = requestKey(text, mask)
      // A word's postings hold grep's documents of it (this backend ignores `within`): a
      // text that is also a word asked for is not confirmed against the stored text twice.
      if (!fetched.texts.has(key)) fetched.texts.set(key, fetched.words.get(key)?.docs ?? textDocuments(this.state, text, mask, budget))
    }
    if (budget.ranOut) fetched.partial = {}
    return fetched
  }

  async pairCounts (pairs: readonly string[], docs: Int32Array, mask: FieldMask): Promise<PairCounts> {
    const counts: PairCounts = {
      pairDocs: pairs.map(pair => pairDocuments(this.state, pair)),
      frequencies: new Uint32Array(docs.length * FIELD_COUNT * pairs.length),
      lengths: new Uint32Array(docs.length * FIELD_COUNT),
    }
    docs.forEach((global, t) => {
      const { segment, doc } = this.state.locate(global)
      for (let f = 0; f < FIELD_COUNT; f++) {
        if ((mask & (1 << f)) === 0) continue
        counts.lengths[t * FIELD_COUNT + f] = segment.segment.fieldLength(doc, f)
        const text = segment.segment.fieldText(doc, f)
        if (text === '') continue
        pairs.forEach((pair, p) => { counts.frequencies[(t * FIELD_COUNT + f) * pairs.length + p] = countPairs(text, pair) })
      }
    })
    return counts
  }

  /** The matches whose article passes the filters, and their authors (every person named) and sources, read from the segments' columns. */
  async select (docs: Int32Array, scores: Float64Array, filters: SearchFilters, facets: boolean): Promise<Selection> {
    const selection: Selection = { docs, scores, authors: new Map(), sources: new Map() }
    if (!noFilters(filters)) {
      const kept = new Int32Array(docs.length)
      const keptScores = new Float64Array(docs.length)
      let n = 0
      for (let i = 0; i < docs.length; i++) {
        if (!passesFilters(filters, () => this.filtered(docs[i]!))) continue
        kept[n] = docs[i]!
        keptScores[n++] = scores[i]!
      }
      selection.docs = kept.subarray(0, n)
      selection.scores = keptScores.subarray(0, n)
    }
    if (facets) this.countFacets(selection)
    return selection
  }

  compare (a: number, b: number): number {
    const x = this.state.locate(a)
    const y = this.state.locate(b)
    const xData = x.segment.segment.data
    const yData = y.segment.segment.data
    const fileA = xData.values[xData.fileValues[x.doc]!]!
    const fileB = yData.values[yData.fileValues[y.doc]!]!
    if (fileA !== fileB) return fileA < fileB ? -1 : 1
    const byPosition = xData.ordinals[x.doc]! - yData.ordinals[y.doc]!
    if (byPosition !== 0) return byPosition
    const idA = x.segment.segment.id(x.doc)
    const idB = y.segment.segment.id(y.doc)
    return idA < idB ? -1 : idA > idB ? 1 : 0
  }

  async stored (docs: Int32Array): Promise<StoredDocument[]> {
    return Array.from(docs, global => {
      const { segment, doc } = this.state.locate(global)
      return segment.segment.storedDocument(doc)
    })
  }

  async completions (normalizedPrefix: string): Promise<Map<string, WordUses>> {
    return wordsWithPrefix(this.state, normalizedPrefix)
  }

  async spelled (kind: PinyinKind, letters: string, prefix: boolean): Promise<Map<string, WordUses>> {
    return spelledWords(this.state, kind, letters, prefix)
  }

  /** What the filters read of a document, from its segment's columns. */
  private filtered (global: number): FilteredFields {
    const { segment, doc } = this.state.locate(global)
    const data = segment.segment.data
    const source = data.sourceValues[doc]!
    return {
      people: Array.from(data.peopleValues.subarray(data.peopleStarts[doc]!, data.peopleStarts[doc + 1]!), value => data.values[value]!),
      source: source < 0 ? undefined : data.values[source],
      date: segment.segment.date(doc),
    }
  }

  /** Counts authors and sources over the selection, from the segments' columns: no article is rebuilt for it. */
  private countFacets (selection: Selection): void {
    const { authors, sources } = selection
    for (const global of selection.docs) {
      const { segment, doc } = this.state.locate(global)
      const data = segment.segment.data
      for (let p = data.peopleStarts[doc]!; p < data.peopleStarts[doc + 1]!; p++) {
        const person = data.values[data.peopleValues[p]!]!
        authors.set(person, (authors.get(person) ?? 0) + 1)
      }
      const source = data.sourceValues[doc]!
      if (source >= 0) sources.set(data.values[source]!, (sources.get(data.values[source]!) ?? 0) + 1)
    }
  }
}
